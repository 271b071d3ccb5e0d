package org.moca.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.moca.agent.ContinualScores;
import org.moca.infra.AtomicFiles;
import org.moca.viz.Tables;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The continual experiment's files under its run directory, written and read through Tablesaw, every one atomically
 * ({@link AtomicFiles}: a reader sees the old file or the whole new one).
 *
 * <ul>
 *   <li>{@code trials/<arm>__seed<k>.csv}: the loss matrix of one trial: columns {@code row}, {@code disruption_family}
 *   and one per family; a {@code start} row (the meta-parameters), then one row per disruption. Its existence marks a
 *   finished trial, so it is written last.</li>
 *   <li>{@code closed-loop/<arm>__seed<k>.csv}: columns {@code row} (the disruption, or {@code final}),
 *   {@code family}, {@code episodes}, {@code recovered}, {@code fulfilled_share}; only a header when closed loop is
 *   off.</li>
 * </ul>
 *
 * <p>The tables computed from the trial files ({@link ContinualSummary}) are written by {@link ContinualExperiment}.
 *
 * <p>A trial file that does not fit the config (other families, another stream) is an {@link IllegalArgumentException}
 * naming the file and what was expected, never silently mixed into the summary.
 */
final class ContinualFiles {

    static final String START = "start";
    static final String FINAL = "final";

    private final Path runDir;
    private final ContinualConfig config;

    ContinualFiles(Path runDir, ContinualConfig config) {
        this.runDir = Objects.requireNonNull(runDir, "runDir");
        this.config = Objects.requireNonNull(config, "config");
    }

    Path trialFile(String arm, long seed) {
        return runDir.resolve("trials").resolve(arm + "__seed" + seed + ".csv");
    }

    Path closedLoopFile(String arm, long seed) {
        return runDir.resolve("closed-loop").resolve(arm + "__seed" + seed + ".csv");
    }

    boolean finished(String arm, long seed) {
        return Files.exists(trialFile(arm, seed));
    }

