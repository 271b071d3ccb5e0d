package org.moca.experiment;

import java.io.IOException;
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
import org.moca.agent.AdaptationConfig;
import org.moca.agent.Training;
import org.moca.infra.AtomicFiles;
import org.moca.infra.ProgressListener;
import org.moca.infra.ProgressTracker;
import org.moca.infra.Provenance;
import org.moca.infra.RunBinding;
import org.moca.meta.LearningTask;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.opt.OraclePolicy;
import org.moca.opt.WindowLpConfig;
import org.moca.scenario.Episode;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.StateEncoder;
import org.moca.viz.Charts;
import org.moca.viz.Tables;
import org.nd4j.linalg.api.buffer.DataType;
import tech.tablesaw.api.Table;

/**
 * Runs an {@link ExperimentConfig}: for every seed and method, trains the method (once per seed) and evaluates it on
 * the seed's episodes of every test family; writes one trial file per finished (method, seed), then the summary, the
 * paired tests, plots and {@code provenance.json}.
 *
 * <p>Results layout, under {@code <root>/<experiment>/<run>/}: {@code trials/<method>__seed<k>.csv} (one row per test
 * episode, {@link TrialTable}), {@code curves/<method>__seed<k>.csv.gz} (each episode's demand and served units per
 * hour), {@code summary.csv} ({@link Summary}), {@code paired-tests.csv} ({@link PairedTests}), per test family
 * {@code recovery-rate-<family>.png}, {@code service-curves-<family>.png} and {@code ttr-<family>.png},
 * {@code run-config.json} ({@link RunBinding}) and {@code provenance.json}. Every file is written atomically, a trial's
 * two files as a set.
 *
 * <p>The trials themselves run on a {@link TrialEngine}: this JVM one after the other ({@link TrialEngine#LOCAL}, the
 * default), or Spark tasks (module {@code moca-spark}); the runner lists the missing trials, and writes each one the
 * engine hands back as it arrives, so the run directory is the same whichever engine ran it ({@code docs/spark.md}).
 *
 * <p>A run that was killed resumes where it stopped: trials whose file exists are not redone, and the summary is
 * always computed from the trial files, so a resumed run ends with the same table as an uninterrupted one. A run
 * directory is bound to its configuration: resuming it with a different one is refused, naming the keys that differ.
 */
public final class ExperimentRunner {

    /**
     * The deployment expert and training labeller: the MPC (honest) and the oracle (perfect information).
     *
     * @param defaultsUnder the recovery criteria under which these are the workbench's default experts
     *                      ({@link #defaults}), or null for other experts: an engine that computes trials in other
     *                      JVMs rebuilds the defaults there and refuses other experts
     */
    public record Experts(
            Supplier<RecoveryPolicy> mpc, Supplier<RecoveryPolicy> oracle, RecoveryCriteria defaultsUnder) {
        public Experts {
            Objects.requireNonNull(mpc, "mpc");
            Objects.requireNonNull(oracle, "oracle");
        }

        /** Experts other than the defaults (test doubles, an MPC with other settings). */
        public Experts(Supplier<RecoveryPolicy> mpc, Supplier<RecoveryPolicy> oracle) {
            this(mpc, oracle, null);
        }

        /** The workbench's experts: default MPC and oracle settings under {@code criteria}. */
        public static Experts defaults(RecoveryCriteria criteria) {
            Objects.requireNonNull(criteria, "criteria");
            return new Experts(
                    () -> new MpcExpertPolicy(MpcConfig.defaults(), criteria),
                    () -> new OraclePolicy(WindowLpConfig.defaults(), criteria),
                    criteria);
        }
    }

    private final ExperimentConfig config;
    private final Path runDir;
    private final Experts experts;
    private final boolean resumeAnyway;

    /** A runner that refuses to resume a run directory bound to another configuration. */
    public ExperimentRunner(ExperimentConfig config, Path resultsRoot, String runId, Experts experts) {
        this(config, resultsRoot, runId, experts, false);
    }

