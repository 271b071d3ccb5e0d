package org.moca.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.moca.agent.AdaptationConfig;
import org.moca.agent.AdaptivePolicy;
import org.moca.agent.Dagger;
import org.moca.agent.DaggerConfig;
import org.moca.agent.RolloutSignalConfig;
import org.moca.agent.RolloutStarts;
import org.moca.agent.Training;
import org.moca.baseline.BackupRulePolicy;
import org.moca.baseline.DelayedPolicy;
import org.moca.baseline.HeuristicConfig;
import org.moca.baseline.HeuristicPolicy;
import org.moca.baseline.NoActionPolicy;
import org.moca.hyper.HeadHyperNetwork;
import org.moca.infra.ProgressTracker;
import org.moca.meta.ConsolidatedMetaLearner;
import org.moca.meta.FirstOrderMaml;
import org.moca.meta.LearningTask;
import org.moca.meta.Maml;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.meta.MetaLearners;
import org.moca.meta.Reptile;
import org.moca.meta.RolloutTaskLoss;
import org.moca.opt.PlanningPolicy;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.rl.EnvConfig;
import org.moca.rl.Ppo;
import org.moca.rl.PpoConfig;
import org.moca.rl.PpoPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.ActionCodec;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The one registry of methods (experiments, the command line, notebooks): a map from name to a {@link Method} whose
 * recipe trains what it needs (once per seed) and returns a factory of fresh deployed policies. Every MOCA component is
 * a switch of {@link AdaptationConfig}, so the ablations are entries here, not code paths. Methods that train nothing
 * (the OR baselines) can be made from a testbed alone ({@link #untrained}).
 */
public final class Methods {

    private Methods() {}

    /** What a recipe may use: the testbed, the config, the seed, its training tasks, the experts, a shared cache. */
    public static final class Context {
        final Testbed testbed;
        final ExperimentConfig config;
        final long seed;
        final Supplier<List<LearningTask>> tasks;
        final ExperimentRunner.Experts experts;
        final Map<String, Object> cache = new LinkedHashMap<>();

        /**
         * A context.
         *
         * @param tasks   the seed's training tasks, labelled by the config's {@code trainingLabeller} (computed on first use, by the first recipe that
         *                needs them)
         * @param experts the deployment-time labeller (MPC) and the oracle (the {@code ORACLE} training labeller)
         */
        public Context(
                Testbed testbed,
                ExperimentConfig config,
                long seed,
                Supplier<List<LearningTask>> tasks,
                ExperimentRunner.Experts experts) {
            this.testbed = Objects.requireNonNull(testbed, "testbed");
            this.config = Objects.requireNonNull(config, "config");
            this.seed = seed;
            this.tasks = Objects.requireNonNull(tasks, "tasks");
            this.experts = Objects.requireNonNull(experts, "experts");
        }

        /** The policy network's shape for this testbed: state and action sizes, the config's hidden layers. */
        public PolicyConfig policyConfig() {
            int s = new StateEncoder(testbed.layout()).dimension(), a = new ActionCodec(testbed.layout()).dimension();
            return PolicyConfig.of(
                    s, a, config.hidden().stream().mapToInt(Integer::intValue).toArray());
        }

        /** The meta-learners' settings from the config (inner steps, inner and outer learning rates). */
        public MetaLearnerConfig learnerConfig() {
            return MetaLearnerConfig.defaults()
                    .withInnerSteps(config.innerSteps())
                    .withInnerLearningRate(config.innerLearningRate())
                    .withOuterLearningRate(config.outerLearningRate());
        }

        /**
         * The seed's training episodes: the ones its training tasks are labelled on ({@code trainEpisodes} of the
         * training family, drawn with the seed).
         */
        public List<org.moca.scenario.Episode> trainingEpisodes() {
            ScenarioFamily train = ScenarioFamilies.resolve(
                    config.trainFamily(),
                    "trainFamily",
                    new ScenarioFamilies.Use(
                            config.topology(),
                            testbed.network(),
                            testbed.criteria().windowHours()));
            return testbed.episodes(train, config.trainEpisodes(), seed);
        }

        /** A freshly initialized policy, seeded by the context's seed. */
        public GaussianPolicy freshPolicy() {
            return GaussianPolicy.initialize(policyConfig(), DataType.FLOAT, seed);
        }
    }

    /** Trains what it needs in the context, then makes deployed policies. */
    @FunctionalInterface
    public interface Recipe {
        Supplier<RecoveryPolicy> prepare(Context context);
    }

    /**
     * A registered method.
     *
     * @param name        its name in configs, on the command line and in tables
     * @param description one line for help texts
     * @param trains      whether its recipe trains anything (learned methods) or only builds a policy (baselines)
     * @param recipe      how to make its deployed policies
     */
    public record Method(String name, String description, boolean trains, Recipe recipe) {}

    private static final Map<String, Method> METHODS = new LinkedHashMap<>();

    private static void register(String name, String description, boolean trains, Recipe recipe) {
        if (METHODS.putIfAbsent(name, new Method(name, description, trains, recipe)) != null)
            throw new IllegalStateException("method " + name + " registered twice");
    }

    private static void baseline(String name, String description, Recipe recipe) {
        register(name, description, false, recipe);
    }

    private static void learned(String name, String description, Recipe recipe) {
        register(name, description, true, recipe);
    }

    static {
        baseline("no-action", "keep the pre-disruption (nominal) controls", ctx -> NoActionPolicy::new);
        baseline(
                "heuristic",
                "rule-based rerouting: backup supply, spare processors, remanufacturing first",
                ctx -> () -> new HeuristicPolicy(HeuristicConfig.defaults()));
        baseline(
                "backup-rule",
                "one-decision probe: nominal plan, every virgin supplier at full rate once disrupted",
                ctx -> BackupRulePolicy::new);
        baseline("mpc", "rolling-horizon LP expert with what is known at each hour", ctx -> ctx.experts.mpc());
        baseline(
                "mpc-delayed",
                "the MPC held to the nominal controls for the support hours (protocol v1's own ceiling)",
                ctx -> () ->
                        new DelayedPolicy("mpc-delayed", ctx.experts.mpc().get(), ctx.config.supportHours(), false));
        baseline("oracle", "LP over the window with perfect information (the ceiling)", ctx -> ctx.experts.oracle());
        learned("ppo", "PPO trained on stable operation, deployed without adaptation", ctx -> {
            Ppo ppo = new Ppo(PpoConfig.defaults().withSeed(ctx.seed), EnvConfig.defaults(), ctx.testbed.layout());
            ScenarioFamily stable = ScenarioFamilies.resolve(
                    ctx.config.ppoFamily(),
                    "ppoFamily",
                    new ScenarioFamilies.Use(
                            ctx.config.topology(),
                            ctx.testbed.network(),
                            ctx.testbed.criteria().windowHours()));
            ppo.train(ctx.testbed.episodes(stable, ctx.config.ppoEpisodes(), ctx.seed), ctx.config.ppoUpdates());
            GaussianPolicy trained = ppo.policy();
            return () -> PpoPolicy.deterministic(trained);
        });
        learned("multitask", "one policy pretrained on all training tasks, then the same K steps at onset", ctx -> {
            GaussianPolicy p = ctx.freshPolicy();
            Training.multiTask(
                    p,
                    ctx.tasks.get(),
                    ctx.config.metaIterations(),
                    ctx.config.metaBatch(),
                    ctx.config.outerLearningRate(),
                    new SplittableRandom(ctx.seed),
                    null);
            Maml<GaussianPolicy> fineTuner =
                    new Maml<>(p, ctx.learnerConfig()); // its adapt() is plain K-step SGD fine-tuning
            return deploy("multitask", ctx, fineTuner, null, maml(ctx));
        });
        for (String name : MetaLearners.NAMES) registerMeta(name);
        // Deployment-protocol variants of the same meta-trained MAML (issue 15): each differs from `maml` or `moca` in
        // one switch, so a paired difference on common test episodes measures that switch alone.
        learned(
                "maml-v1",
                "MAML deployed with protocol v1: acts unadapted for the support hours (the blind start)",
                ctx -> deploy(
                        "maml-v1",
                        ctx,
                        metaTrained(ctx, "maml", Maml::new),
                        null,
                        maml(ctx).withOnsetSupport(AdaptationConfig.OnsetSupport.OFF)));
        learned(
                "maml-observed",
                "MAML adapted at onset on the observed state alone (one row, the plan's label)",
                ctx -> deploy(
                        "maml-observed",
                        ctx,
                        metaTrained(ctx, "maml", Maml::new),
                        null,
                        maml(ctx).withOnsetSupport(AdaptationConfig.OnsetSupport.OBSERVED)));
        // The stale state (issue 15, item 2): the same meta-training (initialization, task order and settings) on
        // training tasks whose states are encoded in layout 1, deployed in layout 1; paired with maml and moca it
        // measures what the last simulated hour's factors cost.
        learned(
                "maml-layout1",
                "MAML trained and deployed on protocol v1's stale state (state layout 1: the last simulated hour's"
                        + " factors)",
                ctx -> deploy(
                        "maml-layout1",
                        ctx,
                        layout1Trained(ctx),
                        null,
                        maml(ctx).withStateLayout(1)));
        learned(
                "moca-layout1",
                "maml-layout1's meta-policy deployed like moca (state layout 1 throughout)",
                ctx -> deploy(
                        "moca-layout1",
                        ctx,
                        layout1Trained(ctx),
                        null,
                        moca(ctx).withStateLayout(1)));
        registerMoca("moca", "MOCA: MAML + online replay, annealed rate, consolidation", c -> c);
        registerMoca("moca-no-replay", "MOCA without prioritized replay", c -> c.withReplay(false));
        registerMoca("moca-no-annealing", "MOCA without the annealed learning rate", c -> c.withAnnealing(false));
        registerMoca("moca-no-consolidation", "MOCA without consolidation", c -> c.withConsolidation(false));
        registerMoca("moca-no-online", "MOCA without online updates", c -> c.withOnline(false));
        registerMoca(
                "moca-v1",
                "MOCA deployed with protocol v1: acts unadapted for the support hours",
                c -> c.withOnsetSupport(AdaptationConfig.OnsetSupport.OFF));
        // Not an ablation: MOCA's online loop at full speed (an update every 2 h on hourly labels, the fixed inner rate
        // from the first update). The full run showed the loop helping but recovering after the window, and the
        // annealed rate (starting at 0.01) as the slowest part; experiments/REPRODUCTION.md reports it separately,
        // chosen on validation seeds, not on the test episodes.
        registerMoca(
                "moca-eager",
                "MOCA's online loop at full speed (every 2 h, fixed rate)",
                c -> c.withAnnealing(false).withCadence(2, 1));
        // The article's placement of consolidation: inside the meta-update (each task's outer objective carries
        // P(adapted theta)), against a kept anchor re-snapshotted every outerConsolidation.anchorEvery outer updates;
        // deployment is MOCA's (online replay, annealed rate, the deployment-time penalty).
        learned(
                "moca-article",
                "MOCA as the article describes it: consolidation inside the meta-update (kept anchor), then MOCA's"
                        + " deployment",
                ctx -> deploy(
                        "moca-article",
                        ctx,
                        metaTrained(
                                ctx,
                                "maml-article",
                                (p, c) -> ConsolidatedMetaLearner.maml(p, c, ctx.config.outerConsolidation())),
                        null,
                        moca(ctx)));
        // DAgger (issue 15, item 3): one meta-training per seed, shared as moca shares maml's; the rollouts adapt as
        // maml-dagger is deployed (AdaptationConfig of maml), so moca-dagger is "the same meta-policy, deployed like
        // moca"
        learned(
                "maml-dagger",
                "MAML meta-trained by DAgger on its own adapted rollouts (expert-relabelled), deployed like maml",
                ctx -> deploy("maml-dagger", ctx, daggerTrained(ctx), null, maml(ctx)));
        learned(
                "moca-dagger",
                "maml-dagger's meta-policy deployed like moca (online replay, annealed rate, consolidation)",
                ctx -> deploy("moca-dagger", ctx, daggerTrained(ctx), null, moca(ctx)));
        learned("moca-hyper", "MOCA with the hypernetwork's bounded one-pass adaptation (real-time path)", ctx -> {
            MetaLearner<GaussianPolicy> learner = metaTrained(ctx, "maml", Maml::new);
            HeadHyperNetwork hyper = (HeadHyperNetwork) cached(ctx, "hyper", () -> {
                HeadHyperNetwork h = new HeadHyperNetwork(learner.policy(), ctx.config.hyper(), ctx.seed);
                if (ctx.config.onsetSupport() == AdaptationConfig.OnsetSupport.OFF) {
                    Training.fitHypernetwork(
                            h, learner, ctx.tasks.get(), ctx.config.hyperSteps(), new SplittableRandom(ctx.seed));
                } else {
                    // protocol v2: fit on the support sets deployment builds, the onset plans of the training episodes
                    Training.fitHypernetworkOnSupports(
                            h,
                            learner,
                            Training.onsetSupports(
                                    ctx.testbed.runner(), ctx.trainingEpisodes(), ctx.experts.mpc(), moca(ctx), null),
                            ctx.config.hyperSteps(),
                            new SplittableRandom(ctx.seed));
                }
                return h;
            });
            return deploy(
                    "moca-hyper",
                    ctx,
                    learner,
                    hyper,
                    moca(ctx).withAdaptation(AdaptationConfig.Adaptation.HYPERNETWORK));
        });
    }

    // The rollout signal (issue 16, item 2): the same deployment protocol (adapt in the onset hour, before acting;
    // MOCA's online loop after it), every loss the differentiable twin's rollout objective instead of imitation. Each
    // method differs from the one before it in one switch: rollout-finetuned from rollout-pretrained in the onset
    // adaptation, maml-rollout from rollout-finetuned in the meta-training, moca-rollout from maml-rollout in MOCA's
    // online loop, and its ablations in one component each.
    static {
        learned(
                "rollout-pretrained",
                "one policy pretrained on the twin's rollout objective from the training onsets, deployed as is",
                ctx -> deployRollout(
                        "rollout-pretrained",
                        ctx,
                        rolloutPretrained(ctx),
                        maml(ctx).withAdaptation(AdaptationConfig.Adaptation.NONE)));
        learned(
                "rollout-finetuned",
                "rollout-pretrained, then K SGD steps on the rollout objective from the observed onset state",
                ctx -> deployRollout("rollout-finetuned", ctx, rolloutPretrained(ctx), maml(ctx)));
        learned(
                "maml-rollout",
                "first-order MAML on rollout tasks (adapt on the forecast, judged on the realization), from"
                        + " rollout-pretrained; adapted at onset on the rollout objective",
                ctx -> deployRollout(
                        "maml-rollout", ctx, rolloutMetaTrained(ctx, "fomaml", FirstOrderMaml::new), maml(ctx)));
        learned(
                "reptile-rollout",
                "Reptile on rollout tasks, from rollout-pretrained; adapted at onset on the rollout objective",
                ctx -> deployRollout(
                        "reptile-rollout", ctx, rolloutMetaTrained(ctx, "reptile", Reptile::new), maml(ctx)));
        registerMocaRollout(
                "moca-rollout",
                "MOCA on the rollout objective: maml-rollout + online replay of rollout"
                        + " starts, annealed rate, consolidation",
                c -> c);
        registerMocaRollout("moca-rollout-no-online", "moca-rollout without online updates", c -> c.withOnline(false));
        // The stale state on the rollout signal (issue 15, item 2): pretraining, meta-training and deployment with the
        // twin's and the simulator's states in layout 1, from the same initial policy and starts
        learned(
                "rollout-finetuned-layout1",
                "rollout-finetuned on protocol v1's stale state (state layout 1 in pretraining and adaptation)",
                ctx -> deployRollout(
                        "rollout-finetuned-layout1",
                        ctx,
                        rolloutPretrained(ctx, 1),
                        maml(ctx).withStateLayout(1)));
        learned(
                "moca-rollout-layout1",
                "moca-rollout on protocol v1's stale state (state layout 1 in pretraining, meta-training and deployment)",
                ctx -> deployRollout(
                        "moca-rollout-layout1",
                        ctx,
                        rolloutMetaTrained(ctx, "fomaml", FirstOrderMaml::new, 1),
                        moca(ctx).withStateLayout(1)));
        registerMocaRollout(
                "moca-rollout-no-replay",
                "moca-rollout without prioritized replay (the newest starts)",
                c -> c.withReplay(false));
        registerMocaRollout(
                "moca-rollout-no-annealing", "moca-rollout without the annealed rate", c -> c.withAnnealing(false));
        registerMocaRollout(
                "moca-rollout-no-consolidation", "moca-rollout without consolidation", c -> c.withConsolidation(false));
    }

    private static void registerMocaRollout(
            String name, String description, java.util.function.UnaryOperator<AdaptationConfig> variant) {
        learned(
                name,
                description,
                ctx -> deployRollout(
                        name, ctx, rolloutMetaTrained(ctx, "fomaml", FirstOrderMaml::new), variant.apply(moca(ctx))));
    }

    /** The meta-learners' settings of the rollout methods: the rollout signal's inner steps and rates. */
    private static MetaLearnerConfig rolloutLearnerConfig(Context ctx) {
        RolloutSignalConfig r = ctx.config.rollout();
        return ctx.learnerConfig()
                .withInnerSteps(r.innerSteps())
                .withInnerLearningRate(r.innerLearningRate())
                .withOuterLearningRate(r.outerLearningRate());
    }

    /** The seed's training episodes' rollout starts at onset (forecast and hindsight), once per context. */
    @SuppressWarnings("unchecked")
    private static List<RolloutStarts.OnsetStarts> rolloutStarts(Context ctx) {
        return (List<RolloutStarts.OnsetStarts>) cached(ctx, "rollout:starts", () -> {
            RecoveryPolicy expert = ctx.experts.mpc().get();
            if (!(expert instanceof PlanningPolicy planner))
                throw new IllegalStateException("the rollout signal needs a planning expert, got " + expert.name());
            return RolloutStarts.atOnset(
                    ctx.testbed.runner(),
                    ctx.trainingEpisodes(),
                    planner,
                    ctx.testbed.criteria(),
                    ctx.config.rollout().horizon());
        });
    }

    /**
     * A fresh policy pretrained on the rollout objective from the seed's training onsets (on the expert's forecast:
     * what deployment can know), once per context; wrapped in a first-order learner whose adaptation is the rollout
     * signal's inner loop.
     */
    private static MetaLearner<GaussianPolicy> rolloutPretrained(Context ctx) {
        return rolloutPretrained(ctx, StateEncoder.LAYOUT_VERSION);
    }

    /** {@link #rolloutPretrained(Context)} with the rollouts' states in {@code stateLayout} (the same init and starts). */
    private static MetaLearner<GaussianPolicy> rolloutPretrained(Context ctx, int stateLayout) {
        return cachedLearner(ctx, "rollout:pretrained" + layoutSuffix(stateLayout), () -> {
            RolloutSignalConfig r = ctx.config.rollout();
            GaussianPolicy p = ctx.freshPolicy();
            List<RolloutTaskLoss.Start> starts = rolloutStarts(ctx).stream()
                    .map(RolloutStarts.OnsetStarts::forecast)
                    .toList();
            try (ProgressTracker bar =
                    ProgressTracker.console("rollout pretraining seed " + ctx.seed, r.pretrainSteps())) {
                Training.rolloutPretrain(p, ctx.testbed.layout(), starts, r, stateLayout, bar);
            }
            return new FirstOrderMaml<>(p, rolloutLearnerConfig(ctx));
        });
    }

    /**
     * A first-order meta-learner trained on the rollout tasks ({@link Training#rolloutTasks}) for
     * {@code rollout.metaIterations} outer steps, warm-started from a copy of the rollout-pretrained policy, once per
     * context and learner.
     */
    private static MetaLearner<GaussianPolicy> rolloutMetaTrained(
            Context ctx, String key, BiFunction<GaussianPolicy, MetaLearnerConfig, MetaLearner<GaussianPolicy>> make) {
        return rolloutMetaTrained(ctx, key, make, StateEncoder.LAYOUT_VERSION);
    }

    /** {@link #rolloutMetaTrained(Context, String, BiFunction)} in {@code stateLayout}, from that layout's pretraining. */
    private static MetaLearner<GaussianPolicy> rolloutMetaTrained(
            Context ctx,
            String key,
            BiFunction<GaussianPolicy, MetaLearnerConfig, MetaLearner<GaussianPolicy>> make,
            int stateLayout) {
        return cachedLearner(ctx, "rollout:" + key + layoutSuffix(stateLayout), () -> {
            RolloutSignalConfig r = ctx.config.rollout();
            MetaLearner<GaussianPolicy> learner =
                    make.apply(rolloutPretrained(ctx, stateLayout).policy().copy(), rolloutLearnerConfig(ctx));
            List<org.moca.meta.LossTask> tasks =
                    Training.rolloutTasks(ctx.testbed.layout(), rolloutStarts(ctx), r, stateLayout, learner.policy());
            try (ProgressTracker bar =
                    ProgressTracker.console(key + "-rollout meta-training seed " + ctx.seed, r.metaIterations())) {
                Training.metaTrainOnLosses(
                        learner,
                        tasks,
                        r.metaIterations(),
                        ctx.config.metaBatch(),
                        new SplittableRandom(ctx.seed),
                        bar);
            }
            return learner;
        });
    }

    /** The cache-key suffix of a state layout: none for the current one, "-layout1" for layout 1. */
    private static String layoutSuffix(int stateLayout) {
        return stateLayout == StateEncoder.LAYOUT_VERSION ? "" : "-layout" + stateLayout;
    }

    /**
     * The context's cached value of {@code key}, computed on first use: the one way recipes share work within a seed.
     * Unlike {@code computeIfAbsent} the computation may itself use the cache (the rollout learners build on the
     * cached pretrained policy and starts). Not thread-safe, like what it caches (a meta-learner's buffers):
     * {@link TrialWorker} runs one trial of a seed at a time.
     */
    /** {@link #cached} for a learner: every learner this class builds wraps the context's {@link GaussianPolicy}. */
    @SuppressWarnings("unchecked") // the learner keys hold nothing but what compute returned under them
    private static MetaLearner<GaussianPolicy> cachedLearner(
            Context ctx, String key, Supplier<MetaLearner<GaussianPolicy>> compute) {
        return (MetaLearner<GaussianPolicy>) cached(ctx, key, compute::get);
    }

    private static Object cached(Context ctx, String key, Supplier<Object> compute) {
        Object v = ctx.cache.get(key);
        if (v == null) {
            v = Objects.requireNonNull(compute.get(), key);
            ctx.cache.put(key, v);
        }
        return v;
    }

    private static Supplier<RecoveryPolicy> deployRollout(
            String name, Context ctx, MetaLearner<GaussianPolicy> learner, AdaptationConfig a) {
        AdaptationConfig rollout = a.withSignal(AdaptationConfig.Signal.ROLLOUT);
        return () -> new AdaptivePolicy(
                name,
                learner,
                null,
                ctx.experts.mpc().get(),
                rollout,
                ctx.seed,
                ctx.config.rollout(),
                ctx.testbed.criteria());
    }

    private static AdaptationConfig maml(Context ctx) {
        return AdaptationConfig.maml()
                .withSupportHours(ctx.config.supportHours())
                .withLabelHours(ctx.config.labelHours())
                .withOnsetSupport(ctx.config.onsetSupport());
    }

    private static AdaptationConfig moca(Context ctx) {
        return AdaptationConfig.moca()
                .withSupportHours(ctx.config.supportHours())
                .withLabelHours(ctx.config.labelHours())
                .withOnsetSupport(ctx.config.onsetSupport());
    }

    private static void registerMeta(String name) {
        learned(
                name,
                MetaLearners.description(name),
                ctx -> deploy(
                        name, ctx, metaTrained(ctx, name, (p, c) -> MetaLearners.create(name, p, c)), null, maml(ctx)));
    }

    private static void registerMoca(
            String name, String description, java.util.function.UnaryOperator<AdaptationConfig> variant) {
        learned(
                name,
                description,
                ctx -> deploy(name, ctx, metaTrained(ctx, "maml", Maml::new), null, variant.apply(moca(ctx))));
    }

    /** Meta-trains a learner once per context (MOCA and its ablations share MAML's meta-training). */
    private static MetaLearner<GaussianPolicy> metaTrained(
            Context ctx, String key, BiFunction<GaussianPolicy, MetaLearnerConfig, MetaLearner<GaussianPolicy>> make) {
        return metaTrained(ctx, key, make, ctx.tasks);
    }

    /**
     * MAML meta-trained as {@code maml} is (the same initial policy, task order and settings) on the seed's training
     * tasks with their states encoded in layout 1, once per context.
     */
    private static MetaLearner<GaussianPolicy> layout1Trained(Context ctx) {
        return metaTrained(
                ctx,
                "maml-layout1",
                Maml::new,
                () -> ExperimentRunner.trainingTasks(ctx.testbed, ctx.config, ctx.experts, ctx.trainingEpisodes(), 1));
    }

    private static MetaLearner<GaussianPolicy> metaTrained(
            Context ctx,
            String key,
            BiFunction<GaussianPolicy, MetaLearnerConfig, MetaLearner<GaussianPolicy>> make,
            Supplier<List<LearningTask>> tasks) {
        return cachedLearner(ctx, "learner:" + key, () -> {
            MetaLearner<GaussianPolicy> learner = make.apply(ctx.freshPolicy(), ctx.learnerConfig());
            Training.metaTrain(
                    learner,
                    tasks.get(),
                    ctx.config.metaIterations(),
                    ctx.config.metaBatch(),
                    new SplittableRandom(ctx.seed),
                    null);
            return learner;
        });
    }

    /**
     * MAML meta-trained by DAgger once per context ({@link Dagger}): round 0 on the seed's training tasks (with
     * {@code dagger.rounds = 0} exactly {@code maml}'s meta-training), then rollouts of the maml-adapted meta-policy on
     * the seed's training episodes, relabelled by the {@code trainingLabeller}, the deployment expert (MPC) labelling
     * the rollouts' support sets as at deployment.
     */
    private static MetaLearner<GaussianPolicy> daggerTrained(Context ctx) {
        return cachedLearner(ctx, "learner:maml-dagger", () -> {
            MetaLearner<GaussianPolicy> learner = new Maml<>(ctx.freshPolicy(), ctx.learnerConfig());
            ScenarioFamily family = ScenarioFamilies.resolve(
                    ctx.config.trainFamily(),
                    "trainFamily",
                    new ScenarioFamilies.Use(
                            ctx.config.topology(),
                            ctx.testbed.network(),
                            ctx.testbed.criteria().windowHours()));
            List<Episode> episodes = ExperimentRunner.trainingEpisodes(ctx.testbed, family, ctx.config, ctx.seed);
            Supplier<RecoveryPolicy> relabeller = switch (ctx.config.trainingLabeller()) {
                case MPC -> ctx.experts.mpc();
                case ORACLE -> ctx.experts.oracle();
            };
            DaggerConfig dagger = ctx.config.dagger();
            long units = Dagger.progressUnits(dagger, episodes.size(), ctx.config.metaIterations());
            try (ProgressTracker bar = ProgressTracker.console("maml-dagger seed " + ctx.seed, units)) {
                Dagger.train(
                        learner,
                        ctx.tasks.get(),
                        episodes,
                        ctx.testbed.runner(),
                        ctx.experts.mpc(),
                        relabeller,
                        maml(ctx),
                        dagger,
                        ctx.testbed.criteria().windowHours(),
                        ctx.config.metaIterations(),
                        ctx.config.metaBatch(),
                        new SplittableRandom(ctx.seed),
                        ctx.seed,
                        bar);
            }
            return learner;
        });
    }

    private static Supplier<RecoveryPolicy> deploy(
            String name, Context ctx, MetaLearner<GaussianPolicy> learner, HeadHyperNetwork hyper, AdaptationConfig a) {
        return () -> new AdaptivePolicy(name, learner, hyper, ctx.experts.mpc().get(), a, ctx.seed);
    }

    /** Every method name, in registration order. */
    public static Set<String> names() {
        return java.util.Collections.unmodifiableSet(METHODS.keySet());
    }

    /** The names of the methods that train nothing (they can be made from a testbed alone). */
    public static List<String> untrainedNames() {
        return METHODS.values().stream()
                .filter(m -> !m.trains())
                .map(Method::name)
                .toList();
    }

    /** A registered method. */
    public static Method method(String name) {
        Method m = METHODS.get(name);
        if (m == null)
            throw new IllegalArgumentException("unknown method " + name + ", expected one of " + METHODS.keySet());
        return m;
    }

    /** The recipe of a method. */
    public static Recipe recipe(String name) {
        return method(name).recipe();
    }

    /**
     * A factory of a method that trains nothing, on {@code testbed} with {@code experts}.
     *
     * @throws IllegalArgumentException naming the method if it is unknown or needs training (then it runs only in an
     *     experiment, which trains it per seed)
     */
    public static Supplier<RecoveryPolicy> untrained(String name, Testbed testbed, ExperimentRunner.Experts experts) {
        Method m = method(name);
        if (m.trains())
            throw new IllegalArgumentException("method " + name + " must be trained first (run it in an experiment:"
                    + " moca reproduce --config ...); without training: " + untrainedNames());
        Context ctx = new Context(
                testbed,
                ExperimentConfig.defaults(),
                0,
                () -> {
                    throw new IllegalStateException(name + " asked for training tasks");
                },
                experts);
        return m.recipe().prepare(ctx);
    }
}
