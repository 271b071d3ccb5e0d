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
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.moca.agent.ContinualRun;
import org.moca.agent.Training;
import org.moca.graph.ReferenceNetworks;
import org.moca.infra.AtomicFiles;
import org.moca.infra.ProgressListener;
import org.moca.infra.ProgressTracker;
import org.moca.infra.Provenance;
import org.moca.infra.Stats;
import org.moca.meta.ConsolidationPenalty;
import org.moca.meta.EwcConsolidation;
import org.moca.meta.L2Consolidation;
import org.moca.meta.LearningTask;
import org.moca.meta.Maml;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.EpisodeMetrics;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;
import org.moca.viz.Charts;
import org.moca.viz.Tables;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The continual experiment (issue 5, deliverable 3): a MAML policy meta-trained on the training family meets a stream
 * of consecutive disruptions from distinct families and adapts to each in turn, carrying its weights forward; after
 * each disruption its imitation loss is measured on held-out episodes of every family, giving the loss matrix from
 * which {@link ContinualScores} computes forgetting (Chaudhry et al. 2018) and backward transfer (Lopez-Paz &amp;
 * Ranzato 2017). Arms differ only in the consolidation penalty, anchored at the meta-learned parameters.
 *
 * <p>Per seed (shared by the arms, so they see the same data): the meta-training tasks (oracle labels), MAML
 * meta-training, the stream's episodes (family {@code i mod F} for disruption {@code i}) labelled by the configured
 * expert in its own trajectory (the MPC by default: only what is known at each hour), and held-out episodes per family
 * labelled by the oracle. Per disruption and arm: K inner SGD steps on the support set (the first
 * {@code supportHours}), then {@code onlineSteps} SGD steps on the whole window's labels (the hours relabelled in
 * hindsight), both under the arm's penalty; then the losses on every family's held-out episodes. With
 * {@code closedLoopEpisodes > 0} the current weights also act, frozen (no adaptation at onset), on that many held-out
 * episodes of the disruption's family right after it and of every family after the last one — the closed-loop
 * counterpart of {@code R[j][j]} and {@code R[T-1][j]}.
 *
 * <p>Results: {@code <root>/<name>/<run>/trials/<arm>__seed<k>.csv} (the loss matrix, a {@code start} row for the
 * meta-parameters, then one row per disruption), {@code closed-loop/<arm>__seed<k>.csv}, {@code summary.csv},
 * {@code forgetting.csv}, {@code loss-matrix-<arm>.csv} (mean over seeds, with the start row), {@code forgetting.png},
 * {@code loss-<arm>.png}, {@code provenance.json}. Every file is written atomically; a killed run resumes without
 * redoing finished (arm, seed) trials, and the summary is computed from the trial files only.
 *
 * <p>Running time per seed: the labelling (one MPC solve per hour of each stream window, one oracle LP per held-out
 * episode), {@code metaIterations * metaBatch} MAML tasks, then per arm {@code T (K + onlineSteps)} SGD steps and
 * {@code T F} loss evaluations, plus {@code (T + F) closedLoopEpisodes} simulated episodes.
 */
public final class ContinualExperiment {

    private final ContinualConfig config;
    private final Path runDir;
    private final ExperimentRunner.Experts experts;

    /** @param experts the MPC (the honest stream labeller) and the oracle (meta-training and held-out labels) */
    public ContinualExperiment(
            ContinualConfig config, Path resultsRoot, String runId, ExperimentRunner.Experts experts) {
        this.config = Objects.requireNonNull(config, "config");
        this.runDir = resultsRoot.resolve(config.name()).resolve(Objects.requireNonNull(runId, "runId"));
        this.experts = Objects.requireNonNull(experts, "experts");
    }

    public Path runDir() {
        return runDir;
    }

    /** Loss-matrix file of (arm, seed); its existence marks a finished trial. */
    public Path trialFile(String arm, long seed) {
        return runDir.resolve("trials").resolve(arm + "__seed" + seed + ".csv");
    }

    private Path closedLoopFile(String arm, long seed) {
        return runDir.resolve("closed-loop").resolve(arm + "__seed" + seed + ".csv");
    }

