package org.moca.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.moca.hyper.AdaptationExample;
import org.moca.hyper.HeadHyperNetwork;
import org.moca.infra.ProgressTracker;
import org.moca.meta.LearningTask;
import org.moca.meta.LossTask;
import org.moca.meta.MetaLearner;
import org.moca.meta.RolloutTaskLoss;
import org.moca.opt.PlanningPolicy;
import org.moca.policy.Adam;
import org.moca.policy.GaussianPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.NetworkIndex;
import org.moca.sim.StateEncoder;
import org.moca.twin.RolloutConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training procedures of the learned methods: labelled tasks from training episodes, meta-training, multi-task
 * pretraining, and fitting the hypernetwork to gradient adaptations.
 */
public final class Training {

    private Training() {}

    /** {@link #tasks(EpisodeRunner, List, Supplier, int, int, int, DataType, ProgressTracker)} with the default label horizon. */
    public static List<LearningTask> tasks(
            EpisodeRunner runner,
            List<Episode> episodes,
            Supplier<RecoveryPolicy> expert,
            int supportHours,
            int window,
            DataType type,
            ProgressTracker progress) {
        return tasks(
                runner, episodes, expert, supportHours, window, AdaptationConfig.DEFAULT_LABEL_HOURS, type, progress);
    }

    /**
     * One learning task per training episode, labelled by {@code expert} acting in its own trajectory (the oracle in the
     * protocol): support = the first {@code supportHours} hours after onset, query = the rest of the window. Labels are
     * the expert's controls averaged over {@code labelHours} ({@link Demonstrations#of(EpisodeRunner, Episode,
     * RecoveryPolicy, int, int, int)}); deployment must label the same way ({@link AdaptationConfig#labelHours()}).
     */
    public static List<LearningTask> tasks(
            EpisodeRunner runner,
            List<Episode> episodes,
            Supplier<RecoveryPolicy> expert,
            int supportHours,
            int window,
            int labelHours,
            DataType type,
            ProgressTracker progress) {
        List<LearningTask> tasks = new ArrayList<>();
        for (Episode e : episodes) {
            int onset = e.scenario().onset();
            Demonstrations d = Demonstrations.of(runner, e, expert.get(), onset, onset + window, labelHours);
            task(d, onset, supportHours, window, type).ifPresent(tasks::add);
            if (progress != null) progress.step();
        }
        return tasks;
    }

    /**
     * One learning task per training episode, labelled as at deployment: {@code expert} acts in its own trajectory and
     * labels every state it visits in the window by {@link StateLabeller} (a planner: its plan's mean controls over
     * {@code labelHours}, exactly the deployment label), cut into support and query like {@link #tasks}. A planning
     * expert solves once per hour ({@link SharedPlanner}: the plan it acts on is the plan it labels with), so an MPC
     * costs {@code window} solves per episode.
     */
    public static List<LearningTask> expertTasks(
            EpisodeRunner runner,
            List<Episode> episodes,
            Supplier<RecoveryPolicy> expert,
            int supportHours,
            int window,
            int labelHours,
            DataType type,
            ProgressTracker progress) {
        return expertTasks(
                runner,
                episodes,
                expert,
                AdaptationConfig.maml()
                        .withSupportHours(supportHours)
                        .withLabelHours(labelHours)
                        .withOnsetSupport(AdaptationConfig.OnsetSupport.OFF),
                window,
                type,
                progress);
    }

    /**
     * {@link #expertTasks(EpisodeRunner, List, Supplier, int, int, int, DataType, ProgressTracker)} cut as
     * {@code adaptation} deploys: with an onset support ({@link AdaptationConfig#onsetSupport()} PLAN or OBSERVED) the
     * support of each task is the episode's onset support set, built as the deployed policy builds it
     * ({@link OnsetSupport}, one more solve per episode), and the query is the whole window from the onset hour on
     * (the adapted policy acts from that hour); with OFF, protocol v1's cut. Meta-training then optimizes exactly the
     * adaptation deployment performs.
     */
    public static List<LearningTask> expertTasks(
            EpisodeRunner runner,
            List<Episode> episodes,
            Supplier<RecoveryPolicy> expert,
            AdaptationConfig adaptation,
            int window,
            DataType type,
            ProgressTracker progress) {
        List<LearningTask> tasks = new ArrayList<>();
        for (Episode e : episodes) {
            RecoveryPolicy x = expert.get();
            RecoveryPolicy actor = x instanceof PlanningPolicy p ? new SharedPlanner(p) : x;
            int onset = e.scenario().onset();
            Demonstrations d = Demonstrations.labelled(
                    runner,
                    e,
                    actor,
                    StateLabeller.of(actor, adaptation.labelHours()),
                    onset,
                    onset + window,
                    adaptation.stateLayout());
            task(d, onsetSupport(runner, e, expert, adaptation), onset, adaptation.supportHours(), window, type)
                    .ifPresent(tasks::add);
            if (progress != null) progress.step();
        }
        return tasks;
    }