    /** True when any trial file exists (the run directory holds results). */
    boolean hasTrials() throws IOException {
        Path trials = runDir.resolve("trials");
        if (!Files.isDirectory(trials)) return false;
        try (Stream<Path> s = Files.list(trials)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".csv"));
        }
    }

    /**
     * Writes a trial as one file set: both files are staged, then renamed in order, the closed-loop file first and the
     * loss matrix, the marker of a finished trial, last.
     */
    void write(String arm, long seed, ContinualTrial trial) throws IOException {
        write(arm, seed, lossCsv(trial), closedLoopCsv(trial));
    }

    /** Writes a trial from its two files' text ({@link #lossCsv}, {@link #closedLoopCsv}), as one file set. */
    void write(String arm, long seed, String lossCsv, String closedLoopCsv) throws IOException {
        try (AtomicFiles.FileSet files = AtomicFiles.fileSet()) {
            files.addString(closedLoopFile(arm, seed), closedLoopCsv);
            files.addString(trialFile(arm, seed), lossCsv);
            files.commit();
        }
    }

    /** The text of a trial's loss-matrix file. */
    static String lossCsv(ContinualTrial trial) {
        return Tables.csv(lossTable(trial));
    }

    /** The text of a trial's closed-loop file. */
    static String closedLoopCsv(ContinualTrial trial) {
        return Tables.csv(closedLoopTable(trial));
    }

    /** Reads a finished trial back. */
    ContinualTrial read(String arm, long seed) throws IOException {
        Path file = trialFile(arm, seed);
        List<String> families = config.families();
        int t = config.disruptions(), nf = families.size();
        ColumnType[] types = new ColumnType[2 + nf];
        types[0] = ColumnType.STRING;
        types[1] = ColumnType.STRING;
        for (int f = 0; f < nf; f++) types[2 + f] = ColumnType.DOUBLE;
        Table loss = read(file, types);
        List<String> header = new ArrayList<>(List.of("row", "disruption_family"));
        header.addAll(families);
        expect(file, "columns", header, loss.columnNames());
        expect(file, "rows", 1 + t, loss.rowCount());
        expect(file, "row 1 label", START, loss.stringColumn(0).get(0));
        double[] start = row(loss, 0, nf);
        double[][] matrix = new double[t][];
        int[] stream = new int[t];
        for (int i = 0; i < t; i++) {
            stream[i] = config.familyOf(i);
            expect(
                    file,
                    "row " + (i + 2) + " label",
                    Integer.toString(i),
                    loss.stringColumn(0).get(i + 1));
            expect(
                    file,
                    "row " + (i + 2) + " family",
                    families.get(stream[i]),
                    loss.stringColumn(1).get(i + 1));
            matrix[i] = row(loss, i + 1, nf);
        }
        Path closedFile = closedLoopFile(arm, seed);
        Table closed = read(closedFile, new ColumnType[] {
            ColumnType.STRING, ColumnType.STRING, ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.DOUBLE
        });
        expect(
                closedFile,
                "columns",
                List.of("row", "family", "episodes", "recovered", "fulfilled_share"),
                closed.columnNames());
        List<ContinualClosedLoop.Outcome> afterEach = new ArrayList<>(), atEnd = new ArrayList<>();
        if (closed.rowCount() > 0) {
            expect(closedFile, "rows", t + nf, closed.rowCount());
            for (int r = 0; r < t + nf; r++) {
                boolean last = r >= t;
                expect(
                        closedFile,
                        "row " + (r + 2) + " label",
                        last ? FINAL : Integer.toString(r),
                        closed.stringColumn(0).get(r));
                expect(
                        closedFile,
                        "row " + (r + 2) + " family",
                        families.get(last ? r - t : stream[r]),
                        closed.stringColumn(1).get(r));
                (last ? atEnd : afterEach)
                        .add(new ContinualClosedLoop.Outcome(
                                closed.intColumn(2).getInt(r),
                                closed.intColumn(3).getInt(r),
                                closed.doubleColumn(4).getDouble(r)));
            }
        }
        return new ContinualTrial(start, new ContinualScores(families, stream, matrix), afterEach, atEnd);
    }

    private static Table read(Path file, ColumnType[] types) throws IOException {
        try {
            // only an empty cell is missing: Tablesaw's default would also read "NA" or "-" as missing
            return Table.read()
                    .csv(CsvReadOptions.builder(file.toFile())
                            .columnTypes(types)
                            .missingValueIndicator("")
                            .build());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    file + ": not a continual-experiment table of " + types.length + " columns: " + e.getMessage(), e);
        }
    }

    private static void expect(Path file, String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException(file + ": " + what + " " + actual + ", expected " + expected
                    + " (written by another configuration? use another --run or delete the run directory)");
        }
    }

    private static double[] row(Table table, int r, int nf) {
        double[] out = new double[nf];
        for (int f = 0; f < nf; f++) out[f] = table.doubleColumn(2 + f).getDouble(r);
        return out;
    }

    /** A trial's loss matrix as written: the start row, then one row per disruption. */
    private static Table lossTable(ContinualTrial trial) {
        ContinualScores s = trial.scores();
        StringColumn label = StringColumn.create("row"), family = StringColumn.create("disruption_family");
        label.append(START);
        family.append("");
        for (int i = 0; i < s.length(); i++) {
            label.append(Integer.toString(i));
            family.append(s.families().get(s.stream()[i]));
        }
        Table table = Table.create("loss", label, family);
        for (int f = 0; f < s.families().size(); f++) {
            DoubleColumn c = DoubleColumn.create(s.families().get(f));
            c.append(trial.start()[f]);
            for (int i = 0; i < s.length(); i++) c.append(s.loss()[i][f]);
            table.addColumns(c);
        }
        return table;
    }

    private static Table closedLoopTable(ContinualTrial trial) {
        ContinualScores s = trial.scores();
        StringColumn label = StringColumn.create("row"), family = StringColumn.create("family");
        IntColumn episodes = IntColumn.create("episodes"), recovered = IntColumn.create("recovered");
        DoubleColumn share = DoubleColumn.create("fulfilled_share");
        for (int r = 0; r < trial.afterEach().size() + trial.atEnd().size(); r++) {
            boolean last = r >= trial.afterEach().size();
            ContinualClosedLoop.Outcome o =
                    last ? trial.atEnd().get(r - s.length()) : trial.afterEach().get(r);
            label.append(last ? FINAL : Integer.toString(r));
            family.append(s.families().get(last ? r - s.length() : s.stream()[r]));
            episodes.append(o.episodes());
            recovered.append(o.recovered());
            share.append(o.fulfilledShare());
        }
        return Table.create("closed-loop", label, family, episodes, recovered, share);
    }
}
