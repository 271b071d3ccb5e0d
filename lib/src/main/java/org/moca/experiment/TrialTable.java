package org.moca.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.moca.infra.AtomicFiles;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.Scenario;
import org.moca.sim.EpisodeMetrics;
import org.moca.sim.EpisodeTrace;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * The one file format of episode results, shared by experiments, comparisons and notebooks: one row per (method, seed,
 * test family, episode) with the episode's metrics ({@link EpisodeMetrics}), and beside it the per-episode service
 * curves (demand and served units per hour) from which every recovery metric can be recomputed (a window sweep, a new
 * definition). Both are Tablesaw tables written as CSV (the curves gzip-compressed) with a fixed schema, read back
 * with explicit column types: a file whose header is not the schema is an error naming the file and the expected
 * columns, never a silently misread table.
 *
 * <p>Doubles are written in Java's shortest round-trip form, so a table read back equals the one written.
 */
public final class TrialTable {

    /** The columns that say which episode a row is, before the metrics. */
    private static final List<String> KEYS = List.of("method", "seed", "family", "variant", "episode", "onset");

    private static final ColumnType[] KEY_TYPES = {
        ColumnType.STRING, ColumnType.LONG, ColumnType.STRING, ColumnType.STRING, ColumnType.INTEGER, ColumnType.INTEGER
    };

    /**
     * Column names of the metrics whose name is not the snake_case of their {@link EpisodeMetrics} component: the
     * names the tables have always used. Every other component's column is its name in snake_case.
     */
    private static final Map<String, String> NAMES = Map.of(
            "hitHour", "hit_hour",
            "timeToRecover", "ttr_h",
            "recovered", "recovered_48h",
            "recoveredEarly", "recovered_36h",
            "unmetDemand", "unmet",
            "strandedInventory", "stranded");

    private static final RecordComponent[] METRICS = EpisodeMetrics.class.getRecordComponents();

    /**
     * The columns of a trial table, in order: the keys, then one column per {@link EpisodeMetrics} component (a new
     * metric is a new component there, and appears here without a change to this class).
     */
    public static final List<String> COLUMNS;

    private static final ColumnType[] TYPES;

    static {
        List<String> columns = new ArrayList<>(KEYS);
        List<ColumnType> types = new ArrayList<>(List.of(KEY_TYPES));
        for (RecordComponent c : METRICS) {
            columns.add(columnName(c.getName()));
            types.add(typeOf(c.getType()));
        }
        COLUMNS = List.copyOf(columns);
        TYPES = types.toArray(ColumnType[]::new);
    }