    /**
     * A runner.
     *
     * @param resumeAnyway resume a run directory made with another configuration (the provenance records the earlier
     *                     one) instead of refusing
     */
    public ExperimentRunner(
            ExperimentConfig config, Path resultsRoot, String runId, Experts experts, boolean resumeAnyway) {
        this.config = Objects.requireNonNull(config, "config");
        this.runDir = resultsRoot.resolve(config.name()).resolve(Objects.requireNonNull(runId, "runId"));
        this.experts = Objects.requireNonNull(experts, "experts");
        this.resumeAnyway = resumeAnyway;
    }

    public Path runDir() {
        return runDir;
    }

    /** Trial file of (method, seed). */
    public Path trialFile(String method, long seed) {
        return runDir.resolve("trials").resolve(method + "__seed" + seed + ".csv");
    }

    /** Curves file of (method, seed). */
    public Path curvesFile(String method, long seed) {
        return runDir.resolve("curves").resolve(method + "__seed" + seed + ".csv.gz");
    }

    /**
     * Runs what is missing and writes the summary.
     *
     * @param maxTrials stop after this many newly run trials (for tests of resumption); {@code Integer.MAX_VALUE} for
     *                  all
     * @return the summary table (null if stopped early)
     * @throws RunBinding.ConfigMismatchException if the run directory holds trials of another configuration
     */
    public Table run(int maxTrials, ProgressListener listener) throws IOException {
        return run(TrialEngine.LOCAL, maxTrials, listener);
    }

    /**
     * Runs what is missing on {@code engine} and writes the summary: every trial the engine hands back is written as
     * it arrives (its two files as a set), so a run that fails or is killed keeps every finished trial.
     *
     * @param maxTrials stop after this many newly run trials (for tests of resumption); {@code Integer.MAX_VALUE} for
     *                  all
     * @return the summary table (null if stopped early)
     * @throws RunBinding.ConfigMismatchException if the run directory holds trials of another configuration
     * @throws TrialEngine.TrialsFailedException  if trials failed on the engine (the finished ones are written)
     */
    public Table run(TrialEngine engine, int maxTrials, ProgressListener listener) throws IOException {
        Objects.requireNonNull(engine, "engine");
        Provenance.Start start = Provenance.Start.now();
        // the topology and every family are resolved and checked against the network before the run directory is made
        TrialWorker worker = new TrialWorker(config, experts, 1);
        RunBinding.Bound bound = RunBinding.bind(runDir, config, hasTrials(), resumeAnyway);
        List<TrialSpec> missing = missingTrials();
        if (engine.parallel()) missing = interleaved(missing);
        List<TrialSpec> todo = missing.subList(0, Math.min(missing.size(), Math.max(0, maxTrials)));
        long total = (long) config.seeds().size() * config.methods().size();
        try (ProgressTracker bar = new ProgressTracker(config.name(), total, listener)) {
            for (long i = missing.size(); i < total; i++) bar.step();
            engine.execute(todo, new ExperimentTrials(worker), trial -> {
                write(trial);
                bar.step();
            });
        }
        if (todo.size() < missing.size()) return null;
        List<TrialTable.Row> rows = rows();
        Table summary = Summary.of(rows, config.methods());
        writeOutputs(summary, rows, worker.testbed(), worker.testFamilies(), start, bound);
        return summary;
    }

    /** The trials whose file is missing from the run directory, in run order: seeds, then methods. */
    public List<TrialSpec> missingTrials() {
        List<TrialSpec> out = new ArrayList<>();
        for (long seed : config.seeds()) {
            for (String method : config.methods()) {
                if (!Files.exists(trialFile(method, seed))) out.add(new TrialSpec(method, seed));
            }
        }
        return out;
    }

    /**
     * The trials with the seeds interleaved (each method on every seed, then the next method): trials that run at once
     * are then of different seeds, which share nothing ({@link TrialWorker}).
     */
    private List<TrialSpec> interleaved(List<TrialSpec> trials) {
        List<TrialSpec> out = new ArrayList<>();
        for (String method : config.methods()) {
            for (TrialSpec t : trials) if (t.method().equals(method)) out.add(t);
        }
        return out;
    }

