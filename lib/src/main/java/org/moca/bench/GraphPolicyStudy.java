package org.moca.bench;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.moca.agent.AdaptationConfig;
import org.moca.agent.Demonstrations;
import org.moca.agent.RolloutAdaptivePolicy;
import org.moca.agent.RolloutSignalConfig;
import org.moca.agent.RolloutStarts;
import org.moca.agent.StateLabeller;
import org.moca.agent.Training;
import org.moca.baseline.HeuristicConfig;
import org.moca.baseline.HeuristicPolicy;
import org.moca.baseline.NoActionPolicy;
import org.moca.experiment.PolicyComparison;
import org.moca.experiment.Testbed;
import org.moca.graph.NetworkGenerator;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.hyper.AdaptationExample;
import org.moca.hyper.GraphHeadHyperNetwork;
import org.moca.hyper.HyperNetworkConfig;
import org.moca.infra.AtomicFiles;
import org.moca.infra.ProgressTracker;
import org.moca.infra.Provenance;
import org.moca.infra.Stats;
import org.moca.meta.GraphImitationLoss;
import org.moca.meta.GraphRolloutLoss;
import org.moca.meta.ImitationLoss;
import org.moca.meta.LossTask;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.meta.MetaLearners;
import org.moca.meta.RolloutTaskLoss;
import org.moca.meta.TaskLoss;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.GraphPolicy;
import org.moca.policy.GraphPolicyConfig;
import org.moca.policy.GraphPolicyParameters;
import org.moca.policy.GraphStructure;
import org.moca.policy.ParametricPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The topology-agnostic policy on networks it never saw (issue 17, item 4): a {@link GraphPolicy} meta-trained by
 * first-order MAML on imitation tasks of generated networks, then deployed zero-shot and with K-step adaptation on the
 * reference network, the second shipped topology, a held-out generated network and a 1,000-facility generated network,
 * beside no-action, the heuristic, the MPC (small networks) and, on the reference, an MLP meta-trained the same way on
 * the reference's own tasks.
 *
 * <p><b>Tasks.</b> On every training network, episodes of its {@link ScaleBench#blackSwanLike} family (the main virgin
 * supplier(s) of its scarcest raw material down for 72 hours); the MPC acts and its controls averaged over 6 hours are
 * the labels ({@link Demonstrations#of}). A task's support set is the onset hour's row (what deployment adapts on: the
 * expert's plan for the observed onset state), its query set the next {@code queryHours - 1} hours.
 *
 * <p><b>Meta-training</b> (the same learner for both policies, over {@link TaskLoss}es): the workbench's own
 * {@link MetaLearner} of name {@code learner} ({@code fomaml}: first-order MAML, {@code reptile}, or {@code maml}:
 * second-order MAML with Hessian-vector products by differences; the learners that run on any
 * {@link ParametricPolicy}), built by {@link MetaLearners#create} on the graph policy's
 * {@link GraphPolicyParameters} and on the MLP's {@link GaussianPolicy} alike, and stepped by
 * {@link Training#metaTrainOnLosses} (meta-batches of distinct tasks). <b>Deployment</b>: zero-shot acts with the
 * meta-parameters' mean action; adapted takes the learner's K steps ({@link MetaLearner#adapt(TaskLoss,
 * org.moca.meta.ConsolidationPenalty)}) on the MPC's label of the onset state (one plan, at the first hour a disruption
 * is observed, before acting), then acts with the adapted mean. Nothing is tuned: every setting below was fixed before the
 * first evaluation, and the evaluation episodes' seeds are disjoint from the training episodes'.
 *
 * @param trainSizes         facilities of the generated training networks
 * @param networksPerSize    generated networks per training size
 * @param episodesPerNetwork training episodes (tasks) per network
 * @param queryHours         hours from onset labelled per task (the first is the support row)
 * @param metaSteps          outer steps
 * @param metaBatch          tasks per outer step
 * @param innerSteps         K, at training and at deployment
 * @param innerLearningRate  SGD step of the inner loop
 * @param outerLearningRate  Adam step of the outer loop
 * @param evalEpisodes       episodes per small evaluation network
 * @param largeSize          facilities of the large evaluation network (0: none)
 * @param largeEpisodes      its episodes
 * @param seed               networks, episodes, initialization and task order derive from it
 * @param learner            the meta-learner's name, one of {@link MetaLearners#anyPolicy()}
 * @param signal             {@code imitation} (the MPC's labels, the settings above) or {@code rollout} (the twin's
 *                           rollout objective with {@code rollout}'s settings, those of the MLP's rollout methods:
 *                           pretraining on the onset starts, first-order meta-training on forecast/hindsight tasks,
 *                           adaptation at deployment on the observed state's rollout on the MPC's forecast)
 * @param rollout            the rollout signal's settings (used when {@code signal} is {@code rollout})
 */
public record GraphPolicyStudy(
        List<Integer> trainSizes,
        int networksPerSize,
        int episodesPerNetwork,
        int queryHours,
        int metaSteps,
        int metaBatch,
        int innerSteps,
        double innerLearningRate,
        double outerLearningRate,
        int evalEpisodes,
        int largeSize,
        int largeEpisodes,
        long seed,
        String learner,
        String signal,
        RolloutSignalConfig rollout) {

    /** Label horizon of every MPC label (hours), as deployment's {@code labelHours}. */
    static final int LABEL_HOURS = 6;

    public GraphPolicyStudy {
        trainSizes = List.copyOf(trainSizes);
        if (trainSizes.isEmpty()) throw new IllegalArgumentException("trainSizes must not be empty");
        for (int s : trainSizes)
            if (s < NetworkGenerator.Config.MIN_FACILITIES)
                throw new IllegalArgumentException(
                        "trainSizes: " + s + " is below " + NetworkGenerator.Config.MIN_FACILITIES + " facilities");
        positive("networksPerSize", networksPerSize);
        positive("episodesPerNetwork", episodesPerNetwork);
        if (queryHours < 2) throw new IllegalArgumentException("queryHours must be >= 2, got " + queryHours);
        positive("metaSteps", metaSteps);
        positive("metaBatch", metaBatch);
        positive("innerSteps", innerSteps);
        positive("evalEpisodes", evalEpisodes);
        if (!(innerLearningRate > 0) || !(outerLearningRate > 0))
            throw new IllegalArgumentException("learning rates must be > 0");
        if (largeSize != 0 && largeSize < NetworkGenerator.Config.MIN_FACILITIES)
            throw new IllegalArgumentException("largeSize must be 0 or >= " + NetworkGenerator.Config.MIN_FACILITIES);
        if (largeSize != 0) positive("largeEpisodes", largeEpisodes);
        if (!MetaLearners.anyPolicy().contains(learner))
            throw new IllegalArgumentException("learner must be one of " + MetaLearners.anyPolicy()
                    + " (the learners that run on the graph policy), got " + learner);
        if (!List.of("imitation", "rollout").contains(signal))
            throw new IllegalArgumentException("signal must be imitation or rollout, got " + signal);
        Objects.requireNonNull(rollout, "rollout");
        if (rollout.stateGradient() != org.moca.twin.RolloutConfig.StateGradient.STOPPED)
            throw new IllegalArgumentException(
                    "rollout.stateGradient must be STOPPED for the graph policy, got " + rollout.stateGradient());
    }

    /** The committed run: 12 generated training networks of 14-30 facilities, 300 meta-steps, K = 10. */
    public static GraphPolicyStudy defaults() {
        return new GraphPolicyStudy(
                List.of(14, 20, 30),
                4,
                3,
                24,
                300,
                6,
                10,
                0.1,
                1e-3,
                12,
                1000,
                4,
                1,
                "fomaml",
                "imitation",
                RolloutSignalConfig.defaults());
    }

    /** A minutes-long version for CI: two training networks, no large network. */
    public static GraphPolicyStudy reduced() {
        RolloutSignalConfig r = RolloutSignalConfig.defaults();
        // the rollout signal's minutes-long form: 12-hour rollouts, 5 pretraining and 3 meta-steps
        RolloutSignalConfig quick = new RolloutSignalConfig(
                12,
                r.stateGradient(),
                r.objective(),
                5,
                r.pretrainLearningRate(),
                3,
                r.outerLearningRate(),
                r.innerSteps(),
                r.innerLearningRate(),
                r.onlineStarts());
        return new GraphPolicyStudy(List.of(14), 2, 2, 8, 6, 2, 2, 0.1, 1e-3, 2, 0, 0, 1, "fomaml", "imitation", quick);
    }

    /** This study with another seed: other generated networks, episodes, initialization and task order. */
    public GraphPolicyStudy withSeed(long value) {
        return with(value, learner, signal);
    }

    /** This study on another training signal: {@code imitation} or {@code rollout}. */
    public GraphPolicyStudy withSignal(String value) {
        return with(seed, learner, value);
    }

    /** This study with another meta-learner (one of {@link MetaLearners#anyPolicy()}). */
    public GraphPolicyStudy withLearner(String name) {
        return with(seed, name, signal);
    }

    private GraphPolicyStudy with(long newSeed, String newLearner, String newSignal) {
        return new GraphPolicyStudy(
                trainSizes,
                networksPerSize,
                episodesPerNetwork,
                queryHours,
                metaSteps,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                evalEpisodes,
                largeSize,
                largeEpisodes,
                newSeed,
                newLearner,
                newSignal,
                rollout);
    }

    /**
     * The learner settings of both policies: K steps at the inner rate, Adam at the outer rate with the usual betas,
     * a meta-batch spread over the machine's cores (the result is bitwise the same for any number of workers).
     */
    MetaLearnerConfig learnerConfig() {
        int workers = Math.max(1, Math.min(metaBatch, Runtime.getRuntime().availableProcessors()));
        if (signal.equals("rollout"))
            return new MetaLearnerConfig(
                    rollout.innerLearningRate(),
                    rollout.innerSteps(),
                    rollout.outerLearningRate(),
                    0.9,
                    0.999,
                    1e-8,
                    workers);
        return new MetaLearnerConfig(innerLearningRate, innerSteps, outerLearningRate, 0.9, 0.999, 1e-8, workers);
    }

    private static void positive(String name, int v) {
        if (v < 1) throw new IllegalArgumentException(name + " must be >= 1, got " + v);
    }

    /**
     * One evaluation network's episodes and every policy's results on them, in policy order; {@code diverged}: per
     * adapted policy, the episodes in which its K steps left non-finite parameters (it then acted zero-shot).
     */
    public record Evaluation(
            String network,
            int facilities,
            String family,
            PolicyComparison.Results results,
            Map<String, Integer> diverged,
            List<Onset> onsets) {
        public Evaluation {
            diverged = Map.copyOf(diverged);
            onsets = List.copyOf(onsets);
        }
    }

    /**
     * What one adapted episode's onset K steps saw and did ({@code onset.csv}), measured on the support loss they took
     * (without a penalty): its value and gradient norm at the meta-parameters, its value after the steps, the length of
     * the step in parameter space, and the share of the mean action's entries that the codec cuts
     * ({@link ActionCodec#cutEntries}: clamped sigmoids, floored shares) in the onset state, before and after. When the
     * steps diverged, the after-values are NaN.
     *
     * @param episode the episode's index in the evaluation (as in {@code episodes.csv})
     */
    public record Onset(
            String policy,
            int episode,
            double lossBefore,
            double lossAfter,
            double gradientNorm,
            double stepNorm,
            double cutBefore,
            double cutAfter) {
        /** This record at episode index {@code index}. */
        Onset at(int index) {
            return new Onset(policy, index, lossBefore, lossAfter, gradientNorm, stepNorm, cutBefore, cutAfter);
        }
    }

    /**
     * Everything the study measured; {@code divergedTraining}: the policies ({@code graph}, {@code mlp}) whose
     * meta-training left non-finite parameters (their rows are left out of the evaluation; {@code training.csv} shows
     * from which step).
     */
    public record Outcome(
            List<double[]> trainingCurve, List<Evaluation> evaluations, int parameters, List<String> divergedTraining) {
        public Outcome {
            divergedTraining = List.copyOf(divergedTraining);
        }
    }

    /** A labelled task with the network it belongs to: support is the onset hour's row, query the hours after it. */
    record Labelled(Testbed bed, Demonstrations demos, int onset) {
        Demonstrations support() {
            return demos.between(onset, onset + 1);
        }

        Demonstrations query() {
            return demos.between(onset + 1, Integer.MAX_VALUE);
        }
    }

    /** Runs the study, printing progress; writes its tables into {@code out} when non-null. */
    public Outcome run(Path out) throws IOException {
        Provenance.Start start = Provenance.Start.now();
        GraphPolicy graph = new GraphPolicy(GraphPolicyConfig.defaults());

        // 1. training networks and episodes (the same for both signals)
        List<Testbed> trainBeds = new ArrayList<>();
        List<List<Episode>> trainEpisodes = new ArrayList<>();
        int net = 0;
        for (int size : trainSizes)
            for (int i = 0; i < networksPerSize; i++, net++) {
                SupplyNetwork n =
                        new NetworkGenerator(NetworkGenerator.Config.withFacilities(size)).generate(seed * 1000 + net);
                Testbed bed = Testbed.of(n);
                trainBeds.add(bed);
                trainEpisodes.add(bed.episodes(ScaleBench.blackSwanLike(bed), episodesPerNetwork, seed * 7919 + net));
            }
        int taskCount = trainSizes.size() * networksPerSize * episodesPerNetwork;
        Testbed reference = Testbed.of(ReferenceNetworks.circularElectronicsNd());
        List<Episode> refEpisodes = reference.episodes(shipped("training", reference), taskCount, seed * 104729 + 1);
        StateEncoder refEncoder = new StateEncoder(reference.layout());
        ActionCodec refCodec = new ActionCodec(reference.layout());
        PolicyConfig mlp = PolicyConfig.of(refEncoder.dimension(), refCodec.dimension(), 64, 64);
        GraphPolicyParameters graphMeta = GraphPolicyParameters.initialize(graph, seed);
        GaussianPolicy mlpMeta = GaussianPolicy.initialize(mlp, DataType.DOUBLE, seed);
        List<double[]> curve = new ArrayList<>();
        int steps = signal.equals("rollout") ? rollout.metaIterations() : metaSteps;
        List<HyperItem> hyperItems = new ArrayList<>(); // each graph task's support and onset state, for graph-hyper
        if (signal.equals("imitation")) {
            // 2. MPC labels; the graph policy on the generated networks, the MLP beside it on the reference's own
            List<LossTask> graphTasks = new ArrayList<>();
            for (int n = 0; n < trainBeds.size(); n++) {
                GraphStructure g = new GraphStructure(trainBeds.get(n).layout());
                for (Labelled t : label(trainBeds.get(n), trainEpisodes.get(n))) {
                    GraphImitationLoss support = new GraphImitationLoss(
                            graph, g, t.support().states(), t.support().actions());
                    graphTasks.add(new LossTask(
                            support,
                            new GraphImitationLoss(
                                    graph, g, t.query().states(), t.query().actions())));
                    hyperItems.add(new HyperItem(support, g, t.support().states()[0]));
                }
                System.out.printf(
                        "graph-policy: labelled %d tasks on %s%n",
                        trainEpisodes.get(n).size(), trainBeds.get(n).network().name());
            }
            List<LossTask> mlpTasks = new ArrayList<>();
            for (Labelled t : label(reference, refEpisodes))
                mlpTasks.add(new LossTask(
                        new ImitationLoss(
                                mlp,
                                DataType.DOUBLE,
                                matrix(t.support().states()),
                                matrix(t.support().actions())),
                        new ImitationLoss(
                                mlp,
                                DataType.DOUBLE,
                                matrix(t.query().states()),
                                matrix(t.query().actions()))));
            metaTrain(graphMeta, graphTasks, curve, "graph", steps);
            metaTrain(mlpMeta, mlpTasks, new ArrayList<>(), "mlp", steps);
        } else {
            // 2. the rollout signal: pretraining on the onset starts, then meta-training on forecast/hindsight tasks
            List<GraphRolloutLoss> pretrain = new ArrayList<>();
            List<LossTask> graphTasks = new ArrayList<>();
            for (int n = 0; n < trainBeds.size(); n++) {
                Testbed bed = trainBeds.get(n);
                List<RolloutStarts.OnsetStarts> starts = onsetStarts(bed, trainEpisodes.get(n));
                pretrain.add(new GraphRolloutLoss(
                        graph,
                        bed.layout(),
                        rollout.rolloutConfig(),
                        starts.stream().map(RolloutStarts.OnsetStarts::forecast).toList(),
                        rollout.horizon()));
                for (RolloutStarts.OnsetStarts o : starts) {
                    GraphRolloutLoss support = new GraphRolloutLoss(
                            graph, bed.layout(), rollout.rolloutConfig(), List.of(o.forecast()), rollout.horizon());
                    hyperItems.add(new HyperItem(support, support.graph(), support.observation(o.forecast())));
                    graphTasks.add(new LossTask(
                            support,
                            new GraphRolloutLoss(
                                    graph,
                                    bed.layout(),
                                    rollout.rolloutConfig(),
                                    List.of(o.hindsight()),
                                    o.hindsightHours())));
                }
                System.out.printf(
                        "graph-policy: %d onset starts on %s%n",
                        starts.size(), bed.network().name());
            }
            pretrainGraph(graphMeta, pretrain);
            List<RolloutStarts.OnsetStarts> refStarts = onsetStarts(reference, refEpisodes);
            try (ProgressTracker bar =
                    ProgressTracker.console("graph-policy: mlp rollout pretraining", rollout.pretrainSteps())) {
                Training.rolloutPretrain(
                        mlpMeta,
                        reference.layout(),
                        refStarts.stream()
                                .map(RolloutStarts.OnsetStarts::forecast)
                                .toList(),
                        rollout,
                        bar);
            }
            metaTrain(graphMeta, graphTasks, curve, "graph", steps);
            metaTrain(
                    mlpMeta,
                    Training.rolloutTasks(reference.layout(), refStarts, rollout, mlpMeta),
                    new ArrayList<>(),
                    "mlp",
                    steps);
        }
        MetaLearnerConfig adaptation = learnerConfig().withWorkers(1);
        List<String> divergedTraining = new ArrayList<>();
        if (!finite(graphMeta.parameterView())) divergedTraining.add("graph");
        if (!finite(mlpMeta.parameterView())) divergedTraining.add("mlp");
        for (String d : divergedTraining)
            System.out.printf(
                    "graph-policy: the %s policy's meta-training diverged (non-finite parameters); its rows are left"
                            + " out%n",
                    d);
        boolean graphTrained = !divergedTraining.contains("graph");
        GraphHeadHyperNetwork hyper = graphTrained ? fitHyper(graphMeta, hyperItems, adaptation) : null;

        // 3. evaluation on networks the graph policy never saw: the shipped test families where a network has them
        record Case(Testbed bed, ScenarioFamily family, int episodes) {}
        Testbed batteries = Testbed.of(ReferenceNetworks.circularBatteriesNmc());
        Testbed held = Testbed.of(
                new NetworkGenerator(NetworkGenerator.Config.withFacilities(40)).generate(seed * 1000 + 999));
        List<Case> cases = new ArrayList<>(List.of(
                new Case(reference, shipped("black-swan", reference), evalEpisodes),
                new Case(reference, shipped("backup-late", reference), evalEpisodes),
                new Case(batteries, shipped("lithium-crunch", batteries), evalEpisodes),
                new Case(held, ScaleBench.blackSwanLike(held), evalEpisodes)));
        if (largeSize > 0) {
            Testbed large =
                    Testbed.of(new NetworkGenerator(NetworkGenerator.Config.withFacilities(largeSize)).generate(seed));
            cases.add(new Case(large, ScaleBench.blackSwanLike(large), largeEpisodes));
        }
        List<Evaluation> evaluations = new ArrayList<>();
        for (Case c : cases) {
            Testbed bed = c.bed();
            boolean large = bed.network().facilities().size() >= 500;
            List<Episode> eps = bed.episodes(c.family(), c.episodes(), seed * 31 + 5);
            GraphStructure g = new GraphStructure(bed.layout());
            MpcConfig mpc = expert();
            Map<String, Supplier<RecoveryPolicy>> policies = new LinkedHashMap<>();
            policies.put("no-action", NoActionPolicy::new);
            policies.put("heuristic", () -> new HeuristicPolicy(HeuristicConfig.defaults()));
            if (!large) policies.put("mpc", () -> new MpcExpertPolicy(mpc, bed.criteria()));
            boolean roll = signal.equals("rollout");
            Supplier<OnsetSupport> graphSupport = () -> roll
                    ? rollout(
                            bed,
                            mpc,
                            rollout.horizon(),
                            st -> new GraphRolloutLoss(
                                    graph, bed.layout(), rollout.rolloutConfig(), List.of(st), rollout.horizon()))
                    : imitation(
                            bed,
                            mpc,
                            (x, a) -> new GraphImitationLoss(graph, g, new double[][] {x}, new double[][] {a}));
            Map<String, AtomicInteger> diverged = new LinkedHashMap<>();
            List<Onset> onsets = new ArrayList<>();
            java.util.function.BiConsumer<Episode, Onset> onsetSink =
                    (episode, o) -> onsets.add(o.at(indexOf(eps, episode)));
            if (graphTrained) {
                policies.put(
                        "graph-zero-shot",
                        () -> new Learned<>(
                                "graph-zero-shot",
                                bed,
                                graphMeta,
                                (p, x) -> p.mean(g, x),
                                null,
                                null,
                                null,
                                null,
                                null));
                diverged.put("graph-adapted", new AtomicInteger());
                policies.put(
                        "graph-adapted",
                        () -> new Learned<>(
                                "graph-adapted",
                                bed,
                                graphMeta,
                                (p, x) -> p.mean(g, x),
                                graphSupport.get(),
                                learner,
                                adaptation,
                                diverged.get("graph-adapted"),
                                onsetSink));
                policies.put("graph-hyper", () -> new Hyper(bed, hyper));
            }
            if (bed == reference && !divergedTraining.contains("mlp")) {
                diverged.put("mlp-adapted", new AtomicInteger());
                BiFunction<GaussianPolicy, double[], double[]> mlpMean = (p, x) ->
                        p.mean(Nd4j.createFromArray(new double[][] {x})).toDoubleVector();
                Supplier<OnsetSupport> mlpSupport = () -> roll
                        ? rollout(
                                bed,
                                mpc,
                                rollout.horizon(),
                                st -> new RolloutTaskLoss(
                                        bed.layout(),
                                        rollout.rolloutConfig(),
                                        mlp,
                                        DataType.DOUBLE,
                                        List.of(st),
                                        rollout.horizon()))
                        : imitation(
                                bed,
                                mpc,
                                (x, a) -> new ImitationLoss(
                                        mlp, DataType.DOUBLE, matrix(new double[][] {x}), matrix(new double[][] {a})));
                policies.put(
                        "mlp-zero-shot",
                        () -> new Learned<>("mlp-zero-shot", bed, mlpMeta, mlpMean, null, null, null, null, null));
                policies.put(
                        "mlp-adapted",
                        () -> new Learned<>(
                                "mlp-adapted",
                                bed,
                                mlpMeta,
                                mlpMean,
                                mlpSupport.get(),
                                learner,
                                adaptation,
                                diverged.get("mlp-adapted"),
                                onsetSink));
            }
            // MOCA's online loop on the rollout signal (both forms through RolloutAdaptivePolicy), not on the large
            // network: its replayed 48-hour rollouts every 4 hours cost ~80 onset adaptations per episode
            List<RolloutAdaptivePolicy<?>> online = new ArrayList<>();
            if (roll && !large) {
                AdaptationConfig moca = onlineDeployment();
                if (graphTrained)
                    policies.put(
                            "graph-online",
                            () -> tracked(
                                    online,
                                    new RolloutAdaptivePolicy<>(
                                            "graph-online",
                                            MetaLearners.create(learner, graphMeta, adaptation),
                                            new MpcExpertPolicy(mpc, bed.criteria()),
                                            moca,
                                            seed,
                                            rollout,
                                            bed.criteria(),
                                            e -> RolloutAdaptivePolicy.graphForm(
                                                    graph, e.layout(), rollout.rolloutConfig(), rollout.horizon()))));
                if (bed == reference && !divergedTraining.contains("mlp"))
                    policies.put(
                            "mlp-online",
                            () -> tracked(
                                    online,
                                    new RolloutAdaptivePolicy<>(
                                            "mlp-online",
                                            MetaLearners.create(learner, mlpMeta, adaptation),
                                            new MpcExpertPolicy(mpc, bed.criteria()),
                                            moca,
                                            seed,
                                            rollout,
                                            bed.criteria(),
                                            e -> RolloutAdaptivePolicy.mlpForm(
                                                    e.layout(),
                                                    rollout.rolloutConfig(),
                                                    mlpMeta.config(),
                                                    mlpMeta.dataType(),
                                                    rollout.horizon()))));
            }
            System.out.printf(
                    "graph-policy: evaluating on %s (%d facilities), %s, %d episodes%n",
                    bed.network().name(),
                    bed.network().facilities().size(),
                    c.family().name(),
                    c.episodes());
            PolicyComparison.Results r;
            try (ProgressTracker bar = ProgressTracker.console(
                    "graph-policy: " + bed.network().name() + " " + c.family().name(),
                    (long) policies.size() * eps.size())) {
                r = new PolicyComparison(bed).run(eps, policies, "no-action", bar);
            }
            for (RolloutAdaptivePolicy<?> p : online)
                diverged.computeIfAbsent(p.name(), k -> new AtomicInteger()).addAndGet(p.divergedAdaptations());
            evaluations.add(new Evaluation(
                    bed.network().name(),
                    bed.network().facilities().size(),
                    c.family().name(),
                    r,
                    diverged.entrySet().stream()
                            .collect(java.util.stream.Collectors.toMap(
                                    Map.Entry::getKey, e -> e.getValue().get())),
                    onsets));
            System.out.println(
                    PolicyComparison.display(PolicyComparison.summary(r)).printAll());
        }
        Outcome outcome = new Outcome(curve, evaluations, graph.numParameters(), divergedTraining);
        if (out != null) write(out, outcome, start, graphMeta);
        return outcome;
    }

    /**
     * The deployment of the online rows: MOCA's ({@link AdaptationConfig#moca()}: onset adaptation, then online SGD
     * every 4 hours on replayed rollout starts taken every 2 hours, annealed rate, L2 consolidation) on the rollout
     * signal.
     */
    static AdaptationConfig onlineDeployment() {
        return AdaptationConfig.moca().withSignal(AdaptationConfig.Signal.ROLLOUT);
    }

    /** The index of {@code episode} in {@code episodes} (its first equal). */
    private static int indexOf(List<Episode> episodes, Episode episode) {
        for (int i = 0; i < episodes.size(); i++) if (episodes.get(i).equals(episode)) return i;
        throw new IllegalStateException("episode " + episode.scenario() + " is not among the evaluation's episodes");
    }

    private static <T extends RolloutAdaptivePolicy<?>> T tracked(List<RolloutAdaptivePolicy<?>> all, T policy) {
        all.add(policy);
        return policy;
    }

    private static ScenarioFamily shipped(String name, Testbed bed) {
        String topology = bed.network().name();
        return org.moca.scenario.ScenarioFamilies.resolve(
                name, "graph-policy study", new org.moca.scenario.ScenarioFamilies.Use(topology, bed.network(), 48));
    }

    /**
     * The expert of every label and of the MPC row: the default MPC with its LP solved in one stage (no unique-plan
     * tie-break, {@link ScaleBench#mpc}'s {@code --single-stage}), a tenth of the two-stage cost; the plan is then one
     * of the optimal plans, which may depend on the solver (HiGHS here).
     */
    static MpcConfig expert() {
        MpcConfig m = MpcConfig.defaults();
        return m.withLp(m.lp().withUniquePlan(false));
    }

    private List<Labelled> label(Testbed bed, List<Episode> episodes) {
        List<Labelled> out = new ArrayList<>();
        for (Episode e : episodes) {
            int onset = e.scenario().onset();
            Demonstrations d = Demonstrations.of(
                    bed.runner(),
                    e,
                    new MpcExpertPolicy(expert(), bed.criteria()),
                    onset,
                    onset + queryHours,
                    LABEL_HOURS);
            out.add(new Labelled(bed, d, onset));
        }
        return out;
    }

    /**
     * Meta-trains {@code start} in place with the study's {@link MetaLearner} ({@link Training#metaTrainOnLosses}:
     * {@code steps} outer steps on batches of {@code metaBatch} distinct tasks); appends (step, mean query loss) to
     * {@code curve} and returns {@code start}, now holding the meta-parameters. Zero steps leave it as it is.
     */
    <P extends ParametricPolicy<P>> P metaTrain(
            P start, List<LossTask> tasks, List<double[]> curve, String name, int steps) {
        if (steps == 0) return start;
        SplittableRandom rng = new SplittableRandom(seed * 15485863L + name.hashCode());
        double[] losses;
        try (MetaLearner<P> l = MetaLearners.create(learner, start, learnerConfig());
                ProgressTracker bar = ProgressTracker.console("graph-policy: " + name + " " + learner, steps)) {
            losses = Training.metaTrainOnLosses(l, tasks, steps, metaBatch, rng, bar);
        }
        for (int step = 0; step < losses.length; step++) curve.add(new double[] {step, losses[step]});
        System.out.printf(
                "graph-policy: %s %s, mean query %s %.4f at the first meta-step, %.4f at the last%n",
                name, learner, signal.equals("rollout") ? "rollout loss" : "NLL", losses[0], losses[losses.length - 1]);
        return start;
    }

    private static INDArray matrix(double[][] rows) {
        return Nd4j.createFromArray(rows).castTo(DataType.DOUBLE);
    }

    /** What a learned policy adapts on at the first observed hour: one episode at a time. */
    interface OnsetSupport {
        void reset(Episode episode);

        /** The support loss of the view's hour ({@code x}: its encoded state). */
        TaskLoss at(SimulatorView view, List<ObservedDisruption> observed, double[] x);
    }

    /** Imitation: the expert's label of the onset state ({@code LABEL_HOURS}-hour mean), its loss from {@code loss}. */
    static OnsetSupport imitation(Testbed bed, MpcConfig expert, BiFunction<double[], double[], TaskLoss> loss) {
        StateLabeller labeller = StateLabeller.of(new MpcExpertPolicy(expert, bed.criteria()), LABEL_HOURS);
        ActionCodec codec = new ActionCodec(bed.layout());
        return new OnsetSupport() {
            @Override
            public void reset(Episode episode) {
                labeller.reset(episode);
            }

            @Override
            public TaskLoss at(SimulatorView view, List<ObservedDisruption> observed, double[] x) {
                return loss.apply(x, codec.encode(labeller.label(view, observed)));
            }
        };
    }

    /** The rollout signal: the observed state's rollout on the expert's forecast ({@link RolloutStarts#at}). */
    static OnsetSupport rollout(
            Testbed bed, MpcConfig expert, int horizon, Function<RolloutTaskLoss.Start, TaskLoss> loss) {
        MpcExpertPolicy planner = new MpcExpertPolicy(expert, bed.criteria());
        return new OnsetSupport() {
            @Override
            public void reset(Episode episode) {
                planner.reset(episode);
            }

            @Override
            public TaskLoss at(SimulatorView view, List<ObservedDisruption> observed, double[] x) {
                return loss.apply(RolloutStarts.at(view, observed, planner, bed.criteria(), horizon));
            }
        };
    }

    /**
     * A learned policy deployed as the study does: the mean action of its parameters; with a support, its learner's K
     * steps ({@link MetaLearner#adapt(TaskLoss, org.moca.meta.ConsolidationPenalty)}) on the support loss of the first
     * observed hour before acting.
     */
    static final class Learned<P extends ParametricPolicy<P>> implements RecoveryPolicy {
        private final String name;
        private final P meta;
        private final BiFunction<P, double[], double[]> mean;
        private final OnsetSupport support;
        private final StateEncoder encoder;
        private final ActionCodec codec;
        private final MetaLearner<P> learner;
        private final AtomicInteger diverged;
        private final java.util.function.BiConsumer<Episode, Onset> onsets;
        private Episode episode;
        private P acting;

        /**
         * @param meta       the meta-parameters (not changed)
         * @param mean       the mean action of a policy in an encoded state
         * @param support    what it adapts on, or null for zero-shot
         * @param learner    the name of the learner that adapts (ignored for zero-shot)
         * @param adaptation its settings (K and the inner rate; one worker)
         * @param diverged   counts the episodes whose K steps left non-finite parameters (then it acts zero-shot)
         * @param onsets     receives each adapted episode's {@link Onset} (its {@code episode} field -1: the receiver
         *                   knows the episode's index); null for zero-shot
         */
        Learned(
                String name,
                Testbed bed,
                P meta,
                BiFunction<P, double[], double[]> mean,
                OnsetSupport support,
                String learner,
                MetaLearnerConfig adaptation,
                AtomicInteger diverged,
                java.util.function.BiConsumer<Episode, Onset> onsets) {
            this.name = Objects.requireNonNull(name, "name");
            this.meta = Objects.requireNonNull(meta, "meta");
            this.mean = Objects.requireNonNull(mean, "mean");
            this.support = support;
            this.encoder = new StateEncoder(bed.layout());
            this.codec = new ActionCodec(bed.layout());
            this.learner = support == null ? null : MetaLearners.create(learner, meta, adaptation);
            this.diverged = diverged;
            this.onsets = onsets;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void reset(Episode episode) {
            acting = null;
            this.episode = episode;
            if (support != null) support.reset(episode);
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            double[] x = KnownDisruptions.encode(encoder, view, observed);
            if (acting == null) {
                acting = meta;
                if (learner != null) {
                    TaskLoss loss = support.at(view, observed, x);
                    P adapted = learner.adapt(loss, null);
                    boolean ok = finite(adapted.parameterView());
                    if (ok) {
                        acting = adapted;
                    } else if (diverged != null) {
                        diverged.incrementAndGet();
                    }
                    if (onsets != null) onsets.accept(episode, onset(loss, adapted, ok, x));
                }
            }
            return codec.decode(mean.apply(acting, x));
        }

        private Onset onset(TaskLoss loss, P adapted, boolean ok, double[] x) {
            INDArray theta0 = meta.parameterView();
            INDArray gradient = theta0.dup();
            double before = loss.lossAndGradient(theta0, gradient);
            double width = codec.dimension();
            return new Onset(
                    name,
                    -1,
                    before,
                    ok ? loss.lossAndGradient(adapted.parameterView(), null) : Double.NaN,
                    gradient.norm2Number().doubleValue(),
                    ok ? adapted.parameterView().distance2(theta0) : Double.NaN,
                    codec.cutEntries(mean.apply(meta, x)) / width,
                    ok ? codec.cutEntries(mean.apply(adapted, x)) / width : Double.NaN);
        }
    }

    /** A graph training task's support loss, its network and the state the policy observes at its onset. */
    record HyperItem(TaskLoss support, GraphStructure graph, double[] state) {}

    /** Hypernetwork training steps: the workbench's default ({@code hyperSteps} of an experiment config). */
    static final int HYPER_STEPS = 300;

    /**
     * The graph hypernetwork, fitted to the deltas of the heads' output layers that the learner's deployment K steps
     * make on each training task's support ({@link GraphHeadHyperNetwork}), from the study's seed.
     */
    private GraphHeadHyperNetwork fitHyper(
            GraphPolicyParameters meta, List<HyperItem> items, MetaLearnerConfig adaptation) {
        GraphHeadHyperNetwork h = new GraphHeadHyperNetwork(meta, HyperNetworkConfig.defaults(), seed);
        List<AdaptationExample> examples = new ArrayList<>();
        try (MetaLearner<GraphPolicyParameters> l = MetaLearners.create(learner, meta, adaptation);
                ProgressTracker bar = ProgressTracker.console("graph-policy: hypernetwork examples", items.size())) {
            for (HyperItem it : items) {
                examples.add(h.example(l.adapt(it.support(), null), it.graph(), it.state()));
                bar.step();
            }
        }
        double mse = h.fit(examples, HYPER_STEPS, new SplittableRandom(seed));
        System.out.printf(
                "graph-policy: hypernetwork fitted on %d adaptations, %d steps, mean squared error %.3f (target-RMS"
                        + " units), delta bound %.4g%n",
                examples.size(), HYPER_STEPS, mse, h.deltaBound());
        return h;
    }

    /**
     * The graph policy adapted by the hypernetwork: in the first observed hour, one generator pass from that state's
     * context moves the heads' output layers (no gradient step, no planner), and it acts on those from then on.
     */
    static final class Hyper implements RecoveryPolicy {
        private final GraphHeadHyperNetwork hyper;
        private final StateEncoder encoder;
        private final ActionCodec codec;
        private final GraphStructure graph;
        private GraphPolicyParameters acting;

        Hyper(Testbed bed, GraphHeadHyperNetwork hyper) {
            this.hyper = Objects.requireNonNull(hyper, "hyper");
            this.encoder = new StateEncoder(bed.layout());
            this.codec = new ActionCodec(bed.layout());
            this.graph = new GraphStructure(bed.layout());
        }

        @Override
        public String name() {
            return "graph-hyper";
        }

        @Override
        public void reset(Episode episode) {
            acting = null;
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            double[] x = KnownDisruptions.encode(encoder, view, observed);
            if (acting == null) acting = hyper.adapt(graph, x);
            return codec.decode(acting.mean(graph, x));
        }
    }

    /** The rollout signal's training starts of {@code episodes}: at each onset, on the expert's forecast. */
    private List<RolloutStarts.OnsetStarts> onsetStarts(Testbed bed, List<Episode> episodes) {
        return RolloutStarts.atOnset(
                bed.runner(),
                episodes,
                new MpcExpertPolicy(expert(), bed.criteria()),
                bed.criteria(),
                rollout.horizon());
    }

    /**
     * The graph policy's rollout pretraining, as {@link Training#rolloutPretrain} for the MLP: Adam with the rollout
     * settings' steps and rate on the mean rollout loss over every training start (each network's loss weighted by
     * its starts).
     */
    private void pretrainGraph(GraphPolicyParameters policy, List<GraphRolloutLoss> losses) {
        int size = (int) policy.numParameters();
        org.moca.policy.Adam adam =
                new org.moca.policy.Adam(size, DataType.DOUBLE, rollout.pretrainLearningRate(), 0.9, 0.999, 1e-8);
        int total = 0;
        for (GraphRolloutLoss l : losses) total += l.starts();
        double[] g = new double[size], sum = new double[size];
        double first = Double.NaN, last = Double.NaN;
        try (ProgressTracker bar =
                ProgressTracker.console("graph-policy: graph rollout pretraining", rollout.pretrainSteps())) {
            for (int step = 0; step < rollout.pretrainSteps(); step++) {
                double[] theta = policy.parameterView().toDoubleVector();
                java.util.Arrays.fill(sum, 0);
                double loss = 0;
                for (GraphRolloutLoss l : losses) {
                    double w = (double) l.starts() / total;
                    loss += w * l.lossAndGradient(theta, g);
                    for (int i = 0; i < size; i++) sum[i] += w * g[i];
                }
                adam.step(policy.parameterView(), Nd4j.createFromArray(sum));
                if (step == 0) first = loss;
                last = loss;
                bar.step();
            }
        }
        System.out.printf("graph-policy: graph rollout pretraining, mean rollout loss %.4f -> %.4f%n", first, last);
    }

    private static boolean finite(INDArray theta) {
        for (double v : theta.toDoubleVector()) if (!Double.isFinite(v)) return false;
        return true;
    }

    private void write(Path out, Outcome outcome, Provenance.Start start, GraphPolicyParameters graphMeta)
            throws IOException {
        Files.createDirectories(out);
        StringBuilder theta = new StringBuilder("index,value\n");
        double[] meta = graphMeta.parameterView().toDoubleVector();
        for (int i = 0; i < meta.length; i++)
            theta.append(i).append(',').append(meta[i]).append('\n');
        AtomicFiles.writeString(out.resolve("graph-parameters.csv"), theta.toString());
        StringBuilder curve = new StringBuilder(
                signal.equals("rollout") ? "step,mean_query_rollout_loss\n" : "step,mean_query_nll\n");
        for (double[] r : outcome.trainingCurve())
            curve.append((int) r[0]).append(',').append(r[1]).append('\n');
        AtomicFiles.writeString(out.resolve("training.csv"), curve.toString());
        StringBuilder eps =
                new StringBuilder("network,facilities,family,policy,episode,recovered,unmet_demand,resilience_loss\n");
        StringBuilder summary = new StringBuilder(
                "network,facilities,family,policy,episodes,recovered,rate,rate_low,rate_high,mean_unmet,unmet_low,unmet_high,adaptation_diverged\n");
        StringBuilder paired = new StringBuilder(
                "network,family,policy,versus,episodes,only_policy_recovered,only_versus_recovered,mcnemar_p,mean_unmet_difference,low,high\n");
        for (Evaluation ev : outcome.evaluations()) {
            var by = ev.results().byPolicy();
            for (var e : by.entrySet()) {
                List<EpisodeRunner.Result> rs = e.getValue();
                int rec = 0;
                double[] unmet = new double[rs.size()];
                for (int i = 0; i < rs.size(); i++) {
                    var m = rs.get(i).metrics();
                    rec += m.recovered() ? 1 : 0;
                    unmet[i] = m.unmetDemand();
                    eps.append(String.join(
                                    ",",
                                    ev.network(),
                                    "" + ev.facilities(),
                                    ev.family(),
                                    e.getKey(),
                                    "" + i,
                                    "" + m.recovered(),
                                    "" + m.unmetDemand(),
                                    "" + m.resilienceLoss()))
                            .append('\n');
                }
                Stats.Interval w = Stats.wilson(rec, rs.size());
                Stats.Interval u = Stats.meanT(unmet);
                summary.append(String.join(
                                ",",
                                ev.network(),
                                "" + ev.facilities(),
                                ev.family(),
                                e.getKey(),
                                "" + rs.size(),
                                "" + rec,
                                "" + w.estimate(),
                                "" + w.lower(),
                                "" + w.upper(),
                                "" + u.estimate(),
                                "" + u.lower(),
                                "" + u.upper(),
                                "" + ev.diverged().getOrDefault(e.getKey(), 0)))
                        .append('\n');
            }
            for (String learned : List.of(
                    "graph-zero-shot",
                    "graph-adapted",
                    "graph-hyper",
                    "graph-online",
                    "mlp-zero-shot",
                    "mlp-adapted",
                    "mlp-online")) {
                if (!by.containsKey(learned)) continue;
                for (String versus : by.keySet()) {
                    boolean learnedToo = versus.startsWith("graph-") || versus.startsWith("mlp-");
                    if (versus.equals(learned)
                            || (learnedToo && (learned.startsWith("mlp-") || versus.startsWith("graph-")))) continue;
                    paired.append(pairedRow(
                                    ev.network(), ev.family(), learned, versus, by.get(learned), by.get(versus)))
                            .append('\n');
                }
            }
            for (String[] pair : new String[][] {
                {"graph-adapted", "graph-zero-shot"},
                {"graph-online", "graph-adapted"},
                {"graph-hyper", "graph-adapted"},
                {"graph-hyper", "graph-zero-shot"},
                {"mlp-adapted", "mlp-zero-shot"},
                {"mlp-online", "mlp-adapted"}
            })
                if (by.containsKey(pair[0]) && by.containsKey(pair[1]))
                    paired.append(pairedRow(
                                    ev.network(), ev.family(), pair[0], pair[1], by.get(pair[0]), by.get(pair[1])))
                            .append('\n');
        }
        AtomicFiles.writeString(out.resolve("episodes.csv"), eps.toString());
        AtomicFiles.writeString(out.resolve("summary.csv"), summary.toString());
        AtomicFiles.writeString(out.resolve("paired.csv"), paired.toString());
        StringBuilder onset = new StringBuilder(
                "network,family,policy,episode,loss_before,loss_after,gradient_norm,step_norm,cut_before,cut_after\n");
        for (Evaluation ev : outcome.evaluations())
            for (Onset o : ev.onsets())
                onset.append(String.join(
                                ",",
                                ev.network(),
                                ev.family(),
                                o.policy(),
                                "" + o.episode(),
                                "" + o.lossBefore(),
                                "" + o.lossAfter(),
                                "" + o.gradientNorm(),
                                "" + o.stepNorm(),
                                "" + o.cutBefore(),
                                "" + o.cutAfter()))
                        .append('\n');
        AtomicFiles.writeString(out.resolve("onset.csv"), onset.toString());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("study", this);
        config.put("graphPolicy", GraphPolicyConfig.defaults());
        config.put("parameters", outcome.parameters());
        config.put("metaTrainingDiverged", outcome.divergedTraining());
        config.put("mpc", expert());
        config.put("labelHours", LABEL_HOURS);
        config.put("heuristic", HeuristicConfig.defaults());
        Provenance.capture(config, Map.of("seed", seed), List.of(), start, Instant.now())
                .write(out);
        System.out.println("graph-policy: wrote " + out.resolve("summary.csv")
                + ", paired.csv, episodes.csv, onset.csv, training.csv, graph-parameters.csv, provenance.json");
    }

    /** Paired on common episodes: McNemar on recovery, the mean difference in unmet demand with its t interval. */
    static String pairedRow(
            String network,
            String family,
            String policy,
            String versus,
            List<EpisodeRunner.Result> a,
            List<EpisodeRunner.Result> b) {
        int onlyA = 0, onlyB = 0;
        double[] diff = new double[a.size()];
        for (int i = 0; i < a.size(); i++) {
            boolean ra = a.get(i).metrics().recovered(), rb = b.get(i).metrics().recovered();
            if (ra && !rb) onlyA++;
            if (rb && !ra) onlyB++;
            diff[i] = a.get(i).metrics().unmetDemand() - b.get(i).metrics().unmetDemand();
        }
        Stats.Interval d = diff.length > 1 ? Stats.meanT(diff) : Stats.Interval.undefined(diff[0], 0.95);
        return String.join(
                ",",
                network,
                family,
                policy,
                versus,
                "" + a.size(),
                "" + onlyA,
                "" + onlyB,
                "" + Stats.mcNemarExact(onlyA, onlyB),
                "" + d.estimate(),
                "" + d.lower(),
                "" + d.upper());
    }
}
