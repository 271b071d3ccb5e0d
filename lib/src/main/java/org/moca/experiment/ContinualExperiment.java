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
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.knowm.xchart.XYChart;
import org.moca.agent.ContinualScores;
import org.moca.agent.Training;
import org.moca.graph.ReferenceNetworks;
import org.moca.infra.AtomicFiles;
import org.moca.infra.ProgressListener;
import org.moca.infra.ProgressTracker;
import org.moca.infra.Provenance;
import org.moca.infra.RunBinding;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.meta.MetaLearners;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.sim.ActionCodec;
import org.moca.sim.StateEncoder;
import org.moca.viz.Charts;
import org.moca.viz.Tables;
import org.nd4j.linalg.api.buffer.DataType;
import tech.tablesaw.api.Table;

/**
 * The continual experiment (issue 5, deliverable 3): a policy meta-trained on the training family meets a stream of
 * consecutive disruptions from distinct families and adapts to each in turn, carrying its weights forward; after each
 * disruption its imitation loss is measured on held-out episodes of every family, giving the loss matrix from which
 * {@link ContinualScores} computes forgetting (Chaudhry et al. 2018) and backward transfer (Lopez-Paz &amp; Ranzato
 * 2017). Arms differ only in the consolidation penalty, anchored at the meta-learned parameters. The topology, the
 * families and the meta-learner are the config's ({@link ContinualConfig}).
 *
 * <p>This class only orchestrates; each job is its own class. Per seed (shared by the arms, so they see the same
 * data): {@link ContinualData} samples and labels the meta-training tasks, the stream and the held-out sets
 * ({@link ContinualSeeds} derives their seeds), and the configured {@link MetaLearner} is meta-trained. Per (arm,
 * seed): {@link ContinualStream} runs the arm through the stream ({@link org.moca.agent.ContinualRun}) with the
 * closed-loop evaluation of {@link ContinualClosedLoop}; {@link ContinualFiles} writes the trial. At the end
 * {@link ContinualSummary} scores the finished trials, {@link ContinualPlots} draws them, and the provenance is
 * written.
 *
 * <p>Results: {@code <root>/<name>/<run>/trials/<arm>__seed<k>.csv} (the loss matrix), {@code closed-loop/...},
 * {@code summary.csv}, {@code forgetting.csv}, {@code loss-matrix-<arm>.csv} (mean over seeds, with the start row),
 * {@code forgetting.png}, {@code loss-<arm>.png}, {@code run-config.json} ({@link RunBinding}: a run directory is
 * resumed only under the configuration it was made with) and {@code provenance.json}. Every file is written
 * atomically, a trial's two files and the outputs each as one {@link AtomicFiles.FileSet}; a killed run resumes without
 * redoing finished (arm, seed) trials, and the summary is computed from the trial files only.
 *
 * <p>Running time per seed: the labelling (one MPC solve per hour of each stream window, one oracle LP per held-out
 * and meta-training episode), {@code metaIterations * metaBatch} meta-learner tasks, then per arm
 * {@code T (K + onlineSteps)} SGD steps and {@code (T + 1) F} loss evaluations, plus {@code (T + F) closedLoopEpisodes}
 * simulated episodes.
 */
public final class ContinualExperiment {

    private final ContinualConfig config;
    private final Path runDir;
    private final ExperimentRunner.Experts experts;
    private final ContinualFiles files;
    private final boolean resumeAnyway;

    /**
     * An experiment that refuses to resume a run directory bound to another configuration ({@link RunBinding}).
     *
     * @param experts the MPC (the honest stream labeller) and the oracle (meta-training and held-out labels)
     */
    public ContinualExperiment(
            ContinualConfig config, Path resultsRoot, String runId, ExperimentRunner.Experts experts) {
        this(config, resultsRoot, runId, experts, false);
    }

