package org.moca.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.moca.meta.ConsolidationPenalty;
import org.moca.meta.GraphRolloutLoss;
import org.moca.meta.L2Consolidation;
import org.moca.meta.MetaLearner;
import org.moca.meta.RolloutTaskLoss;
import org.moca.opt.PlanningPolicy;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.GraphPolicy;
import org.moca.policy.GraphPolicyParameters;
import org.moca.policy.GraphStructure;
import org.moca.policy.ParametricPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.replay.PrioritizedReplayConfig;
import org.moca.replay.ReplayBatch;
import org.moca.replay.TemporalPrioritizedReplayBuffer;
import org.moca.scenario.Episode;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.schedule.SimulatedAnnealingConfig;
import org.moca.schedule.SimulatedAnnealingScheduler;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.NetworkIndex;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;
import org.moca.twin.RolloutConfig;
import org.moca.twin.RolloutLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A learned policy of any parameter form deployed on the rollout signal: protocol v2 of {@link AdaptivePolicy} with
 * {@link AdaptationConfig.Signal#ROLLOUT}, written once for the MLP and the graph policy ({@link AdaptivePolicy}
 * delegates its rollout signal here).
 *
 * <p>In the first hour a disruption is observed the policy adapts, before it acts, by the learner's K steps on the
 * differentiable twin's rollout loss from the observed state on the expert's forecast of that hour
 * ({@link RolloutStarts#at}; the forecast, not the LP: no solve). Online ({@link AdaptationConfig#online()}), every
 * {@code labelEvery}-th hour's state and forecast join the temporal prioritized replay buffer as a rollout start, and
 * every {@code onlineEvery} hours the policy takes {@code onlineSteps} SGD steps on the mean rollout loss of
 * {@link RolloutSignalConfig#onlineStarts()} replayed starts (priorities = their rollout losses; without replay the
 * newest starts), the rate chosen by simulated annealing on the newest start's rollout loss, under the L2
 * consolidation penalty anchored at the meta-learned parameters (a snapshot taken at reset, never re-copied). Each step
 * adds the penalty's gradient, clips the global norm to {@link AdaptivePolicy#MAX_GRADIENT_NORM}, and is skipped (the
 * update stops) if it would leave non-finite parameters; an onset adaptation that leaves non-finite parameters is
 * discarded (the policy acts on the meta-learned ones) and counted ({@link #divergedAdaptations}).
 *
 * <p>What depends on the policy's form is its {@link Form}: the mean action in an encoded state and the rollout loss of
 * one start. Stateful per episode; {@link #reset} starts afresh from the meta-learned parameters.
 *
 * @param <P> the policy's parameter form
 */
public final class RolloutAdaptivePolicy<P extends ParametricPolicy<P>> implements RecoveryPolicy {

    /** A policy form's side of the rollout signal on one network (used by one thread). */
    public interface Form<P> {
        /** The mean action (the {@link ActionCodec}'s vector) of {@code policy} in the encoded state {@code x}. */
        double[] mean(P policy, double[] x);

        /**
         * The rollout loss of one start at {@code theta} (rank 1, the policy's layout); its gradient into
         * {@code gradient} (overwriting) when non-null.
         */
        double loss(INDArray theta, RolloutTaskLoss.Start start, INDArray gradient);
    }

    /**
     * The MLP's side on {@code layout}: its mean action, and the twin's rollout loss of one start ({@link RolloutLoss},
     * one instance per form).
     */
    public static Form<GaussianPolicy> mlpForm(
            NetworkIndex layout, RolloutConfig config, PolicyConfig shape, DataType type, int horizon) {
        RolloutLoss loss = new RolloutLoss(layout, config);
        return new Form<>() {
            @Override
            public double[] mean(GaussianPolicy policy, double[] x) {
                INDArray row = Nd4j.createFromArray(new double[][] {x}).castTo(policy.dataType());
                return policy.mean(row).castTo(DataType.DOUBLE).toDoubleVector();
            }

            @Override
            public double loss(INDArray theta, RolloutTaskLoss.Start s, INDArray gradient) {
                return loss.lossAndGradient(shape, type, theta, s.state(), s.forecast(), horizon, gradient);
            }
        };
    }

    /**
     * The graph policy's side on {@code layout}: its mean action on the network's {@link GraphStructure}, and
     * {@link GraphRolloutLoss}'s loss of one start (states stopped: {@code config}'s state gradient must be
     * {@code STOPPED}).
     */
    public static Form<GraphPolicyParameters> graphForm(
            GraphPolicy function, NetworkIndex layout, RolloutConfig config, int horizon) {
        GraphRolloutLoss loss = new GraphRolloutLoss(function, layout, config, List.of(), horizon);
        GraphStructure graph = loss.graph();
        return new Form<>() {
            @Override
            public double[] mean(GraphPolicyParameters policy, double[] x) {
                return policy.mean(graph, x);
            }

            @Override
            public double loss(INDArray theta, RolloutTaskLoss.Start s, INDArray gradient) {
                double[] g = gradient == null ? null : new double[(int) theta.length()];
                double value = loss.lossAndGradient(theta.toDoubleVector(), s, g);
                if (gradient != null) gradient.assign(Nd4j.createFromArray(g).castTo(gradient.dataType()));
                return value;
            }
        };
    }

    private final String name;
    private final MetaLearner<P> learner;
    private final PlanningPolicy planner;
    private final AdaptationConfig config;
    private final long seed;
    private final RolloutSignalConfig rollout;
    private final RecoveryCriteria criteria;
    private final Function<Episode, Form<P>> forms;

    private StateEncoder encoder;
    private ActionCodec codec;
    private Form<P> form;
    private P current;
    private TemporalPrioritizedReplayBuffer<Integer> buffer;
    private SimulatedAnnealingScheduler scheduler;
    private ConsolidationPenalty penalty;
    private SplittableRandom rng;
    private int adaptedAt;
    private int lastOnline;
    private int divergedAdaptations;
    private final List<RolloutTaskLoss.Start> starts = new ArrayList<>();

    /**
     * @param name     name in tables
     * @param learner  wraps the meta-learned policy (never modified here); its {@code adapt} is the onset adaptation,
     *                 its inner steps and rate the rollout signal's
     * @param planner  the expert whose forecast each rollout start is on
     * @param config   the deployment: adaptation GRADIENT or NONE, the online cadence and MOCA's switches; its state
     *                 layout is the encoder's
     * @param seed     seeds the replay sampling and the annealing scheduler (with the episode's realization seed)
     * @param rollout  the rollout signal's settings (horizon, the online steps' rate without annealing, starts per
     *                 online step)
     * @param criteria the recovery criteria of the rollout starts' shortfall target
     * @param forms    the policy form's side on an episode's network, built at every reset
     * @throws IllegalArgumentException when the adaptation is HYPERNETWORK
     */
    public RolloutAdaptivePolicy(
            String name,
            MetaLearner<P> learner,
            PlanningPolicy planner,
            AdaptationConfig config,
            long seed,
            RolloutSignalConfig rollout,
            RecoveryCriteria criteria,
            Function<Episode, Form<P>> forms) {
        this.name = Objects.requireNonNull(name, "name");
        this.learner = Objects.requireNonNull(learner, "learner");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.config = Objects.requireNonNull(config, "config");
        if (config.adaptation() == AdaptationConfig.Adaptation.HYPERNETWORK)
            throw new IllegalArgumentException(
                    "signal ROLLOUT adapts by gradient steps (GRADIENT) or not at all (NONE), not HYPERNETWORK");
        this.seed = seed;
        this.rollout = Objects.requireNonNull(rollout, "rollout");
        this.criteria = Objects.requireNonNull(criteria, "criteria");
        this.forms = Objects.requireNonNull(forms, "forms");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset(Episode episode) {
        planner.reset(episode);
        encoder = new StateEncoder(episode.layout(), config.stateLayout());
        codec = new ActionCodec(episode.layout());
        form = forms.apply(episode);
        P base = learner.policy();
        current = base.withParameters(base.parameterView());
        starts.clear();
        rng = new SplittableRandom(seed ^ episode.scenario().realizationSeed());
        penalty = config.consolidation() ? L2Consolidation.anchoredAt(base, config.consolidationLambda()) : null;
        buffer = config.replay() ? newBuffer(config) : null;
        scheduler = config.annealing()
                ? new SimulatedAnnealingScheduler(SimulatedAnnealingConfig.defaults(), rng.split())
                : null;
        adaptedAt = -1;
        lastOnline = -1;
    }

    /** The replay buffer of the online loop (both signals): 4,096 items, MOCA's temporal decay. */
    static <T> TemporalPrioritizedReplayBuffer<T> newBuffer(AdaptationConfig config) {
        return new TemporalPrioritizedReplayBuffer<>(new PrioritizedReplayConfig(
                4096, 0.6, 0.4, 200, Math.max(config.replayAgeHorizon(), 4096 / 500.0), 1e-6));
    }

    @Override
    public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
        int onset = KnownDisruptions.firstOnset(observed);
        double[] x = KnownDisruptions.encode(encoder, view, observed);
        int t = view.hour();
        if (adaptedAt < 0) {
            if (onset >= 0) {
                starts.add(RolloutStarts.at(view, observed, planner, criteria, rollout.horizon()));
                if (config.adaptation() == AdaptationConfig.Adaptation.GRADIENT) {
                    RolloutTaskLoss.Start first = starts.get(0);
                    P adapted = learner.adapt((theta, g) -> form.loss(theta, first, g), penalty);
                    if (finite(adapted.parameterView())) {
                        current = adapted;
                    } else {
                        divergedAdaptations++; // the K steps blew up: act on the meta-learned parameters instead
                    }
                }
                if (buffer != null) buffer.add(0);
                adaptedAt = t;
                lastOnline = t;
            }
        } else if (config.online()) {
            if ((t - adaptedAt) % config.labelEvery() == 0) {
                starts.add(RolloutStarts.at(view, observed, planner, criteria, rollout.horizon()));
                if (buffer != null) buffer.add(starts.size() - 1);
            }
            if (t - lastOnline >= config.onlineEvery()) {
                onlineUpdate();
                lastOnline = t;
            }
        }
        return codec.decode(form.mean(current, x));
    }

    /**
     * The online loop: the rate scored on the newest start's rollout loss (lower is better), then
     * {@code onlineSteps} clipped SGD steps on the mean rollout loss of replayed (or the newest) starts plus the
     * consolidation penalty.
     */
    private void onlineUpdate() {
        if (scheduler != null) {
            double recent = form.loss(current.parameterView(), starts.get(starts.size() - 1), null);
            scheduler.report(Double.isFinite(recent) ? -recent : -AdaptivePolicy.MAX_PRIORITY);
        }
        double lr = scheduler != null ? scheduler.learningRate() : rollout.innerLearningRate();
        INDArray theta = current.parameters();
        INDArray g = Nd4j.zeros(current.dataType(), current.numParameters());
        INDArray gi = Nd4j.zeros(current.dataType(), current.numParameters());
        int n = Math.min(rollout.onlineStarts(), starts.size());
        for (int step = 0; step < config.onlineSteps(); step++) {
            g.assign(0);
            if (buffer != null) {
                ReplayBatch<Integer> batch = buffer.sample(n, rng);
                for (int i = 0; i < batch.size(); i++) {
                    double loss = form.loss(current.parameterView(), starts.get(batch.item(i)), gi);
                    buffer.updatePriority(
                            batch.id(i),
                            Double.isFinite(loss)
                                    ? Math.min(Math.abs(loss), AdaptivePolicy.MAX_PRIORITY)
                                    : AdaptivePolicy.MAX_PRIORITY);
                    g.addi(gi.muli((config.importanceWeights() ? batch.weight(i) : 1.0) / batch.size()));
                }
            } else {
                for (int i = starts.size() - n; i < starts.size(); i++) {
                    form.loss(current.parameterView(), starts.get(i), gi);
                    g.addi(gi.muli(1.0 / n));
                }
            }
            theta = onlineStep(current, theta, g, lr, penalty);
            if (theta == null) break;
        }
    }

    /**
     * One online SGD step from {@code theta} along {@code g} (the penalty's gradient added, the global norm clipped to
     * {@link AdaptivePolicy#MAX_GRADIENT_NORM}: online steps run with rates up to the scheduler's ceiling on a
     * non-stationary stream); the new parameters, also written into {@code policy}, or null when the step would leave
     * them non-finite (then nothing changes and the update stops).
     */
    static INDArray onlineStep(
            ParametricPolicy<?> policy, INDArray theta, INDArray g, double lr, ConsolidationPenalty penalty) {
        if (penalty != null) penalty.addGradient(theta, g);
        double norm = g.norm2Number().doubleValue();
        if (!Double.isFinite(norm)) return null;
        if (norm > AdaptivePolicy.MAX_GRADIENT_NORM) g.muli(AdaptivePolicy.MAX_GRADIENT_NORM / norm);
        INDArray next = theta.sub(g.muli(lr));
        if (!Double.isFinite(next.sumNumber().doubleValue())) return null;
        policy.parameterView().assign(next);
        return next;
    }

    private static boolean finite(INDArray theta) {
        return Double.isFinite(theta.sumNumber().doubleValue())
                && Double.isFinite(theta.norm2Number().doubleValue());
    }

    /**
     * Episodes (since construction) whose onset adaptation left non-finite parameters; the policy then acted on the
     * meta-learned parameters (and the online loop went on from them).
     */
    public int divergedAdaptations() {
        return divergedAdaptations;
    }

    /** Rollout starts kept so far (the onset start, then the online ones). */
    public int rolloutStarts() {
        return starts.size();
    }

    /** The hour of the onset adaptation, or -1 before it. */
    public int adaptedAt() {
        return adaptedAt;
    }

    /** The policy acting now (the adapted one after the onset hour). */
    public P current() {
        return current;
    }
}
