package org.moca.graph;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One topology CSV file read strictly: a header row naming exactly the expected columns (in any order), then one record
 * per line; {@code #} comment lines and blank lines are skipped; cells are trimmed; a cell may be double-quoted to hold
 * a comma ({@code ""} inside quotes is a literal quote). Every accessor that cannot take a cell literally throws a
 * {@link TopologyFormatException} naming file, line and column.
 */
final class CsvTable {

    /** A plain decimal number: no hex floats, no {@code NaN}/{@code Infinity}, no Java suffixes like {@code 1d}. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    /**
     * The largest number a topology may hold (1e12). Far above any real flow per hour in any unit in use (all material
     * extracted worldwide is about 1e10 kg per hour), and far below what breaks the arithmetic: the LP solvers work to
     * relative tolerances of about 1e-9 and HiGHS reads 1e20 as infinite; a demand of 1e308 overflowed the
     * steady-state plan into an "infeasible" LP.
     */
    static final double MAX_NUMBER = 1e12;

    /** One record of the file with its physical line number. */
    record Row(String file, int line, Map<String, String> cells) {

        /** The trimmed cell, {@code ""} when empty. */
        String raw(String column) {
            String v = cells.get(column);
            if (v == null) throw new IllegalStateException("column " + column + " was not declared to the reader");
            return v;
        }

        TopologyFormatException error(String column, String problem) {
            return new TopologyFormatException(file, line, column, problem);
        }

        /** The cell, or {@code null} when empty. */
        String optionalText(String column) {
            String v = raw(column);
            return v.isEmpty() ? null : v;
        }

        String requiredText(String column) {
            String v = raw(column);
            if (v.isEmpty()) throw error(column, "expected a value, got an empty cell");
            return v;
        }

        /** A number >= 0; an empty cell is 0. */
        double nonNegative(String column) {
            String v = raw(column);
            if (v.isEmpty()) return 0;
            double d = number(column, v, "a non-negative number");
            if (!(d >= 0)) throw error(column, "expected a non-negative number, got \"" + v + "\"");
            return d;
        }

        /** A number > 0, required. */
        double positive(String column) {
            String v = requiredText(column);
            double d = number(column, v, "a positive number");
            if (!(d > 0)) throw error(column, "expected a positive number, got \"" + v + "\"");
            return d;
        }

        /** A share in [0, 1]; an empty cell is 0. */
        double share(String column) {
            String v = raw(column);
            if (v.isEmpty()) return 0;
            double d = number(column, v, "a number in [0, 1]");
            if (!(d >= 0 && d <= 1)) throw error(column, "expected a number in [0, 1], got \"" + v + "\"");
            return d;
        }

        /** An integer >= {@code min}; an empty cell is {@code emptyValue} (or an error when that is null). */
        int integerAtLeast(String column, int min, Integer emptyValue) {
            String v = raw(column);
            String expected = min == 0 ? "a non-negative integer" : "an integer >= " + min;
            if (v.isEmpty()) {
                if (emptyValue == null) throw error(column, "expected " + expected + ", got an empty cell");
                return emptyValue;
            }
            if (!INTEGER.matcher(v).matches()) throw error(column, "expected " + expected + ", got \"" + v + "\"");
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw error(column, "expected " + expected + ", got \"" + v + "\"");
            }
            if (n < min || n > Integer.MAX_VALUE) throw error(column, "expected " + expected + ", got \"" + v + "\"");
            return (int) n;
        }

        /**
         * A list {@code material:quantity;material:quantity}; an empty cell is an empty map. Quantities must be positive
         * when {@code strictlyPositive}, otherwise non-negative. Materials must be unique within the cell.
         */
        Map<String, Double> quantities(String column, boolean strictlyPositive) {
            String v = raw(column);
            Map<String, Double> out = new LinkedHashMap<>();
            if (v.isEmpty()) return out;
            String kind = strictlyPositive ? "a positive number" : "a non-negative number";
            for (String entry : v.split(";", -1)) {
                String e = entry.trim();
                int colon = e.indexOf(':');
                if (colon <= 0 || colon == e.length() - 1 || e.indexOf(':', colon + 1) >= 0) {
                    throw error(column, "expected material:quantity entries separated by ';', got \"" + v + "\"");
                }
                String material = e.substring(0, colon).trim();
                String q = e.substring(colon + 1).trim();
                if (!NUMBER.matcher(q).matches()) {
                    throw error(column, "expected " + kind + " for " + material + ", got \"" + q + "\"");
                }
                double d = Double.parseDouble(q);
                if (!Double.isFinite(d) || (strictlyPositive ? !(d > 0) : !(d >= 0))) {
                    throw error(column, "expected " + kind + " for " + material + ", got \"" + q + "\"");
                }
                if (d > MAX_NUMBER) throw error(column, tooLarge(q) + " for " + material);
                if (out.put(material, d) != null)
                    throw error(column, "material " + material + " listed twice in \"" + v + "\"");
            }
            return out;
        }

        private double number(String column, String v, String expected) {
            if (!NUMBER.matcher(v).matches()) throw error(column, "expected " + expected + ", got \"" + v + "\"");
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw error(column, "expected " + expected + ", got \"" + v + "\"");
            if (Math.abs(d) > MAX_NUMBER) throw error(column, tooLarge(v));
            return d;
        }
    }

    private static String tooLarge(String v) {
        return "expected a number of at most 1e12 (no supply chain moves a trillion units of anything per hour, and the"
                + " planners' LP solvers cannot resolve flows beside such numbers), got \"" + v + "\"";
    }

    private final List<Row> rows;

    private CsvTable(List<Row> rows) {
        this.rows = rows;
    }

    List<Row> rows() {
        return rows;
    }

    /**
     * Reads {@code reader} fully; the header must name exactly {@code columns} (any order).
     *
     * @throws TopologyFormatException for a missing or unknown column, a repeated column, a missing header, or a record
     *                                 with a different number of cells than the header
     */
    static CsvTable read(String file, Reader reader, List<String> columns) {
        List<Row> rows = new ArrayList<>();
        List<String> header = null;
        int headerLine = 0;
        try (BufferedReader in = new BufferedReader(reader)) {
            String text;
            int lineNo = 0;
            while ((text = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
                String trimmed = text.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
                List<String> cells = split(file, lineNo, text);
                if (header == null) {
                    header = cells;
                    headerLine = lineNo;
                    checkHeader(file, lineNo, header, columns);
                    continue;
                }
                if (cells.size() != header.size()) {
                    throw new TopologyFormatException(
                            file,
                            lineNo,
                            null,
                            "expected " + header.size() + " cells as in the header, got " + cells.size());
                }
                Map<String, String> map = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) map.put(header.get(i), cells.get(i));
                rows.add(new Row(file, lineNo, Collections.unmodifiableMap(map)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        if (header == null) {
            throw new TopologyFormatException(
                    file, 0, null, "expected a header row " + String.join(",", columns) + ", got an empty file");
        }
        assert headerLine > 0;
        return new CsvTable(List.copyOf(rows));
    }

    private static void checkHeader(String file, int line, List<String> header, List<String> columns) {
        Set<String> seen = new java.util.HashSet<>();
        for (String h : header) {
            if (!seen.add(h)) throw new TopologyFormatException(file, line, h, "column appears twice in the header");
            if (!columns.contains(h)) {
                throw new TopologyFormatException(
                        file,
                        line,
                        h.isEmpty() ? "(empty)" : h,
                        "unknown column; expected the columns " + String.join(",", columns));
            }
        }
        for (String c : columns) {
            if (!seen.contains(c)) {
                throw new TopologyFormatException(
                        file, line, c, "missing column; expected the columns " + String.join(",", columns));
            }
        }
    }

    /** Splits one line on commas outside double quotes and trims each cell. */
    private static List<String> split(String file, int line, String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                cell.setLength(0);
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) throw new TopologyFormatException(file, line, null, "unterminated double quote");
        cells.add(cell.toString().strip());
        return cells;
    }
}