    /**
     * @param experts      the MPC (the honest stream labeller) and the oracle (meta-training and held-out labels)
     * @param resumeAnyway resume a run directory made with another configuration (the provenance records the earlier
     *                     one); trial files that do not fit this configuration's families are still an error
     */
    public ContinualExperiment(
            ContinualConfig config,
            Path resultsRoot,
            String runId,
            ExperimentRunner.Experts experts,
            boolean resumeAnyway) {
        this.config = Objects.requireNonNull(config, "config");
        this.runDir = resultsRoot.resolve(config.name()).resolve(Objects.requireNonNull(runId, "runId"));
        this.experts = Objects.requireNonNull(experts, "experts");
        this.files = new ContinualFiles(runDir, config);
        this.resumeAnyway = resumeAnyway;
    }

    public ContinualConfig config() {
        return config;
    }

    public Path runDir() {
        return runDir;
    }

    /** Loss-matrix file of (arm, seed); its existence marks a finished trial. */
    public Path trialFile(String arm, long seed) {
        return files.trialFile(arm, seed);
    }

    /** Runs every missing trial and writes the summary, tables, plots and provenance; returns the summary. */
    public Table run(ProgressListener listener) throws IOException {
        return run(Integer.MAX_VALUE, listener);
    }

    /**
     * Runs the missing (arm, seed) trials and writes the summary, tables and plots.
     *
     * @param maxTrials stop after this many newly run trials (for tests of resumption); {@code Integer.MAX_VALUE}: all
     * @return the summary table (null if stopped early)
     * @throws RunBinding.ConfigMismatchException if the run directory holds trials of another configuration
     */
    public Table run(int maxTrials, ProgressListener listener) throws IOException {
        Provenance.Start start = Provenance.Start.now();
        Testbed bed = Testbed.of(ReferenceNetworks.resolve(config.topology(), "topology"));
        RunBinding.Bound bound = RunBinding.bind(runDir, config, files.hasTrials(), resumeAnyway);
        int t = config.disruptions();
        long prepare = (long) config.trainEpisodes()
                + t
                + (long) config.families().size() * config.heldOutEpisodes()
                + config.metaIterations();
        int ran = 0;
        try (ProgressTracker bar = new ProgressTracker(
                config.name(),
                config.seeds().size() * (prepare + (long) config.arms().size() * t),
                listener)) {
            for (long seed : config.seeds()) {
                ContinualSeeds seeds = ContinualSeeds.of(seed, config.families().size());
                ContinualData data = null;
                MetaLearner<GaussianPolicy> learner = null;
                try {
                    for (ContinualConfig.Arm arm : config.arms()) {
                        if (files.finished(arm.name(), seed)) {
                            bar.step(t);
                            continue;
                        }
                        if (ran >= maxTrials) return null;
                        if (data == null) {
                            data = ContinualData.prepare(bed, config, experts, seeds, bar);
                            learner = metaTrain(config, bed, data, seeds, bar);
                        }
                        files.write(
                                arm.name(), seed, ContinualStream.run(config, bed, data, learner.policy(), arm, bar));
                        ran++;
                    }
                } finally {
                    if (learner != null) learner.close();
                }
                if (data == null) bar.step(prepare);
            }
        }
        Table summary = summarize();
        writeOutputs(summary, start, bound);
        return summary;
    }