    /**
     * The onset support set of {@code episode} as {@code adaptation} deploys ({@link OnsetSupport}), made by a fresh
     * {@code expert}; null under protocol v1 ({@code OFF}).
     *
     * @throws IllegalArgumentException when an onset support is asked of an expert that does not plan
     */
    static Demonstrations onsetSupport(
            EpisodeRunner runner, Episode episode, Supplier<RecoveryPolicy> expert, AdaptationConfig adaptation) {
        if (adaptation.onsetSupport() == AdaptationConfig.OnsetSupport.OFF) return null;
        RecoveryPolicy p = expert.get();
        if (!(p instanceof PlanningPolicy planner))
            throw new IllegalArgumentException("onset support sets need an expert that plans, got " + p.name());
        return OnsetSupport.of(runner, episode, adaptation, planner);
    }

    /**
     * The task of one episode's labelled window: support = the hours [onset, onset + supportHours), query = the rest of
     * the window; empty when either part has no row.
     */
    static Optional<LearningTask> task(Demonstrations d, int onset, int supportHours, int window, DataType type) {
        return task(d, null, onset, supportHours, window, type);
    }

    /**
     * The task of one episode's labelled window. Without {@code onsetSupport} (protocol v1): support = the hours [onset,
     * onset + supportHours), query = the rest of the window. With it (protocol v2): support = the onset support set,
     * query = the whole window [onset, onset + window). Empty when either part has no row.
     */
    static Optional<LearningTask> task(
            Demonstrations d, Demonstrations onsetSupport, int onset, int supportHours, int window, DataType type) {
        Demonstrations s = onsetSupport != null ? onsetSupport : d.between(onset, onset + supportHours);
        Demonstrations q = d.between(onsetSupport != null ? onset : onset + supportHours, onset + window);
        if (s.size() == 0 || q.size() == 0) return Optional.empty();
        return Optional.of(LearningTask.of(s.states(), s.actions(), q.states(), q.actions(), type));
    }

    /** {@code iterations} outer steps on meta-batches drawn with replacement; returns the mean query loss per step. */
    public static double[] metaTrain(
            MetaLearner<?> learner,
            List<LearningTask> tasks,
            int iterations,
            int metaBatch,
            SplittableRandom rng,
            ProgressTracker progress) {
        Objects.requireNonNull(learner, "learner");
        if (tasks.isEmpty()) throw new IllegalArgumentException("no training tasks");
        double[] curve = new double[iterations];
        for (int it = 0; it < iterations; it++) {
            List<LearningTask> batch = new ArrayList<>(metaBatch);
            for (int b = 0; b < metaBatch; b++) batch.add(tasks.get(rng.nextInt(tasks.size())));
            curve[it] = learner.metaStep(batch);
            if (progress != null) progress.step();
        }
        return curve;
    }

    /**
     * Multi-task pretraining: the same policy fitted to all tasks' support and query data jointly (Adam on the mean NLL
     * of minibatches of tasks), the baseline every meta-learning claim must beat. Returns the loss per step.
     */
    public static double[] multiTask(
            GaussianPolicy policy,
            List<LearningTask> tasks,
            int iterations,
            int taskBatch,
            double learningRate,
            SplittableRandom rng,
            ProgressTracker progress) {
        Adam adam = new Adam(policy.numParameters(), policy.dataType(), learningRate, 0.9, 0.999, 1e-8);
        INDArray theta = policy.parameters();
        double[] curve = new double[iterations];
        for (int it = 0; it < iterations; it++) {
            List<INDArray> s = new ArrayList<>(), a = new ArrayList<>();
            for (int b = 0; b < taskBatch; b++) {
                LearningTask t = tasks.get(rng.nextInt(tasks.size()));
                s.add(t.supportStates());
                s.add(t.queryStates());
                a.add(t.supportActions());
                a.add(t.queryActions());
            }
            INDArray states = Nd4j.vstack(s.toArray(INDArray[]::new)),
                    actions = Nd4j.vstack(a.toArray(INDArray[]::new));
            curve[it] = policy.negativeLogLikelihood(states, actions);
            adam.step(theta, policy.gradient(states, actions));
            policy.setParameters(theta);
            if (progress != null) progress.step();
        }
        return curve;
    }