    /**
     * Writes a finished trial's two files as a set: the trial file marks a finished trial, so its curves never go
     * missing beside it.
     */
    private void write(TrialOutput trial) throws IOException {
        TrialSpec spec = trial.spec();
        if (!config.methods().contains(spec.method()) || !config.seeds().contains(spec.seed()))
            throw new IllegalStateException(
                    "the engine handed back trial " + spec + ", which is not in " + config.name());
        try (AtomicFiles.FileSet files = AtomicFiles.fileSet()) {
            files.add(curvesFile(spec.method(), spec.seed()), out -> out.write(trial.curves()));
            files.add(trialFile(spec.method(), spec.seed()), out -> out.write(trial.trial()));
            files.commit();
        }
    }

    /**
     * Trains {@code method} as this experiment would for {@code seed} (its training tasks, meta-training, ...) and
     * returns its factory of deployed policies: one method outside a run, for diagnostics.
     */
    public Supplier<RecoveryPolicy> prepare(Testbed bed, String method, long seed) {
        ScenarioFamily train = ScenarioFamilies.resolve(config.trainFamily(), "trainFamily", use(bed));
        Methods.Context ctx =
                new Methods.Context(bed, config, seed, memo(() -> trainingTasks(bed, train, seed)), experts);
        return Methods.recipe(method).prepare(ctx);
    }

    /** Where this experiment's families are used: its topology, the bed's network and recovery window. */
    private ScenarioFamilies.Use use(Testbed bed) {
        return new ScenarioFamilies.Use(
                config.topology(), bed.network(), bed.criteria().windowHours());
    }