    /**
     * Runs the missing (arm, seed) trials and writes the summary, tables and plots.
     *
     * @param maxTrials stop after this many newly run trials (for tests of resumption); {@code Integer.MAX_VALUE} for all
     * @return the summary table (null if stopped early)
     */
    public Table run(int maxTrials, ProgressListener listener) throws IOException {
        Instant start = Instant.now();
        Files.createDirectories(runDir.resolve("trials"));
        Files.createDirectories(runDir.resolve("closed-loop"));
        Testbed bed = Testbed.of(ReferenceNetworks.circularElectronicsNd());
        int arms = config.arms().size(), t = config.disruptions();
        long prepare = (long) config.trainEpisodes()
                + t
                + (long) config.families().size() * config.heldOutEpisodes()
                + config.metaIterations();
        int ran = 0;
        try (ProgressTracker bar =
                new ProgressTracker(config.name(), config.seeds().size() * (prepare + (long) arms * t), listener)) {
            for (long seed : config.seeds()) {
                Seed data = null;
                try {
                    for (ContinualConfig.Arm arm : config.arms()) {
                        if (Files.exists(trialFile(arm.name(), seed))) {
                            bar.step(t);
                            continue;
                        }
                        if (ran >= maxTrials) return null;
                        if (data == null) data = new Seed(bed, seed, bar);
                        runTrial(bed, data, arm, seed, bar);
                        ran++;
                    }
                } finally {
                    if (data != null) data.learner.close();
                }
                if (data == null) bar.step(prepare);
            }
        }
        Table summary = summarize();
        writeOutputs(summary, start);
        return summary;
    }

    /** What a seed's arms share: the meta-trained learner, the labelled stream and the held-out sets. */
    private final class Seed {
        final MetaLearner learner;
        final List<LearningTask> stream = new ArrayList<>();
        final List<LearningTask> training;
        final List<INDArray[]> heldOut = new ArrayList<>();
        final List<List<Episode>> closedLoop = new ArrayList<>();

        Seed(Testbed bed, long seed, ProgressTracker bar) {
            int window = bed.criteria().windowHours(),
                    support = config.supportHours(),
                    nf = config.families().size();
            List<ScenarioFamily> families =
                    config.families().stream().map(ScenarioFamilies::resolve).toList();
            training = Training.tasks(
                    bed.runner(),
                    bed.episodes(ScenarioFamilies.resolve(config.trainFamily()), config.trainEpisodes(), seed),
                    experts.oracle(),
                    support,
                    window,
                    DataType.FLOAT,
                    bar);
            // the stream and the held-out sets from their own seeds, so that they never share an episode
            SplittableRandom root = new SplittableRandom(seed);
            long streamSeed = root.nextLong(), heldOutSeed = root.nextLong();
            int[] met = new int[nf];
            List<List<Episode>> streamEpisodes = new ArrayList<>();
            for (int f = 0; f < nf; f++) {
                int occurrences = (config.disruptions() - f + nf - 1) / nf;
                streamEpisodes.add(bed.episodes(families.get(f), occurrences, streamSeed + f));
            }
            Supplier<RecoveryPolicy> labeller =
                    config.labeller() == ContinualConfig.Labeller.MPC ? experts.mpc() : experts.oracle();
            for (int i = 0; i < config.disruptions(); i++) {
                int f = config.familyOf(i);
                Episode e = streamEpisodes.get(f).get(met[f]++);
                stream.add(only(
                        Training.tasks(bed.runner(), List.of(e), labeller, support, window, DataType.FLOAT, bar), e));
            }
            for (int f = 0; f < nf; f++) {
                List<Episode> eps = bed.episodes(families.get(f), config.heldOutEpisodes(), heldOutSeed + f);
                List<INDArray> s = new ArrayList<>(), a = new ArrayList<>();
                for (Episode e : eps) {
                    LearningTask task = only(
                            Training.tasks(
                                    bed.runner(), List.of(e), experts.oracle(), support, window, DataType.FLOAT, bar),
                            e);
                    s.add(task.supportStates());
                    s.add(task.queryStates());
                    a.add(task.supportActions());
                    a.add(task.queryActions());
                }
                heldOut.add(
                        new INDArray[] {Nd4j.vstack(s.toArray(INDArray[]::new)), Nd4j.vstack(a.toArray(INDArray[]::new))
                        });
                closedLoop.add(eps.subList(0, config.closedLoopEpisodes()));
            }
            int stateDim = new StateEncoder(bed.layout()).dimension(),
                    actionDim = new ActionCodec(bed.layout()).dimension();
            PolicyConfig shape = PolicyConfig.of(
                    stateDim,
                    actionDim,
                    config.hidden().stream().mapToInt(Integer::intValue).toArray());
            MetaLearnerConfig lc = MetaLearnerConfig.defaults()
                    .withInnerSteps(config.innerSteps())
                    .withInnerLearningRate(config.innerLearningRate())
                    .withOuterLearningRate(config.outerLearningRate());
            learner = new Maml(GaussianPolicy.initialize(shape, DataType.FLOAT, seed), lc);
            Training.metaTrain(
                    learner, training, config.metaIterations(), config.metaBatch(), new SplittableRandom(seed), bar);
        }

