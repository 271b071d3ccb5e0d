package org.moca.infra;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A configuration file that cannot be loaded, with where and why: the message reads
 * {@code file:line:column: key.path: problem (expected form)} so that editors and terminals can jump to it.
 *
 * <p>An {@link IllegalArgumentException}: bad input, as every other input error of the workbench (the command line
 * reports it in one line with exit code 2).
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String keyPath;
    private final int line;
    private final int column;

    /**
     * @param file    the configuration file
     * @param keyPath dotted key path of the bad entry ("replay.alpha", "stages[2].name"), "" for the whole document
     * @param line    1-based line, 0 when unknown
     * @param column  1-based column, 0 when unknown
     * @param problem what is wrong and what was expected
     * @param cause   the underlying parser or validation error, may be null
     */
    public ConfigException(Path file, String keyPath, int line, int column, String problem, Throwable cause) {
        super(format(file, keyPath, line, column, problem), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.keyPath = Objects.requireNonNull(keyPath, "keyPath");
        this.line = line;
        this.column = column;
    }

    private static String format(Path file, String keyPath, int line, int column, String problem) {
        StringBuilder s = new StringBuilder(String.valueOf(file));
        if (line > 0) s.append(':').append(line).append(':').append(column);
        s.append(": ");
        if (!keyPath.isEmpty()) s.append(keyPath).append(": ");
        return s.append(problem).toString();
    }

    public Path file() {
        return file;
    }

    public String keyPath() {
        return keyPath;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