    /**
     * Runs the missing (arm, seed) trials on {@code engine} and writes the summary, tables and plots. On
     * {@link TrialEngine#LOCAL} this is {@link #run(int, ProgressListener)} (progress per labelled episode, outer step
     * and disruption); on another engine each trial travels as {@link ContinualTrials} (progress per trial), the arms
     * interleaved over the seeds, and every trial is written as it lands. Either way the trial files are the same, byte
     * for byte.
     *
     * @throws TrialEngine.TrialsFailedException if trials failed on the engine (the finished ones are written)
     */
    public Table run(TrialEngine engine, int maxTrials, ProgressListener listener) throws IOException {
        if (Objects.requireNonNull(engine, "engine") == TrialEngine.LOCAL) return run(maxTrials, listener);
        Provenance.Start start = Provenance.Start.now();
        ReferenceNetworks.resolve(config.topology(), "topology");
        RunBinding.Bound bound = RunBinding.bind(runDir, config, files.hasTrials(), resumeAnyway);
        List<TrialSpec> missing = new ArrayList<>();
        for (ContinualConfig.Arm arm : config.arms()) {
            for (long seed : config.seeds()) {
                if (!files.finished(arm.name(), seed)) missing.add(new TrialSpec(arm.name(), seed));
            }
        }
        List<TrialSpec> todo = missing.subList(0, Math.min(missing.size(), Math.max(0, maxTrials)));
        long total = (long) config.seeds().size() * config.arms().size();
        try (ProgressTracker bar = new ProgressTracker(config.name(), total, listener)) {
            bar.step(total - missing.size());
            engine.execute(todo, new ContinualTrials(config), out -> {
                files.write(out.spec().method(), out.spec().seed(), out.lossMatrix(), out.closedLoop());
                bar.step();
            });
        }
        if (todo.size() < missing.size()) return null;
        Table summary = summarize();
        writeOutputs(summary, start, bound);
        return summary;
    }

    /** The configured meta-learner, meta-trained on the seed's training tasks; one progress step per outer step. */
    static MetaLearner<GaussianPolicy> metaTrain(
            ContinualConfig config, Testbed bed, ContinualData data, ContinualSeeds seeds, ProgressTracker bar) {
        PolicyConfig shape = PolicyConfig.of(
                new StateEncoder(bed.layout()).dimension(),
                new ActionCodec(bed.layout()).dimension(),
                config.hidden().stream().mapToInt(Integer::intValue).toArray());
        MetaLearnerConfig settings = MetaLearnerConfig.defaults()
                .withInnerSteps(config.innerSteps())
                .withInnerLearningRate(config.innerLearningRate())
                .withOuterLearningRate(config.outerLearningRate());
        MetaLearner<GaussianPolicy> learner = MetaLearners.create(
                config.learner(), GaussianPolicy.initialize(shape, DataType.FLOAT, seeds.policy()), settings);
        Training.metaTrain(
                learner,
                data.training,
                config.metaIterations(),
                config.metaBatch(),
                new SplittableRandom(seeds.metaBatches()),
                bar);
        return learner;
    }

    /** The finished trials, by arm in the config's order, each list in seed order (arms without one are left out). */
    private Map<String, List<ContinualTrial>> trials() throws IOException {
        Map<String, List<ContinualTrial>> out = new LinkedHashMap<>();
        for (ContinualConfig.Arm arm : config.arms()) {
            List<ContinualTrial> runs = new ArrayList<>();
            for (long seed : config.seeds())
                if (files.finished(arm.name(), seed)) runs.add(files.read(arm.name(), seed));
            if (!runs.isEmpty()) out.put(arm.name(), runs);
        }
        return out;
    }

    private List<ContinualTrial> trials(String arm) throws IOException {
        if (config.arms().stream().noneMatch(a -> a.name().equals(arm)))
            throw new IllegalArgumentException("arm " + arm + " is not in the config, expected one of "
                    + config.arms().stream().map(ContinualConfig.Arm::name).toList());
        List<ContinualTrial> runs = trials().get(arm);
        if (runs == null) throw new IllegalStateException("arm " + arm + " has no finished trial in " + runDir);
        return runs;
    }

    /** The loss matrix of a finished trial, with the config's families. */
    public ContinualScores scores(String arm, long seed) throws IOException {
        return files.read(arm, seed).scores();
    }

    /**
     * Per arm, over the finished seeds: final forgetting, backward transfer, final mean loss over all families and the
     * mean just-learned loss (each a mean with a 95% t interval over seeds; NaN bounds with one seed); with closed-loop
     * episodes, the final recovery rate over every family's episodes (Wilson interval over seeds x episodes), the final
     * fulfilled share and its backward transfer (fulfilled share of each disruption's family at the end minus right
     * after it, the closed-loop BWT with R = fulfilled share).
     */
    public Table summarize() throws IOException {
        return ContinualSummary.summarize(config.name(), trials());
    }

