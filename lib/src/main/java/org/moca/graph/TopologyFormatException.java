package org.moca.graph;

/**
 * A topology file that cannot be loaded as it is: names the file, the line number and the field (column) at fault.
 *
 * <p>The message reads like {@code lanes.csv line 7, field capacity: expected a non-negative number, got "-3"}. The
 * loader repairs nothing silently: every value it cannot take literally is an error of this kind.
 */
public final class TopologyFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String field;
    private final String problem;

    /**
     * @param file    file name, e.g. {@code lanes.csv}
     * @param line    1-based physical line number in the file, 0 when the whole file is at fault (e.g. it is missing)
     * @param field   column name, {@code null} when the whole line is at fault
     * @param problem what is wrong and what was expected
     */
    public TopologyFormatException(String file, int line, String field, String problem) {
        super(format(file, line, field, problem));
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    private static String format(String file, int line, String field, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) sb.append(" line ").append(line);
        if (field != null) sb.append(", field ").append(field);
        return sb.append(": ").append(problem).toString();
    }

    /** The file name at fault, e.g. {@code lanes.csv}. */
    public String file() {
        return file;
    }

    /** The 1-based line number at fault, or 0 when the whole file is. */
    public int line() {
        return line;
    }

    /** The column at fault, or {@code null} when the whole line or file is. */
    public String field() {
        return field;
    }

    /** The problem alone, without the location. */
    public String problem() {
        return problem;
    }
}
