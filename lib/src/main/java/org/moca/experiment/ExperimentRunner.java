package org.moca.experiment;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.moca.agent.Training;
import org.moca.graph.ReferenceNetworks;
import org.moca.infra.AtomicFiles;
import org.moca.infra.ProgressListener;
import org.moca.infra.ProgressTracker;
import org.moca.infra.Provenance;
import org.moca.infra.Stats;
import org.moca.meta.LearningTask;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.EpisodeMetrics;
import org.moca.viz.Charts;
import org.moca.viz.Tables;
import org.nd4j.linalg.api.buffer.DataType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Runs an {@link ExperimentConfig}: for every seed and method, trains the method (once per seed) and evaluates it on the
 * seed's test episodes; writes one CSV per finished trial, then the summary table, plots and {@code provenance.json}.
 *
 * <p>Results layout: {@code <root>/<experiment>/<run>/trials/<method>__seed<k>.csv} (one row per test episode),
 * {@code curves/<method>__seed<k>.csv} (mean service curve), {@code summary.csv}, {@code recovery-rate.png},
 * {@code service-curves.png}, {@code ttr.png}, {@code provenance.json}. Every file is written atomically. A run that was
 * killed resumes where it stopped: trials whose CSV exists are not redone, and the summary is always computed from the
 * trial files, so a resumed run ends with the same table as an uninterrupted one.
 */
public final class ExperimentRunner {

    /** Deployment expert and training labeller: the MPC (honest) and the oracle (perfect information). */
    public record Experts(Supplier<RecoveryPolicy> mpc, Supplier<RecoveryPolicy> oracle) {}

    private final ExperimentConfig config;
    private final Path runDir;
    private final Experts experts;

    public ExperimentRunner(ExperimentConfig config, Path resultsRoot, String runId, Experts experts) {
        this.config = Objects.requireNonNull(config, "config");
        this.runDir = resultsRoot.resolve(config.name()).resolve(Objects.requireNonNull(runId, "runId"));
        this.experts = Objects.requireNonNull(experts, "experts");
    }

    public Path runDir() {
        return runDir;
    }

    /** Trial file of (method, seed). */
    public Path trialFile(String method, long seed) {
        return runDir.resolve("trials").resolve(method + "__seed" + seed + ".csv");
    }

    /**
     * Runs what is missing and writes the summary.
     *
     * @param maxTrials stop after this many newly run trials (for tests of resumption); {@code Integer.MAX_VALUE} for all
     * @return the summary table (null if stopped early)
     */
    public Table run(int maxTrials, ProgressListener listener) throws IOException {
        Instant start = Instant.now();
        Files.createDirectories(runDir.resolve("trials"));
        Files.createDirectories(runDir.resolve("curves"));
        Testbed bed = Testbed.of(ReferenceNetworks.resolve(config.topology(), "topology"));
        ScenarioFamily train = ScenarioFamilies.resolve(config.trainFamily(), "trainFamily"),
                test = ScenarioFamilies.resolve(config.testFamily(), "testFamily");
        long total = (long) config.seeds().size() * config.methods().size();
        int ran = 0;
        try (ProgressTracker bar = new ProgressTracker(config.name(), total, listener)) {
            for (long seed : config.seeds()) {
                List<Episode> testEpisodes = null;
                Methods.Context ctx = new Methods.Context(
                        bed, config, seed, memo(() -> trainingTasks(bed, train, seed)), experts.mpc());
                for (String method : config.methods()) {
                    if (Files.exists(trialFile(method, seed))) {
                        bar.step();
                        continue;
                    }
                    if (ran >= maxTrials) return null;
                    if (testEpisodes == null)
                        testEpisodes = bed.episodes(test, config.testEpisodes(), seed * 1_000_003L + 17);
                    Supplier<RecoveryPolicy> factory = method.equals("oracle")
                            ? experts.oracle()
                            : Methods.recipe(method).prepare(ctx);
                    runTrial(bed.runner(), method, seed, testEpisodes, factory);
                    ran++;
                    bar.step();
                }
            }
        }
        Table summary = summarize();
        writeOutputs(summary, bed, test, start);
        return summary;
    }