    /** Fits the hypernetwork to reproduce the learner's gradient adaptation on each task's support set. */
    public static double fitHypernetwork(
            HeadHyperNetwork hyper,
            MetaLearner<GaussianPolicy> learner,
            List<LearningTask> tasks,
            int steps,
            SplittableRandom rng) {
        List<AdaptationExample> examples = new ArrayList<>();
        for (LearningTask t : tasks) {
            GaussianPolicy adapted = learner.adapt(t.supportStates(), t.supportActions());
            examples.add(AdaptationExample.of(learner.policy(), adapted, t.supportStates(), t.supportActions()));
        }
        return hyper.fit(examples, steps, rng);
    }

    /** Mean query loss after adaptation, over tasks: how well a learner adapts to held-out tasks. */
    public static double adaptedQueryLoss(MetaLearner<GaussianPolicy> learner, List<LearningTask> tasks) {
        return tasks.stream()
                .mapToDouble(t -> learner.adapt(t.supportStates(), t.supportActions())
                        .negativeLogLikelihood(t.queryStates(), t.queryActions()))
                .average()
                .orElse(Double.NaN);
    }

    /**
     * Deployment protocol v2's onset support set of each episode ({@link OnsetSupport}): the nominal plan runs to the
     * onset hour, where a fresh {@code expert} (a planner: the MPC) makes one plan and the rows are built as a deployed
     * policy builds them. One LP solve per episode. For fitting the hypernetwork to the support sets it meets.
     *
     * @throws IllegalArgumentException when the expert does not plan or {@code config.onsetSupport()} is OFF
     */
    public static List<Demonstrations> onsetSupports(
            EpisodeRunner runner,
            List<Episode> episodes,
            Supplier<? extends RecoveryPolicy> expert,
            AdaptationConfig config,
            ProgressTracker progress) {
        if (config.onsetSupport() == AdaptationConfig.OnsetSupport.OFF)
            throw new IllegalArgumentException("onsetSupport OFF has no onset support sets");
        List<Demonstrations> out = new ArrayList<>();
        for (Episode e : episodes) {
            RecoveryPolicy p = expert.get();
            if (!(p instanceof org.moca.opt.PlanningPolicy planner))
                throw new IllegalArgumentException("onset support sets need an expert that plans, got " + p.name());
            out.add(OnsetSupport.of(runner, e, config, planner));
            if (progress != null) progress.step();
        }
        return out;
    }

    /**
     * Fits the hypernetwork to reproduce the learner's gradient adaptation on each of {@code supports} (protocol v2:
     * the onset support sets of {@link #onsetSupports}), so its one pass learns the adaptations deployment asks of it.
     */
    public static double fitHypernetworkOnSupports(
            HeadHyperNetwork hyper,
            MetaLearner<GaussianPolicy> learner,
            List<Demonstrations> supports,
            int steps,
            SplittableRandom rng) {
        if (supports.isEmpty()) throw new IllegalArgumentException("no support sets");
        DataType type = learner.policy().dataType();
        List<AdaptationExample> examples = new ArrayList<>();
        for (Demonstrations d : supports) {
            INDArray s = Nd4j.createFromArray(d.states()).castTo(type),
                    a = Nd4j.createFromArray(d.actions()).castTo(type);
            examples.add(AdaptationExample.of(learner.policy(), learner.adapt(s, a), s, a));
        }
        return hyper.fit(examples, steps, rng);
    }

    /**
     * Pretraining on the rollout objective (issue 16; Hindsight Differentiable Policy Optimization without the
     * hindsight, docs/learning-signals.md): Adam on the mean rollout loss over {@code starts} (each the policy's mean
     * driving the differentiable twin for {@code rollout.horizon()} hours from a start on its forecast), with
     * {@code rollout}'s steps and rate. Every step costs one rollout and its reverse pass per start. Returns the loss
     * per step (before the step).
     *
     * @throws IllegalArgumentException when there is no start
     */
    public static double[] rolloutPretrain(
            GaussianPolicy policy,
            NetworkIndex layout,
            List<RolloutTaskLoss.Start> starts,
            RolloutSignalConfig rollout,
            ProgressTracker progress) {
        return rolloutPretrain(policy, layout, starts, rollout, StateEncoder.LAYOUT_VERSION, progress);
    }

