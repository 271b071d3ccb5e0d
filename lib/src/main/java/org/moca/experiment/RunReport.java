package org.moca.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The markdown tables of a finished run, read from the files {@code reproduce} writes in its run directory
 * ({@code summary.csv}, {@code paired-tests.csv}, {@code health.csv}): the health table, one results table per family
 * (recoveries with their Wilson and over-seed intervals, unmet demand with its over-seed interval, cost, circularity)
 * and one table of paired tests per family and reference. What {@code moca report} prints, so that a document's
 * tables are regenerated from the run's files, not typed.
 *
 * <p>Numbers are printed as the files hold them, rounded for reading: rates and intervals in whole percent, unmet
 * demand to 0.1 unit, p-values to two significant digits ({@code < 0.001} below it). Nothing is recomputed.
 */
public final class RunReport {

    /** What to include; empty lists mean everything the files hold, in their order. */
    public record Selection(List<String> families, List<String> methods, List<String> references, boolean variants) {
        public Selection {
            families = List.copyOf(Objects.requireNonNull(families, "families"));
            methods = List.copyOf(Objects.requireNonNull(methods, "methods"));
            references = List.copyOf(Objects.requireNonNull(references, "references"));
        }

        /** Everything, without the per-variant rows. */
        public static Selection all() {
            return new Selection(List.of(), List.of(), List.of(), false);
        }
    }

    private RunReport() {}

    /**
     * The report of the run in {@code runDir}.
     *
     * @throws IOException              when a file cannot be read
     * @throws IllegalArgumentException when {@code summary.csv} is missing; naming the file, line and column when a
     *                                  file is not the table it should be; naming a selected family, method or
     *                                  reference the run does not hold
     */
    public static String markdown(Path runDir, Selection selection) throws IOException {
        Objects.requireNonNull(selection, "selection");
        Path summaryFile = runDir.resolve("summary.csv");
        if (!Files.isRegularFile(summaryFile))
            throw new IllegalArgumentException(runDir + ": no summary.csv (not a finished reproduce run directory)");
        List<Map<String, String>> summary = Csv.read(summaryFile);
        Path pairedFile = runDir.resolve("paired-tests.csv"), healthFile = runDir.resolve("health.csv");
        List<Map<String, String>> paired = Files.isRegularFile(pairedFile) ? Csv.read(pairedFile) : List.of();
        List<Map<String, String>> health = Files.isRegularFile(healthFile) ? Csv.read(healthFile) : List.of();

        List<String> families =
                pick("family", selection.families(), distinct(summary, "family", summaryFile), summaryFile.toString());
        List<String> methods =
                pick("method", selection.methods(), distinct(summary, "policy", summaryFile), summaryFile.toString());
        List<String> references = pick(
                "reference",
                selection.references(),
                paired.isEmpty() ? List.of() : distinct(paired, "reference", pairedFile),
                pairedFile.toString());

        StringBuilder out = new StringBuilder();
        if (!health.isEmpty()) {
            out.append("## Health\n\n");
            out.append(
                    "| family | episodes | no-action | oracle | mpc | backup-rule | McNemar p (rule vs MPC) | healthy |"
                            + " problems |\n|---|---|---|---|---|---|---|---|---|\n");
            for (Map<String, String> h : health) {
                String f = get(h, "family", healthFile);
                if (!families.contains(f)) continue;
                out.append(row(
                        f,
                        get(h, "episodes", healthFile),
                        percent(h, "no_action", healthFile),
                        percent(h, "oracle", healthFile),
                        percent(h, "mpc", healthFile),
                        percent(h, "backup_rule", healthFile),
                        pValue(h, "probe_mcnemar_p", healthFile),
                        get(h, "healthy", healthFile),
                        get(h, "problems", healthFile)));
            }
            out.append('\n');
        }
        for (String family : families) {
            out.append("## ").append(family).append("\n\n");
            out.append(
                    "| method | variant | recovered ≤ 48 h | Wilson 95% | over seeds | unmet demand [over seeds] | cost |"
                            + " circularity |\n|---|---|---|---|---|---|---|---|\n");
            for (String method : methods) {
                for (Map<String, String> r : summary) {
                    if (!get(r, "policy", summaryFile).equals(method)
                            || !get(r, "family", summaryFile).equals(family)) continue;
                    String variant = get(r, "variant", summaryFile);
                    if (!variant.equals("all") && !selection.variants()) continue;
                    int episodes = Integer.parseInt(get(r, "episodes", summaryFile));
                    double rate = number(r, "recovered_48h", summaryFile);
                    out.append(row(
                            method,
                            variant,
                            Math.round(rate * episodes) + "/" + episodes + " (" + pct(rate) + ")",
                            interval(
                                    pct(number(r, "r48_ci_low", summaryFile)),
                                    pct(number(r, "r48_ci_high", summaryFile))),
                            interval(
                                    pct(number(r, "r48_seed_ci_low", summaryFile)),
                                    pct(number(r, "r48_seed_ci_high", summaryFile))),
                            units(number(r, "unmet", summaryFile)) + " "
                                    + interval(
                                            units(number(r, "unmet_seed_ci_low", summaryFile)),
                                            units(number(r, "unmet_seed_ci_high", summaryFile))),
                            String.format(Locale.ROOT, "%,.0f", number(r, "cost", summaryFile)),
                            String.format(Locale.ROOT, "%.3f", number(r, "circularity", summaryFile))));
                }
            }
            out.append('\n');
            for (String reference : references) {
                List<String> rows = new ArrayList<>();
                for (Map<String, String> p : paired) {
                    if (!get(p, "family", pairedFile).equals(family)
                            || !get(p, "reference", pairedFile).equals(reference)) continue;
                    String policy = get(p, "policy", pairedFile);
                    if (!methods.contains(policy)) continue;
                    String onlyIt = get(p, "only_policy", pairedFile), onlyRef = get(p, "only_reference", pairedFile);
                    rows.add(row(
                            "`" + policy + "` − `" + reference + "`",
                            onlyIt + "/" + onlyRef
                                    + (onlyIt.equals("0") && onlyRef.equals("0")
                                            ? "" // no discordant pair: nothing to test
                                            : " (p " + pValue(p, "mcnemar_p_holm", pairedFile) + ")"),
                            signed(number(p, "unmet_diff", pairedFile)) + " "
                                    + interval(
                                            signed(number(p, "unmet_diff_ci_low", pairedFile)),
                                            signed(number(p, "unmet_diff_ci_high", pairedFile))),
                            pValue(p, "wilcoxon_p_holm", pairedFile)));
                }
                if (rows.isEmpty()) continue;
                out.append("### ")
                        .append(family)
                        .append(": paired against `")
                        .append(reference)
                        .append("`\n\n| comparison | recovered only by it / only by the reference (McNemar p, Holm) |"
                                + " unmet demand difference [t over seeds] | Wilcoxon p (Holm) |\n|---|---|---|---|\n");
                rows.forEach(out::append);
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> pick(String what, List<String> selected, List<String> present, String file) {
        if (selected.isEmpty()) return present;
        for (String s : selected) {
            if (!present.contains(s))
                throw new IllegalArgumentException(
                        what + " " + s + " is not in " + file + ", expected one of " + present);
        }
        return selected;
    }

    private static List<String> distinct(List<Map<String, String>> rows, String column, Path file) {
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, String> r : rows) seen.add(get(r, column, file));
        return List.copyOf(seen);
    }

    private static String get(Map<String, String> row, String column, Path file) {
        String v = row.get(column);
        if (v == null)
            throw new IllegalArgumentException(file + " line " + row.get(Csv.LINE) + ": no column " + column
                    + " (columns " + columnsOf(row) + ")");
        return v;
    }

    private static List<String> columnsOf(Map<String, String> row) {
        List<String> c = new ArrayList<>(row.keySet());
        c.remove(Csv.LINE);
        return c;
    }

    /** A number, or NaN for an empty cell (a reference the run did not include). */
    private static double number(Map<String, String> row, String column, Path file) {
        String v = get(row, column, file);
        if (v.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + row.get(Csv.LINE) + ", column " + column
                    + ": expected a number, got '" + v + "'");
        }
    }

    private static String percent(Map<String, String> row, String column, Path file) {
        return pct(number(row, column, file));
    }

    private static String pValue(Map<String, String> row, String column, Path file) {
        double p = number(row, column, file);
        if (Double.isNaN(p)) return "—";
        if (p < 0.001) return "< 0.001";
        if (p >= 0.995) return "1";
        return String.format(Locale.ROOT, "%.2g", p);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }

    static String units(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%+.1f", v);
    }

    private static String interval(String low, String high) {
        return "[" + low + ", " + high + "]";
    }

    private static String row(String... cells) {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) b.append(' ').append(c.replace("|", "\\|")).append(" |");
        return b.append('\n').toString();
    }