    private static <T> Supplier<T> memo(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                return value != null ? value : (value = s.get());
            }
        };
    }

    private List<LearningTask> trainingTasks(Testbed bed, ScenarioFamily family, long seed) {
        List<Episode> eps = bed.episodes(family, config.trainEpisodes(), seed);
        return Training.tasks(
                bed.runner(),
                eps,
                experts.oracle(),
                config.supportHours(),
                bed.criteria().windowHours(),
                DataType.FLOAT,
                null);
    }

    static final String HEADER =
            "method,seed,episode,variant,recovered_48h,recovered_36h,ttr_h,hit_hour,demand,fulfilled,unmet,"
                    + "resilience_loss,circularity,virgin_share,leakage,cost,stranded";

    private void runTrial(
            EpisodeRunner runner, String method, long seed, List<Episode> episodes, Supplier<RecoveryPolicy> factory)
            throws IOException {
        StringBuilder rows = new StringBuilder(HEADER).append('\n');
        double[] curve = null;
        for (Episode e : episodes) {
            EpisodeRunner.Result r = runner.run(e, factory.get());
            EpisodeMetrics m = r.metrics();
            rows.append(String.join(
                            ",",
                            method,
                            Long.toString(seed),
                            Integer.toString(e.scenario().index()),
                            e.scenario().variant(),
                            Boolean.toString(m.recovered()),
                            Boolean.toString(m.recoveredEarly()),
                            Integer.toString(m.timeToRecover()),
                            Integer.toString(m.hitHour()),
                            num(m.demand()),
                            num(m.fulfilled()),
                            num(m.unmetDemand()),
                            num(m.resilienceLoss()),
                            num(m.circularity()),
                            num(m.virginShare()),
                            num(m.leakage()),
                            num(m.cost()),
                            num(m.strandedInventory())))
                    .append('\n');
            double[] s = r.trace().serviceCurve();
            if (curve == null) curve = new double[s.length];
            for (int t = 0; t < Math.min(s.length, curve.length); t++) curve[t] += s[t] / episodes.size();
        }
        StringBuilder c = new StringBuilder("hour,service\n");
        for (int t = 0; curve != null && t < curve.length; t++)
            c.append(t).append(',').append(num(curve[t])).append('\n');
        // the curve first: the trial file is the marker of a finished trial
        AtomicFiles.writeString(runDir.resolve("curves").resolve(method + "__seed" + seed + ".csv"), c.toString());
        AtomicFiles.writeString(trialFile(method, seed), rows.toString());
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    /** All finished trials' episode rows, in config order (methods, then seeds). */
    public Table episodes() throws IOException {
        Table all = null;
        for (String method : config.methods()) {
            for (long seed : config.seeds()) {
                Path f = trialFile(method, seed);
                if (!Files.exists(f)) continue;
                Table t = Table.read()
                        .csv(CsvReadOptions.builder(new StringReader(Files.readString(f)))
                                .columnTypesToDetect(List.of(
                                        tech.tablesaw.api.ColumnType.STRING, tech.tablesaw.api.ColumnType.DOUBLE))
                                .build());
                all = all == null ? t : all.append(t);
            }
        }
        return all;
    }

    /** Per method over all seeds and episodes: recovery rates with Wilson intervals and means. */
    public Table summarize() throws IOException {
        Table rows = episodes();
        if (rows == null) throw new IllegalStateException("no finished trials in " + runDir);
        Map<String, List<Integer>> byMethod = new LinkedHashMap<>();
        for (String m : config.methods()) byMethod.put(m, new ArrayList<>());
        for (int i = 0; i < rows.rowCount(); i++)
            byMethod.get(rows.stringColumn("method").get(i)).add(i);
        // recovered-loss share against no-action on the same (seed, episode), when no-action is among the methods
        Map<String, Double> noActionUnmet = new java.util.HashMap<>();
        for (int i = 0; i < rows.rowCount(); i++) {
            if (rows.stringColumn("method").get(i).equals("no-action"))
                noActionUnmet.put(key(rows, i), rows.doubleColumn("unmet").getDouble(i));
        }
        var method = tech.tablesaw.api.StringColumn.create("policy");
        var n = tech.tablesaw.api.IntColumn.create("episodes");
        var r48 = tech.tablesaw.api.DoubleColumn.create("recovered_48h");
        var r48lo = tech.tablesaw.api.DoubleColumn.create("r48_ci_low");
        var r48hi = tech.tablesaw.api.DoubleColumn.create("r48_ci_high");
        var r36 = tech.tablesaw.api.DoubleColumn.create("recovered_36h");
        var r36lo = tech.tablesaw.api.DoubleColumn.create("r36_ci_low");
        var r36hi = tech.tablesaw.api.DoubleColumn.create("r36_ci_high");
        var ttr = tech.tablesaw.api.DoubleColumn.create("mean_ttr_h");
        var fulfilled = tech.tablesaw.api.DoubleColumn.create("fulfilled");
        var unmet = tech.tablesaw.api.DoubleColumn.create("unmet");
        var res = tech.tablesaw.api.DoubleColumn.create("resilience_loss_h");
        var rls = tech.tablesaw.api.DoubleColumn.create("recovered_loss_share");
        var rlsHw = tech.tablesaw.api.DoubleColumn.create("rls_ci_halfwidth");
        var circ = tech.tablesaw.api.DoubleColumn.create("circularity");
        var cost = tech.tablesaw.api.DoubleColumn.create("cost");
        byMethod.forEach((m, idx) -> {
            if (idx.isEmpty()) return;
            long ok48 = idx.stream()
                    .filter(i -> rows.stringColumn("recovered_48h").get(i).equals("true"))
                    .count();
            long ok36 = idx.stream()
                    .filter(i -> rows.stringColumn("recovered_36h").get(i).equals("true"))
                    .count();
            Stats.Interval w48 = Stats.wilson(ok48, idx.size()), w36 = Stats.wilson(ok36, idx.size());
            method.append(m);
            n.append(idx.size());
            r48.append(w48.estimate());
            r48lo.append(w48.lower());
            r48hi.append(w48.upper());
            r36.append(w36.estimate());
            r36lo.append(w36.lower());
            r36hi.append(w36.upper());
            ttr.append(idx.stream()
                    .mapToDouble(i -> rows.doubleColumn("ttr_h").getDouble(i))
                    .filter(t -> t >= 0)
                    .average()
                    .orElse(Double.NaN));
            fulfilled.append(mean(rows, "fulfilled", idx));
            unmet.append(mean(rows, "unmet", idx));
            res.append(mean(rows, "resilience_loss", idx));
            double[] shares = idx.stream()
                    .filter(i -> noActionUnmet.containsKey(key(rows, i)))
                    .mapToDouble(i -> org.moca.sim.RecoveryMetrics.recoveredLossShare(
                            noActionUnmet.get(key(rows, i)),
                            rows.doubleColumn("unmet").getDouble(i)))
                    .toArray();
            Stats.Interval share = shares.length > 1 ? Stats.meanT(shares) : null;
            rls.append(share == null ? Double.NaN : share.estimate());
            rlsHw.append(share == null ? Double.NaN : share.halfWidth());
            circ.append(mean(rows, "circularity", idx));
            cost.append(mean(rows, "cost", idx));
        });
        return Table.create(
                config.name(),
                method,
                n,
                r48,
                r48lo,
                r48hi,
                r36,
                r36lo,
                r36hi,
                ttr,
                rls,
                rlsHw,
                res,
                fulfilled,
                unmet,
                circ,
                cost);
    }

    private static String key(Table rows, int i) {
        return rows.column("seed").getString(i) + "/" + rows.column("episode").getString(i);
    }

    private static double mean(Table rows, String col, List<Integer> idx) {
        return idx.stream()
                .mapToDouble(i -> rows.doubleColumn(col).getDouble(i))
                .average()
                .orElse(Double.NaN);
    }

    private void writeOutputs(Table summary, Testbed bed, ScenarioFamily test, Instant start) throws IOException {
        AtomicFiles.writeString(runDir.resolve("summary.csv"), Tables.csv(summary));
        List<String> methods = summary.stringColumn("policy").asList();
        Charts.writePng(
                Charts.rateBars(
                        "Recovery within " + bed.criteria().windowHours() + " h — " + test.name(),
                        methods,
                        summary.doubleColumn("recovered_48h").asDoubleArray(),
                        summary.doubleColumn("r48_ci_low").asDoubleArray(),
                        summary.doubleColumn("r48_ci_high").asDoubleArray(),
                        "recovery rate"),
                runDir.resolve("recovery-rate.png"));
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (String m : methods) curves.put(m, meanCurve(m));
        Charts.writePng(
                Charts.serviceCurves(
                        "Mean service level per method — " + test.name(),
                        curves,
                        test.warmupHours(),
                        bed.criteria().windowHours(),
                        Map.of()),
                runDir.resolve("service-curves.png"));
        Table rows = episodes();
        Map<String, double[]> ttrs = new LinkedHashMap<>();
        for (String m : methods) {
            ttrs.put(
                    m,
                    rows.where(rows.stringColumn("method").isEqualTo(m))
                            .doubleColumn("ttr_h")
                            .asDoubleArray());
        }
        Charts.writePng(
                Charts.ttrDistribution(
                        "Time to recover — " + test.name() + " (not recovered: right of the window)",
                        ttrs,
                        bed.criteria().windowHours()),
                runDir.resolve("ttr.png"));
        List<Path> datasets = new ArrayList<>();
        Path data = Path.of("datasets");
        if (Files.isDirectory(data))
            try (Stream<Path> s = Files.walk(data)) {
                s.filter(Files::isRegularFile).sorted().forEach(datasets::add);
            }
        Map<String, Long> seeds = new LinkedHashMap<>();
        for (long s : config.seeds()) seeds.put("seed" + s, s);
        Provenance.capture(config, seeds, datasets, start, Instant.now()).write(runDir);
    }

    private double[] meanCurve(String method) throws IOException {
        List<double[]> curves = new ArrayList<>();
        for (long seed : config.seeds()) {
            Path f = runDir.resolve("curves").resolve(method + "__seed" + seed + ".csv");
            if (!Files.exists(f)) continue;
            List<String> lines = Files.readAllLines(f);
            double[] c = new double[lines.size() - 1];
            for (int i = 1; i < lines.size(); i++)
                c[i - 1] = Double.parseDouble(lines.get(i).split(",", -1)[1]);
            curves.add(c);
        }
        int h = curves.stream().mapToInt(c -> c.length).min().orElse(0);
        double[] mean = new double[h];
        for (double[] c : curves) for (int t = 0; t < h; t++) mean[t] += c[t] / curves.size();
        return mean;
    }
}