        double[] losses(GaussianPolicy policy) {
            double[] out = new double[heldOut.size()];
            for (int f = 0; f < out.length; f++)
                out[f] = policy.negativeLogLikelihood(heldOut.get(f)[0], heldOut.get(f)[1]);
            return out;
        }

        ConsolidationPenalty penalty(ContinualConfig.Arm arm) {
            GaussianPolicy meta = learner.policy();
            return switch (arm.consolidation()) {
                case NONE -> null;
                case L2 -> L2Consolidation.anchoredAt(meta, arm.lambda());
                case EWC -> {
                    List<INDArray> s = new ArrayList<>(), a = new ArrayList<>();
                    for (LearningTask task : training) {
                        s.add(task.supportStates());
                        s.add(task.queryStates());
                        a.add(task.supportActions());
                        a.add(task.queryActions());
                    }
                    yield EwcConsolidation.anchoredAt(
                            meta,
                            Nd4j.vstack(s.toArray(INDArray[]::new)),
                            Nd4j.vstack(a.toArray(INDArray[]::new)),
                            arm.lambda());
                }
            };
        }
    }

    private static LearningTask only(List<LearningTask> tasks, Episode e) {
        if (tasks.size() != 1)
            throw new IllegalStateException(
                    "episode " + e.scenario().label() + " gave no labelled support and query hours");
        return tasks.get(0);
    }

    private void runTrial(Testbed bed, Seed data, ContinualConfig.Arm arm, long seed, ProgressTracker bar)
            throws IOException {
        GaussianPolicy policy = data.learner.policy().copy();
        ConsolidationPenalty penalty = data.penalty(arm);
        StringBuilder matrix = new StringBuilder("row,disruption_family");
        for (String f : config.families()) matrix.append(',').append(f);
        matrix.append('\n').append(row("start", "", data.losses(policy)));
        StringBuilder closed = new StringBuilder("row,family,episodes,recovered,fulfilled_share\n");
        for (int i = 0; i < config.disruptions(); i++) {
            LearningTask task = data.stream.get(i);
            ContinualRun.adapt(policy, task.supportStates(), task.supportActions(), config.onsetSteps(), penalty);
            ContinualRun.Config online = config.onlineConfig();
            if (online != null) {
                ContinualRun.adapt(
                        policy,
                        Nd4j.vstack(task.supportStates(), task.queryStates()),
                        Nd4j.vstack(task.supportActions(), task.queryActions()),
                        online,
                        penalty);
            }
            int f = config.familyOf(i);
            matrix.append(row(Integer.toString(i), config.families().get(f), data.losses(policy)));
            if (config.closedLoopEpisodes() > 0) closed.append(closedLoop(bed, policy, Integer.toString(i), f, data));
            bar.step();
        }
        if (config.closedLoopEpisodes() > 0) {
            for (int f = 0; f < config.families().size(); f++) closed.append(closedLoop(bed, policy, "final", f, data));
        }
        // the closed-loop file first: the loss matrix is the marker of a finished trial
        AtomicFiles.writeString(closedLoopFile(arm.name(), seed), closed.toString());
        AtomicFiles.writeString(trialFile(arm.name(), seed), matrix.toString());
    }

    private static String row(String label, String family, double[] values) {
        StringBuilder s = new StringBuilder(label).append(',').append(family);
        for (double v : values) s.append(',').append(v);
        return s.append('\n').toString();
    }

    private String closedLoop(Testbed bed, GaussianPolicy policy, String label, int family, Seed data) {
        List<Episode> eps = data.closedLoop.get(family);
        int recovered = 0;
        double share = 0;
        for (Episode e : eps) {
            EpisodeMetrics m = bed.runner().run(e, new FrozenPolicy(policy)).metrics();
            if (m.recovered()) recovered++;
            share += m.demand() > 0 ? m.fulfilled() / m.demand() : 1.0;
        }
        return label
                + ','
                + config.families().get(family)
                + ','
                + eps.size()
                + ','
                + recovered
                + ','
                + share / eps.size()
                + '\n';
    }