    private boolean hasTrials() throws IOException {
        Path trials = runDir.resolve("trials");
        if (!Files.isDirectory(trials)) return false;
        try (Stream<Path> s = Files.list(trials)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".csv"));
        }
    }

    /** {@code s}, computed on the first {@code get} only (thread-safe). */
    static <T> Supplier<T> memo(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) value = s.get();
                return value;
            }
        };
    }

    private List<LearningTask> trainingTasks(Testbed bed, ScenarioFamily family, long seed) {
        return trainingTasks(bed, config, experts, trainingEpisodes(bed, family, config, seed));
    }

    /** A seed's training episodes: {@code trainEpisodes} of the training family, drawn with the seed itself. */
    static List<Episode> trainingEpisodes(Testbed bed, ScenarioFamily family, ExperimentConfig config, long seed) {
        return bed.episodes(family, config.trainEpisodes(), seed);
    }

    /**
     * The training tasks of {@code episodes}, labelled by the config's {@code trainingLabeller}: the oracle acting in its
     * own trajectory (its controls averaged over {@code labelHours}), or the MPC in its own trajectory, each state
     * labelled by its plan's mean controls over {@code labelHours}, the deployment label ({@link Training#expertTasks}).
     */
    static List<LearningTask> trainingTasks(
            Testbed bed, ExperimentConfig config, Experts experts, List<Episode> episodes) {
        return trainingTasks(bed, config, experts, episodes, StateEncoder.LAYOUT_VERSION);
    }

    /**
     * {@link #trainingTasks(Testbed, ExperimentConfig, Experts, List)} with every state encoded in {@code stateLayout}
     * (1: protocol v1's stale factors, for the methods that measure that handicap).
     *
     * @throws IllegalArgumentException for layout 1 with the {@code ORACLE} labeller (layout-1 tasks are cut as
     *     deployment labels them, by the MPC)
     */
    static List<LearningTask> trainingTasks(
            Testbed bed, ExperimentConfig config, Experts experts, List<Episode> episodes, int stateLayout) {
        StateEncoder.checkLayout(stateLayout, "stateLayout");
        if (stateLayout != StateEncoder.LAYOUT_VERSION && config.trainingLabeller() != ContinualConfig.Labeller.MPC)
            throw new IllegalArgumentException(config.name() + ": state layout " + stateLayout
                    + " training tasks need trainingLabeller MPC, got " + config.trainingLabeller());
        return switch (config.trainingLabeller()) {
            case ORACLE ->
                Training.tasks(
                        bed.runner(),
                        episodes,
                        experts.oracle(),
                        config.supportHours(),
                        bed.criteria().windowHours(),
                        config.labelHours(),
                        DataType.FLOAT,
                        null);
            case MPC ->
                Training.expertTasks(
                        bed.runner(),
                        episodes,
                        experts.mpc(),
                        AdaptationConfig.maml()
                                .withSupportHours(config.supportHours())
                                .withLabelHours(config.labelHours())
                                .withOnsetSupport(config.onsetSupport())
                                .withStateLayout(stateLayout),
                        bed.criteria().windowHours(),
                        DataType.FLOAT,
                        null);
        };
    }

    /** All finished trials' episode rows, in config order (methods, then seeds). */
    public List<TrialTable.Row> rows() throws IOException {
        List<TrialTable.Row> all = new ArrayList<>();
        for (String method : config.methods()) {
            for (long seed : config.seeds()) {
                Path f = trialFile(method, seed);
                if (Files.exists(f)) all.addAll(TrialTable.rows(TrialTable.read(f)));
            }
        }
        return all;
    }

    /** All finished trials' episode rows as one trial table. */
    public Table episodes() throws IOException {
        return TrialTable.table(rows());
    }

    /** The summary of the finished trials. */
    public Table summarize() throws IOException {
        List<TrialTable.Row> rows = rows();
        if (rows.isEmpty()) throw new IllegalStateException("no finished trials in " + runDir);
        return Summary.of(rows, config.methods());
    }

    private void writeOutputs(
            Table summary,
            List<TrialTable.Row> rows,
            Testbed bed,
            List<ScenarioFamily> tests,
            Provenance.Start start,
            RunBinding.Bound bound)
            throws IOException {
        int window = bed.criteria().windowHours();
        try (AtomicFiles.FileSet files = AtomicFiles.fileSet()) {
            files.addString(runDir.resolve("summary.csv"), Tables.csv(summary));
            files.addString(
                    runDir.resolve("paired-tests.csv"),
                    Tables.csv(PairedTests.of(rows, config.methods(), config.pairedReferences())));
            files.addString(runDir.resolve("health.csv"), Tables.csv(BenchmarkHealth.of(rows, config.health())));
            List<WindowSweep.Curve> allCurves = curves(rows);
            Table sweep = WindowSweep.of(allCurves, bed.criteria(), config.sweepWindows());
            files.addString(runDir.resolve("window-sweep.csv"), Tables.csv(sweep));
            int[] windows =
                    config.sweepWindows().stream().mapToInt(Integer::intValue).toArray();
            for (ScenarioFamily family : tests) {
                String f = family.name(), stem = fileStem(f);
                Table pooled = summary.where(summary.stringColumn("family")
                        .isEqualTo(f)
                        .and(summary.stringColumn("variant").isEqualTo(Summary.ALL_VARIANTS)));
                List<String> methods = pooled.stringColumn("policy").asList();
                var rate = Charts.rateBars(
                        "Recovery within " + window + " h — " + f,
                        methods,
                        pooled.doubleColumn("recovered_48h").asDoubleArray(),
                        pooled.doubleColumn("r48_ci_low").asDoubleArray(),
                        pooled.doubleColumn("r48_ci_high").asDoubleArray(),
                        "recovery rate");
                files.add(runDir.resolve("recovery-rate-" + stem + ".png"), out -> Charts.encodePng(rate, out));
                Map<String, double[]> curves = new LinkedHashMap<>();
                for (String m : methods) curves.put(m, meanOf(allCurves, m, f));
                var service = Charts.serviceCurves(
                        "Mean service level per method — " + f, curves, family.warmupHours(), window, Map.of());
                files.add(runDir.resolve("service-curves-" + stem + ".png"), out -> Charts.encodePng(service, out));
                Map<String, double[]> ttrs = new LinkedHashMap<>();
                for (String m : methods) {
                    ttrs.put(
                            m,
                            rows.stream()
                                    .filter(r ->
                                            r.method().equals(m) && r.family().equals(f))
                                    .mapToDouble(r -> r.metrics().timeToRecover())
                                    .toArray());
                }
                var ttr = Charts.ttrDistribution(
                        "Time to recover — " + f + " (not recovered: right of the window)", ttrs, window);
                files.add(runDir.resolve("ttr-" + stem + ".png"), out -> Charts.encodePng(ttr, out));
                var sweepChart = Charts.rateVsWindow(
                        "Recovery rate against the window — " + f,
                        WindowSweep.series(sweep, f, config.sweepWindows()),
                        windows,
                        window);
                files.add(runDir.resolve("window-sweep-" + stem + ".png"), out -> Charts.encodePng(sweepChart, out));
            }
            files.commit();
        }
        List<Path> datasets = new ArrayList<>();
        Path data = Path.of("datasets");
        if (Files.isDirectory(data)) {
            try (Stream<Path> s = Files.walk(data)) {
                s.filter(Files::isRegularFile).sorted().forEach(datasets::add);
            }
        }
        Map<String, Long> seeds = new LinkedHashMap<>();
        for (long s : config.seeds()) {
            seeds.put("seed" + s, s);
            seeds.put("seed" + s + ".test", ExperimentConfig.testEpisodeSeed(s));
        }
        Provenance p = Provenance.capture(config, seeds, datasets, start, Instant.now());
        if (bound.previous() != null) p = p.withPreviousConfig(bound.previous());
        p.write(runDir);
    }

    /** Every finished trial's episode service curves, with their onsets from the trial rows. */
    public List<WindowSweep.Curve> curves(List<TrialTable.Row> rows) throws IOException {
        Map<String, Integer> onsets = new java.util.HashMap<>();
        for (TrialTable.Row r : rows) onsets.put(r.method() + "/" + r.pairKey(), r.onset());
        List<WindowSweep.Curve> out = new ArrayList<>();
        for (String method : config.methods()) {
            for (long seed : config.seeds()) {
                Path f = curvesFile(method, seed);
                if (!Files.exists(f)) continue;
                Table c = TrialTable.readCurves(f);
                Map<String, List<double[]>> byEpisode = new LinkedHashMap<>();
                for (int i = 0; i < c.rowCount(); i++) {
                    String key = c.stringColumn("family").get(i) + "/"
                            + c.intColumn("episode").getInt(i);
                    byEpisode.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {
                        c.doubleColumn("demand").getDouble(i),
                        c.doubleColumn("served").getDouble(i)
                    });
                }
                byEpisode.forEach((key, hours) -> {
                    int cut = key.lastIndexOf('/');
                    String family = key.substring(0, cut);
                    int episode = Integer.parseInt(key.substring(cut + 1));
                    Integer onset = onsets.get(method + "/" + seed + "/" + family + "/" + episode);
                    if (onset == null)
                        throw new IllegalStateException(f + ": curve of " + key + " has no row in the trial file");
                    double[] s = new double[hours.size()];
                    for (int h = 0; h < s.length; h++) {
                        double d = hours.get(h)[0];
                        s[h] = d > 0 ? hours.get(h)[1] / d : 1; // EpisodeTrace.service's definition
                    }
                    out.add(new WindowSweep.Curve(method, seed, family, episode, onset, s));
                });
            }
        }
        return out;
    }

    /** A family name as part of a file name. */
    static String fileStem(String family) {
        String base = family.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        if (base.endsWith(".yaml")) base = base.substring(0, base.length() - 5);
        return base.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The mean service curve of a method in a family over its finished trials' episodes. */
    public double[] meanServiceCurve(String method, String family) throws IOException {
        return meanOf(curves(rows()), method, family);
    }

    private static double[] meanOf(List<WindowSweep.Curve> all, String method, String family) {
        List<double[]> curves = all.stream()
                .filter(c -> c.method().equals(method) && c.family().equals(family))
                .map(WindowSweep.Curve::service)
                .toList();
        int h = curves.stream().mapToInt(c -> c.length).min().orElse(0);
        double[] mean = new double[h];
        for (double[] c : curves) for (int t = 0; t < h; t++) mean[t] += c[t] / curves.size();
        return mean;
    }
}