    /**
     * {@link #rolloutPretrain(GaussianPolicy, NetworkIndex, List, RolloutSignalConfig, ProgressTracker)} with the
     * rollouts' states encoded in {@code stateLayout} ({@link RolloutConfig#stateLayout()}).
     */
    public static double[] rolloutPretrain(
            GaussianPolicy policy,
            NetworkIndex layout,
            List<RolloutTaskLoss.Start> starts,
            RolloutSignalConfig rollout,
            int stateLayout,
            ProgressTracker progress) {
        RolloutTaskLoss loss = new RolloutTaskLoss(
                layout,
                rollout.rolloutConfig().withStateLayout(stateLayout),
                policy.config(),
                policy.dataType(),
                starts,
                rollout.horizon());
        Adam adam =
                new Adam(policy.numParameters(), policy.dataType(), rollout.pretrainLearningRate(), 0.9, 0.999, 1e-8);
        INDArray g = Nd4j.zeros(policy.dataType(), policy.numParameters());
        double[] curve = new double[rollout.pretrainSteps()];
        for (int step = 0; step < curve.length; step++) {
            curve[step] = loss.lossAndGradient(policy.parameterView(), g);
            adam.step(policy.parameterView(), g);
            if (progress != null) progress.step();
        }
        return curve;
    }

    /**
     * The rollout meta-training tasks of the training episodes' starts: adapt on the onset state's rollout on the
     * expert's forecast (what deployment adapts on), be judged by the same state's rollout on the episode's own
     * realization (what then happens). Each task owns its losses (not thread-safe: one task per worker at a time).
     */
    public static List<LossTask> rolloutTasks(
            NetworkIndex layout,
            List<RolloutStarts.OnsetStarts> starts,
            RolloutSignalConfig rollout,
            GaussianPolicy shapeOf) {
        return rolloutTasks(layout, starts, rollout, StateEncoder.LAYOUT_VERSION, shapeOf);
    }

    /**
     * {@link #rolloutTasks(NetworkIndex, List, RolloutSignalConfig, GaussianPolicy)} with the rollouts' states encoded
     * in {@code stateLayout} ({@link RolloutConfig#stateLayout()}).
     */
    public static List<LossTask> rolloutTasks(
            NetworkIndex layout,
            List<RolloutStarts.OnsetStarts> starts,
            RolloutSignalConfig rollout,
            int stateLayout,
            GaussianPolicy shapeOf) {
        List<LossTask> tasks = new ArrayList<>(starts.size());
        RolloutConfig loss = rollout.rolloutConfig().withStateLayout(stateLayout);
        for (RolloutStarts.OnsetStarts s : starts) {
            TaskLossFactory make = (start, hours) ->
                    new RolloutTaskLoss(layout, loss, shapeOf.config(), shapeOf.dataType(), List.of(start), hours);
            tasks.add(
                    new LossTask(make.of(s.forecast(), rollout.horizon()), make.of(s.hindsight(), s.hindsightHours())));
        }
        return tasks;
    }

    @FunctionalInterface
    private interface TaskLossFactory {
        RolloutTaskLoss of(RolloutTaskLoss.Start start, int hours);
    }

    /**
     * {@code iterations} first-order outer steps ({@link MetaLearner#metaStepOnLosses}) on meta-batches of
     * {@code metaBatch} distinct tasks (all of them when there are fewer), drawn with {@code rng}: distinct, because a
     * task owns its rollout buffers and a meta-batch may be spread over workers. Returns the mean query loss per step.
     */
    public static double[] metaTrainOnLosses(
            MetaLearner<?> learner,
            List<LossTask> tasks,
            int iterations,
            int metaBatch,
            SplittableRandom rng,
            ProgressTracker progress) {
        Objects.requireNonNull(learner, "learner");
        if (tasks.isEmpty()) throw new IllegalArgumentException("no training tasks");
        int b = Math.min(metaBatch, tasks.size());
        int[] order = java.util.stream.IntStream.range(0, tasks.size()).toArray();
        double[] curve = new double[iterations];
        for (int it = 0; it < iterations; it++) {
            List<LossTask> batch = new ArrayList<>(b);
            for (int i = 0; i < b; i++) { // partial Fisher-Yates: b distinct tasks
                int j = i + rng.nextInt(order.length - i);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
                batch.add(tasks.get(order[i]));
            }
            curve[it] = learner.metaStepOnLosses(batch);
            if (progress != null) progress.step();
        }
        return curve;
    }
}