    /** The current weights acting through their Gaussian mean, without any adaptation. */
    private static final class FrozenPolicy implements RecoveryPolicy {
        private final GaussianPolicy policy;
        private StateEncoder encoder;
        private ActionCodec codec;

        FrozenPolicy(GaussianPolicy policy) {
            this.policy = policy;
        }

        @Override
        public String name() {
            return "frozen";
        }

        @Override
        public void reset(Episode episode) {
            encoder = new StateEncoder(episode.layout());
            codec = new ActionCodec(episode.layout());
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            int onset =
                    observed.stream().mapToInt(ObservedDisruption::onset).min().orElse(-1);
            double[] x = encoder.encode(view, onset);
            INDArray mean = policy.mean(Nd4j.createFromArray(new double[][] {x}).castTo(policy.dataType()));
            return codec.decode(mean.castTo(DataType.DOUBLE).toDoubleVector());
        }
    }

    /** The loss matrix of a finished trial. */
    public ContinualScores scores(String arm, long seed) throws IOException {
        List<String> lines = Files.readAllLines(trialFile(arm, seed));
        int t = lines.size() - 2; // header and start row
        int[] stream = new int[t];
        double[][] loss = new double[t][];
        for (int i = 0; i < t; i++) {
            String[] cells = lines.get(i + 2).split(",", -1);
            stream[i] = config.families().indexOf(cells[1]);
            loss[i] = new double[cells.length - 2];
            for (int f = 0; f < loss[i].length; f++) loss[i][f] = Double.parseDouble(cells[f + 2]);
        }
        return new ContinualScores(config.families(), stream, loss);
    }