    /** The summary for people: each mean with its interval as "m [lo, hi]" (one seed: just the mean). */
    public static Table display(Table summary) {
        return ContinualSummary.display(summary);
    }

    /** An arm's loss matrix, mean over its finished seeds, with the meta-parameters' {@code start} row. */
    public Table meanLossMatrix(String arm) throws IOException {
        return ContinualSummary.meanLossMatrix(arm, config.families(), trials(arm));
    }

    /** Forgetting after each disruption, mean over the finished seeds, one line per arm. */
    public XYChart forgettingChart() throws IOException {
        return ContinualPlots.forgetting(trials());
    }

    /** An arm's held-out loss per family through the stream, mean over its finished seeds. */
    public XYChart lossChart(String arm) throws IOException {
        List<ContinualTrial> runs = trials(arm);
        return ContinualPlots.lossPerFamily(
                arm, ContinualSummary.meanLossMatrix(arm, config.families(), runs), config.families(), runs.size());
    }

    /** The tables and plots, all or none (one {@link AtomicFiles.FileSet}), then the provenance. */
    private void writeOutputs(Table summary, Provenance.Start start, RunBinding.Bound bound) throws IOException {
        Map<String, List<ContinualTrial>> trials = trials();
        try (AtomicFiles.FileSet out = AtomicFiles.fileSet()) {
            out.addString(runDir.resolve("summary.csv"), Tables.csv(summary));
            out.addString(
                    runDir.resolve("forgetting.csv"), Tables.csv(ContinualSummary.curves(config.families(), trials)));
            for (Map.Entry<String, List<ContinualTrial>> e : trials.entrySet()) {
                Table matrix = ContinualSummary.meanLossMatrix(e.getKey(), config.families(), e.getValue());
                out.addString(runDir.resolve("loss-matrix-" + e.getKey() + ".csv"), Tables.csv(matrix));
                XYChart chart = ContinualPlots.lossPerFamily(
                        e.getKey(), matrix, config.families(), e.getValue().size());
                out.add(runDir.resolve("loss-" + e.getKey() + ".png"), png -> Charts.encodePng(chart, png));
            }
            XYChart forgetting = ContinualPlots.forgetting(trials);
            out.add(runDir.resolve("forgetting.png"), png -> Charts.encodePng(forgetting, png));
            out.commit();
        }
        Map<String, Long> seeds = new LinkedHashMap<>();
        for (long s : config.seeds())
            seeds.putAll(ContinualSeeds.of(s, config.families().size()).named(config.families()));
        Provenance p = Provenance.capture(config, seeds, datasets(), start, Instant.now());
        if (bound.previous() != null) p = p.withPreviousConfig(bound.previous());
        p.write(runDir);
    }

    /**
     * The data files the run read, for their hashes: the project's {@code datasets/} (when run from the project root),
     * a topology directory and scenario-family files given by path.
     */
    private List<Path> datasets() throws IOException {
        TreeSet<Path> out = new TreeSet<>();
        List<Path> dirs = new ArrayList<>(List.of(Path.of("datasets")));
        if (!config.topology().equals(ReferenceNetworks.REFERENCE_NAME)) dirs.add(Path.of(config.topology()));
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(Files::isRegularFile).forEach(out::add);
            }
        }
        List<String> specs = new ArrayList<>(config.families());
        specs.add(config.trainFamily());
        for (String spec : specs) {
            // a family given by path, possibly with ":<variant>" after it
            int colon = spec.lastIndexOf(':');
            for (String candidate : colon > 0 ? List.of(spec, spec.substring(0, colon)) : List.of(spec)) {
                if (Files.isRegularFile(Path.of(candidate))) {
                    out.add(Path.of(candidate));
                    break;
                }
            }
        }
        return new ArrayList<>(out);
    }
}
