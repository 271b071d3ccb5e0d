package org.moca.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into Java code and IJava-style magics, in order.
 *
 * <p>A cell whose first non-blank line starts with {@code %%name args} is a cell magic: that line names it and the
 * rest of the cell is its body. Otherwise every line starting with {@code %name args} is a line magic, run in its
 * place between the Java code around it. (A line starting with {@code %} is never valid Java on its own.)
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
                code.append(line).append('\n');
            }
        }
        flushCode(segments, code);
        return segments;
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
        for (char ch : text.toCharArray()) {
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