    /** Closed-loop rows of a finished trial: label -> {episodes, recovered, fulfilled share} per family index. */
    private Map<String, double[][]> closedLoopRows(String arm, long seed) throws IOException {
        Map<String, double[][]> out = new LinkedHashMap<>();
        int nf = config.families().size();
        List<String> lines = Files.readAllLines(closedLoopFile(arm, seed));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            double[][] rows = out.computeIfAbsent(c[0], k -> new double[nf][]);
            rows[config.families().indexOf(c[1])] =
                    new double[] {Double.parseDouble(c[2]), Double.parseDouble(c[3]), Double.parseDouble(c[4])};
        }
        return out;
    }

    /**
     * Per arm, over the finished seeds: final forgetting, backward transfer, final mean loss over all families and the
     * mean just-learned loss (each a mean with a 95% t interval over seeds; NaN bounds with one seed); with closed-loop
     * episodes, the final recovery rate over every family's episodes (Wilson interval over seeds x episodes), the final
     * fulfilled share and its backward transfer (fulfilled share of each disruption's family at the end minus right
     * after it, the closed-loop BWT with R = fulfilled share).
     */
    public Table summarize() throws IOException {
        StringColumn armCol = StringColumn.create("arm");
        IntColumn seedsCol = IntColumn.create("seeds");
        Map<String, DoubleColumn> cols = new LinkedHashMap<>();
        for (String c : List.of(
                "forgetting",
                "forgetting_ci_low",
                "forgetting_ci_high",
                "bwt",
                "bwt_ci_low",
                "bwt_ci_high",
                "final_loss",
                "final_loss_ci_low",
                "final_loss_ci_high",
                "learned_loss",
                "start_loss",
                "recovered_final",
                "recovered_ci_low",
                "recovered_ci_high",
                "fulfilled_final",
                "fulfilled_ci_low",
                "fulfilled_ci_high",
                "bwt_fulfilled",
                "bwt_fulfilled_ci_low",
                "bwt_fulfilled_ci_high")) {
            cols.put(c, DoubleColumn.create(c));
        }
        for (ContinualConfig.Arm arm : config.arms()) {
            List<Long> done = config.seeds().stream()
                    .filter(s -> Files.exists(trialFile(arm.name(), s)))
                    .toList();
            if (done.isEmpty()) continue;
            int n = done.size(), nf = config.families().size();
            double[] forgetting = new double[n],
                    bwt = new double[n],
                    finalLoss = new double[n],
                    learned = new double[n],
                    startLoss = new double[n];
            double[] fulfilled = new double[n], bwtFulfilled = new double[n];
            long recovered = 0, episodes = 0;
            for (int k = 0; k < n; k++) {
                ContinualScores s = scores(arm.name(), done.get(k));
                int last = s.length() - 1;
                forgetting[k] = s.forgettingAfter(last);
                bwt[k] = s.backwardTransfer();
                finalLoss[k] = s.averageSeenLoss(last);
                learned[k] = s.learnedLoss();
                startLoss[k] = Stats.mean(startRow(arm.name(), done.get(k)));
                if (config.closedLoopEpisodes() > 0) {
                    Map<String, double[][]> c = closedLoopRows(arm.name(), done.get(k));
                    double share = 0, transfer = 0;
                    for (int f = 0; f < nf; f++) {
                        double[] r = c.get("final")[f];
                        episodes += (long) r[0];
                        recovered += (long) r[1];
                        share += r[2] / nf;
                    }
                    for (int j = 0; j < last; j++)
                        transfer += (c.get("final")[s.stream()[j]][2] - c.get(Integer.toString(j))[s.stream()[j]][2])
                                / last;
                    fulfilled[k] = share;
                    bwtFulfilled[k] = transfer;
                }
            }
            armCol.append(arm.name());
            seedsCol.append(n);
            appendMean(cols, "forgetting", "forgetting", forgetting);
            appendMean(cols, "bwt", "bwt", bwt);
            appendMean(cols, "final_loss", "final_loss", finalLoss);
            cols.get("learned_loss").append(Stats.mean(learned));
            cols.get("start_loss").append(Stats.mean(startLoss));
            if (episodes > 0) {
                Stats.Interval w = Stats.wilson(recovered, episodes);
                cols.get("recovered_final").append(w.estimate());
                cols.get("recovered_ci_low").append(w.lower());
                cols.get("recovered_ci_high").append(w.upper());
                appendMean(cols, "fulfilled_final", "fulfilled", fulfilled);
                appendMean(cols, "bwt_fulfilled", "bwt_fulfilled", bwtFulfilled);
            } else {
                for (String c : List.of(
                        "recovered_final",
                        "recovered_ci_low",
                        "recovered_ci_high",
                        "fulfilled_final",
                        "fulfilled_ci_low",
                        "fulfilled_ci_high",
                        "bwt_fulfilled",
                        "bwt_fulfilled_ci_low",
                        "bwt_fulfilled_ci_high")) {
                    cols.get(c).append(Double.NaN);
                }
            }
        }
        Table t = Table.create(config.name(), armCol, seedsCol);
        cols.values().forEach(t::addColumns);
        return t;
    }

    /** Appends the mean of {@code values} to {@code name} and its t interval to {@code <ci>_ci_low/high}. */
    /** The summary for people: each mean with its interval as "m [lo, hi]" (one seed: just the mean). */
    public static Table display(Table summary) {
        Table t = Table.create(summary.name(), summary.stringColumn("arm").copy());
        String[][] shown = {
            {"forgetting", "forgetting", "forgetting (loss)"},
            {"bwt", "bwt", "BWT (-loss)"},
            {"final_loss", "final_loss", "final mean loss"},
            {"recovered_final", "recovered", "recovered <= 48 h, final"},
            {"fulfilled_final", "fulfilled", "fulfilled share, final"},
            {"bwt_fulfilled", "bwt_fulfilled", "BWT (fulfilled share)"}
        };
        for (String[] c : shown) {
            StringColumn col = StringColumn.create(c[2]);
            for (int i = 0; i < summary.rowCount(); i++) {
                double m = summary.doubleColumn(c[0]).getDouble(i),
                        lo = summary.doubleColumn(c[1] + "_ci_low").getDouble(i),
                        hi = summary.doubleColumn(c[1] + "_ci_high").getDouble(i);
                col.append(
                        Double.isNaN(m)
                                ? "-"
                                : Double.isNaN(lo)
                                        ? String.format("%.3f", m)
                                        : String.format("%.3f [%.3f, %.3f]", m, lo, hi));
            }
            t.addColumns(col);
        }
        StringColumn learned = StringColumn.create("just-learned loss"),
                start = StringColumn.create("loss at meta-params");
        for (int i = 0; i < summary.rowCount(); i++) {
            learned.append(
                    String.format("%.3f", summary.doubleColumn("learned_loss").getDouble(i)));
            start.append(
                    String.format("%.3f", summary.doubleColumn("start_loss").getDouble(i)));
        }
        return t.addColumns(learned, start);
    }

    private static void appendMean(Map<String, DoubleColumn> cols, String name, String ci, double[] values) {
        Stats.Interval interval = values.length > 1 ? Stats.meanT(values) : null;
        cols.get(name).append(Stats.mean(values));
        cols.get(ci + "_ci_low").append(interval == null ? Double.NaN : interval.lower());
        cols.get(ci + "_ci_high").append(interval == null ? Double.NaN : interval.upper());
    }

    /** The losses per family at the meta-parameters (the {@code start} row of a trial). */
    private double[] startRow(String arm, long seed) throws IOException {
        String[] cells = Files.readAllLines(trialFile(arm, seed)).get(1).split(",", -1);
        double[] out = new double[cells.length - 2];
        for (int f = 0; f < out.length; f++) out[f] = Double.parseDouble(cells[f + 2]);
        return out;
    }

    private void writeOutputs(Table summary, Instant start) throws IOException {
        AtomicFiles.writeString(runDir.resolve("summary.csv"), Tables.csv(summary));
        Map<String, double[]> forgetting = new LinkedHashMap<>();
        StringBuilder curves = new StringBuilder("arm,disruption,family,forgetting,mean_seen_loss\n");
        for (ContinualConfig.Arm arm : config.arms()) {
            List<ContinualScores> runs = new ArrayList<>();
            for (long s : config.seeds()) if (Files.exists(trialFile(arm.name(), s))) runs.add(scores(arm.name(), s));
            if (runs.isEmpty()) continue;
            int t = runs.get(0).length(), nf = config.families().size();
            double[] f = new double[t], seen = new double[t], atMeta = new double[nf];
            double[][] loss = new double[t][nf];
            for (long s : config.seeds()) {
                if (!Files.exists(trialFile(arm.name(), s))) continue;
                double[] row = startRow(arm.name(), s);
                for (int k = 0; k < nf; k++) atMeta[k] += row[k] / runs.size();
            }
            for (ContinualScores r : runs) {
                for (int i = 0; i < t; i++) {
                    f[i] += r.forgettingAfter(i) / runs.size();
                    seen[i] += r.averageSeenLoss(i) / runs.size();
                    for (int k = 0; k < nf; k++) loss[i][k] += r.loss()[i][k] / runs.size();
                }
            }
            StringBuilder m = new StringBuilder("disruption,disruption_family");
            for (String name : config.families()) m.append(',').append(name);
            m.append('\n').append(row("start", "", atMeta));
            for (int i = 0; i < t; i++) {
                String fam = config.families().get(config.familyOf(i));
                curves.append(arm.name())
                        .append(',')
                        .append(i)
                        .append(',')
                        .append(fam)
                        .append(',')
                        .append(f[i])
                        .append(',')
                        .append(seen[i])
                        .append('\n');
                m.append(row(Integer.toString(i), fam, loss[i]));
            }
            AtomicFiles.writeString(runDir.resolve("loss-matrix-" + arm.name() + ".csv"), m.toString());
            forgetting.put(arm.name(), java.util.Arrays.copyOfRange(f, 1, t));
            Map<String, double[]> perFamily = new LinkedHashMap<>();
            for (int k = 0; k < nf; k++) {
                double[] c = new double[t + 1];
                c[0] = atMeta[k];
                for (int i = 0; i < t; i++) c[i + 1] = loss[i][k];
                perFamily.put(config.families().get(k), c);
            }
            Charts.writePng(
                    Charts.indexCurves(
                            "Held-out loss per family — " + arm.name() + ", mean of " + runs.size()
                                    + " seeds (-1: meta-parameters)",
                            perFamily,
                            -1,
                            "after disruption",
                            "NLL of the oracle's actions"),
                    runDir.resolve("loss-" + arm.name() + ".png"));
        }
        AtomicFiles.writeString(runDir.resolve("forgetting.csv"), curves.toString());
        Charts.writePng(
                Charts.indexCurves(
                        "Forgetting of the earlier families (Chaudhry et al. 2018), mean over seeds",
                        forgetting,
                        1,
                        "after disruption",
                        "loss rise above the family's best"),
                runDir.resolve("forgetting.png"));
        List<Path> datasets = new ArrayList<>();
        Path dataDir = Path.of("datasets");
        if (Files.isDirectory(dataDir))
            try (Stream<Path> s = Files.walk(dataDir)) {
                s.filter(Files::isRegularFile).sorted().forEach(datasets::add);
            }
        Map<String, Long> seeds = new LinkedHashMap<>();
        for (long s : config.seeds()) seeds.put("seed" + s, s);
        Provenance.capture(config, seeds, datasets, start, Instant.now()).write(runDir);
    }
}
