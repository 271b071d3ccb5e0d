package org.moca.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into Java code and IJava-style magics, in order.
 *
 * <p>A cell whose first non-blank line starts with {@code %%name args} is a cell magic: that line names it and the
 * rest of the cell is its body. Otherwise every line starting with {@code %name args} is a line magic, run in its
 * place between the Java code around it. (A line starting with {@code %} is never valid Java on its own.)
 *
 * <p>As in IJava, a line magic can also be the value of an assignment: {@code List<String> added = %jars lib/*.jar}
 * becomes the Java code {@code List<String> added = lineMagic("jars", List.of("lib/*.jar"));}, where
 * {@code lineMagic} (imported in every notebook) runs the magic and returns its value. Only a {@code %} right after
 * {@code =} (and white space) outside a string literal counts, so {@code a % b} and {@code x %= 2} stay Java.
 */
public final class CellParser {
    private CellParser() {}

    /** What a piece of a cell is. */
    public enum Kind {
        CODE,
        LINE_MAGIC,
        CELL_MAGIC
    }

    /**
     * One piece of a cell.
     *
     * @param kind  code, line magic or cell magic
     * @param name  the magic's name ({@code null} for code)
     * @param args  the magic's arguments, shell-style split ({@code "a b" c} is two arguments)
     * @param body  the Java source for code, the body for a cell magic, empty for a line magic
     */
    public record Segment(Kind kind, String name, List<String> args, String body) {}

    /** The segments of {@code cell}, in the order they run. */
    public static List<Segment> parse(String cell) {
        String stripped = cell.stripLeading();
        if (stripped.startsWith("%%")) {
            int eol = stripped.indexOf('\n');
            String header = eol < 0 ? stripped.substring(2) : stripped.substring(2, eol);
            String body = eol < 0 ? "" : stripped.substring(eol + 1);
            List<String> words = tokenize(header);
            if (words.isEmpty()) {
                throw new IllegalArgumentException("a cell magic needs a name after %%");
            }
            return List.of(new Segment(Kind.CELL_MAGIC, words.get(0), words.subList(1, words.size()), body));
        }
        List<Segment> segments = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        for (String line : cell.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("%") && trimmed.length() > 1) {
                flushCode(segments, code);
                List<String> words = tokenize(trimmed.substring(1));
                segments.add(new Segment(Kind.LINE_MAGIC, words.get(0), words.subList(1, words.size()), ""));
            } else {
                code.append(magicAsExpression(line)).append('\n');
            }
        }
        flushCode(segments, code);
        return segments;
    }

    private static final java.util.regex.Pattern ASSIGNED_MAGIC =
            java.util.regex.Pattern.compile("^(.*[^=!<>+\\-*/%&|^]=)\\s*%([A-Za-z_][A-Za-z0-9_]*)(.*)$");

    /** {@code x = %magic args} as {@code x = lineMagic("magic", List.of("args"));}; other lines unchanged. */
    static String magicAsExpression(String line) {
        java.util.regex.Matcher m = ASSIGNED_MAGIC.matcher(line);
        if (!m.matches() || insideString(m.group(1))) {
            return line;
        }
        String rest = m.group(3).strip();
        if (rest.endsWith(";")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        StringBuilder call = new StringBuilder(m.group(1)).append(" lineMagic(").append(literal(m.group(2)));
        call.append(", List.of(");
        List<String> args = tokenize(rest);
        for (int i = 0; i < args.size(); i++) {
            call.append(i == 0 ? "" : ", ").append(literal(args.get(i)));
        }
        return call.append("));").toString();
    }

    private static boolean insideString(String prefix) {
        boolean inString = false;
        for (int i = 0; i < prefix.length(); i++) {
            char ch = prefix.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '"') {
                inString = !inString;
            }
        }
        return inString;
    }

    /** {@code text} as a Java string literal. */
    static String literal(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        s.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        s.append(ch);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    private static void flushCode(List<Segment> segments, StringBuilder code) {
        if (!code.toString().isBlank()) {
            segments.add(new Segment(Kind.CODE, null, List.of(), code.toString()));
        }
        code.setLength(0);
    }

    /** Splits magic arguments on white space, keeping single- or double-quoted runs together. */
    public static List<String> tokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    word.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed quote in: " + text);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