    /** RFC 4180 CSV with a header line, as Tablesaw writes it: quoted cells may hold commas, quotes and newlines. */
    static final class Csv {
        /** The key under which each row keeps its line number in the file (1 is the header). */
        static final String LINE = "\u0000line";

        private Csv() {}

        static List<Map<String, String>> read(Path file) throws IOException {
            String text = Files.readString(file);
            List<List<String>> records = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            int line = 1, recordLine = 1;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        if (c == '\n') line++;
                        cell.append(c);
                    }
                } else if (c == '"' && cell.length() == 0) {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                    cells.add(cell.toString());
                    cell.setLength(0);
                    records.add(cells);
                    lines.add(recordLine);
                    cells = new ArrayList<>();
                    recordLine = ++line;
                } else {
                    cell.append(c);
                }
            }
            if (quoted) throw new IllegalArgumentException(file + " line " + recordLine + ": a quote is never closed");
            if (cell.length() > 0 || !cells.isEmpty()) {
                cells.add(cell.toString());
                records.add(cells);
                lines.add(recordLine);
            }
            if (records.isEmpty()) throw new IllegalArgumentException(file + ": empty, expected a header line");
            List<String> header = records.get(0);
            List<Map<String, String>> rows = new ArrayList<>();
            for (int r = 1; r < records.size(); r++) {
                List<String> rec = records.get(r);
                if (rec.size() == 1 && rec.get(0).isEmpty()) continue; // a blank line
                if (rec.size() != header.size())
                    throw new IllegalArgumentException(file + " line " + lines.get(r) + ": " + rec.size()
                            + " cells, expected " + header.size() + " (" + String.join(",", header) + ")");
                Map<String, String> row = new LinkedHashMap<>();
                for (int k = 0; k < header.size(); k++) row.put(header.get(k), rec.get(k));
                row.put(LINE, Integer.toString(lines.get(r)));
                rows.add(row);
            }
            return rows;
        }
    }
}