    /** The column name of a metric component. */
    public static String columnName(String component) {
        String name = NAMES.get(component);
        return name != null
                ? name
                : component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static ColumnType typeOf(Class<?> type) {
        if (type == double.class) return ColumnType.DOUBLE;
        if (type == int.class) return ColumnType.INTEGER;
        if (type == boolean.class) return ColumnType.BOOLEAN;
        throw new IllegalStateException("EpisodeMetrics components must be double, int or boolean, got " + type);
    }

    /** The columns of a curves table, in order: one row per (family, episode, hour). */
    public static final List<String> CURVE_COLUMNS = List.of("family", "episode", "hour", "demand", "served");

    private static final ColumnType[] CURVE_TYPES = {
        ColumnType.STRING, ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.DOUBLE
    };

    /**
     * One episode's row, as the summary and the paired tests read it.
     *
     * @param method  method name
     * @param seed    the seed of the trained model (the cluster of the intervals)
     * @param family  test family
     * @param variant the scenario's variant within the family
     * @param episode index of the episode in the seed's sample of the family (the pairing key with seed and family)
     * @param onset   onset hour of the disruption
     * @param metrics the episode's metrics
     */
    public record Row(
            String method, long seed, String family, String variant, int episode, int onset, EpisodeMetrics metrics) {
        public Row {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(metrics, "metrics");
        }

        /** This row in another family (for tests and for relabelling a family). */
        public Row withFamily(String name) {
            return new Row(method, seed, name, variant, episode, onset, metrics);
        }

        /** The key under which every method met the same episode (common random numbers). */
        public String pairKey() {
            return seed + "/" + family + "/" + episode;
        }
    }

    private TrialTable() {}

    /** The row of one episode result of {@code method} under {@code seed} in test family {@code family}. */
    public static Row row(String method, long seed, String family, EpisodeRunner.Result result) {
        Scenario s = result.scenario();
        return new Row(method, seed, family, s.variant(), s.index(), s.onset(), result.metrics());
    }

    /** The rows as a Tablesaw table with the fixed schema. */
    public static Table table(List<Row> rows) {
        StringColumn method = StringColumn.create("method"), family = StringColumn.create("family");
        StringColumn variant = StringColumn.create("variant");
        LongColumn seed = LongColumn.create("seed");
        IntColumn episode = IntColumn.create("episode"), onset = IntColumn.create("onset");
        Column<?>[] metrics = new Column<?>[METRICS.length];
        for (int k = 0; k < METRICS.length; k++) {
            String name = columnName(METRICS[k].getName());
            Class<?> type = METRICS[k].getType();
            metrics[k] = type == double.class
                    ? DoubleColumn.create(name)
                    : type == int.class ? IntColumn.create(name) : BooleanColumn.create(name);
        }
        for (Row r : rows) {
            method.append(r.method());
            seed.append(r.seed());
            family.append(r.family());
            variant.append(r.variant());
            episode.append(r.episode());
            onset.append(r.onset());
            for (int k = 0; k < METRICS.length; k++) {
                Object v = component(r.metrics(), METRICS[k]);
                if (metrics[k] instanceof DoubleColumn d) d.append((double) v);
                else if (metrics[k] instanceof IntColumn i) i.append((int) v);
                else ((BooleanColumn) metrics[k]).append((boolean) v);
            }
        }
        Table t = Table.create("trials", method, seed, family, variant, episode, onset);
        t.addColumns(metrics);
        return t;
    }

    /** The rows of a trial table (the inverse of {@link #table}). */
    public static List<Row> rows(Table t) {
        checkSchema(t, COLUMNS, t.name());
        List<Row> out = new ArrayList<>(t.rowCount());
        Class<?>[] types = new Class<?>[METRICS.length];
        for (int k = 0; k < METRICS.length; k++) types[k] = METRICS[k].getType();
        java.lang.reflect.Constructor<EpisodeMetrics> make;
        try {
            make = EpisodeMetrics.class.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("EpisodeMetrics has no canonical constructor", e);
        }
        for (int i = 0; i < t.rowCount(); i++) {
            Object[] values = new Object[METRICS.length];
            for (int k = 0; k < METRICS.length; k++)
                values[k] = t.column(columnName(METRICS[k].getName())).get(i);
            EpisodeMetrics m;
            try {
                m = make.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot rebuild the metrics of row " + i + " of " + t.name(), e);
            }
            out.add(new Row(
                    t.stringColumn("method").get(i),
                    t.longColumn("seed").getLong(i),
                    t.stringColumn("family").get(i),
                    t.stringColumn("variant").get(i),
                    t.intColumn("episode").getInt(i),
                    t.intColumn("onset").getInt(i),
                    m));
        }
        return out;
    }

    /** The value of one metric component of an episode's metrics. */
    static Object component(EpisodeMetrics m, RecordComponent c) {
        try {
            return c.getAccessor().invoke(m);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read metric " + c.getName(), e);
        }
    }

    /** The metric components, in record order (for summaries that average every metric). */
    static RecordComponent[] metricComponents() {
        return METRICS.clone();
    }

    /** The curves of some episodes as a table: one row per (family, episode, hour) with demand and served units. */
    public static Table curves(List<String> families, List<EpisodeRunner.Result> results) {
        if (families.size() != results.size())
            throw new IllegalArgumentException("one family per result: " + families.size() + " vs " + results.size());
        StringColumn family = StringColumn.create("family");
        IntColumn episode = IntColumn.create("episode"), hour = IntColumn.create("hour");
        DoubleColumn demand = DoubleColumn.create("demand"), served = DoubleColumn.create("served");
        for (int k = 0; k < results.size(); k++) {
            EpisodeTrace tr = results.get(k).trace();
            for (int h = 0; h < tr.hours(); h++) {
                family.append(families.get(k));
                episode.append(results.get(k).scenario().index());
                hour.append(h);
                demand.append(tr.demand(h));
                served.append(tr.served(h));
            }
        }
        return Table.create("curves", family, episode, hour, demand, served);
    }

    /** Writes a trial table as CSV, atomically, or stages it into {@code files} when given. */
    public static void write(Table trials, Path file, AtomicFiles.FileSet files) throws IOException {
        checkSchema(trials, COLUMNS, file.toString());
        AtomicFiles.StreamWriter w = out -> csv(trials, new OutputStreamWriter(out, StandardCharsets.UTF_8));
        if (files == null) AtomicFiles.write(file, w);
        else files.add(file, w);
    }

    /** Writes a trial table as the CSV {@link #write} puts in its file (the bytes an engine moves). */
    public static void writeTo(Table trials, OutputStream out) throws IOException {
        checkSchema(trials, COLUMNS, "trial table");
        csv(trials, new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    /** Writes a curves table as gzip-compressed CSV into {@code files}. */
    public static void writeCurves(Table curves, Path file, AtomicFiles.FileSet files) throws IOException {
        checkSchema(curves, CURVE_COLUMNS, file.toString());
        files.add(file, out -> gzipCsv(curves, out));
    }

    /** Writes a curves table as the gzip-compressed CSV {@link #writeCurves} puts in its file. */
    public static void writeCurvesTo(Table curves, OutputStream out) throws IOException {
        checkSchema(curves, CURVE_COLUMNS, "curves table");
        gzipCsv(curves, out);
    }

    private static void gzipCsv(Table curves, OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out);
        csv(curves, new OutputStreamWriter(gz, StandardCharsets.UTF_8));
        gz.finish();
    }

    /** Reads a trial table; the header must be exactly {@link #COLUMNS}. */
    public static Table read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file, COLUMNS, TYPES);
        }
    }

    /** Reads a curves table written by {@link #writeCurves}. */
    public static Table readCurves(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
                Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(r, file, CURVE_COLUMNS, CURVE_TYPES);
        }
    }

    private static void csv(Table t, Writer w) throws IOException {
        t.write().csv(CsvWriteOptions.builder(w).build());
        w.flush();
    }

    private static Table read(Reader r, Path file, List<String> columns, ColumnType[] types) throws IOException {
        String text;
        try (java.io.BufferedReader b = new java.io.BufferedReader(r)) {
            text = b.lines().collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        }
        String header = text.lines().findFirst().orElse("");
        if (!header.equals(String.join(",", columns))) {
            throw new IOException(
                    file + " line 1: expected the header " + String.join(",", columns) + ", got '" + header + "'");
        }
        try {
            Table t = Table.read()
                    .csv(CsvReadOptions.builder(new java.io.StringReader(text))
                            .columnTypes(types)
                            .tableName(file.getFileName().toString())
                            .build());
            checkSchema(t, columns, file.toString());
            return t;
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a valid table with columns " + columns + ": " + e.getMessage(), e);
        }
    }

    private static void checkSchema(Table t, List<String> columns, String where) {
        if (!t.columnNames().equals(columns)) {
            throw new IllegalArgumentException(
                    where + ": expected the columns " + columns + ", got " + t.columnNames());
        }
    }
}
