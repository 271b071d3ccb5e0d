package org.moca.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.moca.hyper.HeadHyperNetwork;
import org.moca.meta.ConsolidationPenalty;
import org.moca.meta.L2Consolidation;
import org.moca.meta.MetaLearner;
import org.moca.opt.PlanningPolicy;
import org.moca.policy.GaussianPolicy;
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
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A learned recovery policy deployed into a disruption: the protocol of DESIGN.md §5 for MAML-family methods and MOCA,
 * version 2 (docs/learning.md, "Deployment protocol v2").
 *
 * <p><b>The first adaptation.</b> With {@link AdaptationConfig.OnsetSupport#OBSERVED} (the default) or {@code PLAN},
 * the policy adapts in the first hour a disruption is observed, before it acts: the expert (the MPC, which sees only
 * what is known at that hour) makes one plan, and the support set is that plan's labels paired with the states its own
 * model predicts (PLAN) or with the observed state alone (OBSERVED). No action is ever taken by the unadapted policy
 * after a disruption is observed. With {@code OFF} (protocol v1, kept to measure it) the unadapted policy acts for the
 * first {@code supportHours} while the expert labels the visited states, and adapts at onset + supportHours − 1. The
 * adaptation is K inner SGD steps of the meta-learner (optionally consolidated towards the kept meta-parameters) or one
 * hypernetwork pass. States are state layout 2 ({@link KnownDisruptions#encode}: the disruptions known at the hour).
 *
 * <p><b>Online</b> ({@code online}): every {@code labelEvery}-th later hour is labelled too, enters the temporal
 * prioritized replay buffer at max priority, and every {@code onlineEvery} hours the policy takes {@code onlineSteps}
 * SGD steps on replayed batches (priorities = per-sample imitation loss; the gradient is the mean NLL of the batch,
 * importance-weighted only with {@link AdaptationConfig#importanceWeights()} — off by default, because the buffer's
 * weights would also undo the recency bias MOCA wants), with a learning rate chosen by simulated annealing on the
 * normalized imitation loss of the newest labels, under the consolidation penalty anchored at the meta-learned
 * parameters (a snapshot taken at reset, never re-copied).
 *
 * <p><b>On the rollout objective</b> ({@link AdaptationConfig.Signal#ROLLOUT}): no labels. In the first hour a
 * disruption is observed the policy adapts, before it acts, by K SGD steps on the differentiable twin's rollout loss
 * from the observed state on the expert's forecast of that hour ({@link RolloutStarts#at}; the forecast, not the LP: no
 * solve). Online, every {@code labelEvery}-th hour's state and forecast join the replay buffer as a rollout start, and
 * every {@code onlineEvery} hours the policy takes {@code onlineSteps} SGD steps on the mean rollout loss of
 * {@link RolloutSignalConfig#onlineStarts()} replayed starts (priorities = their rollout losses; without replay the
 * newest starts), the rate annealed on the newest start's rollout loss, under the same consolidation penalty. That path
 * is {@link RolloutAdaptivePolicy}'s (one implementation for the MLP and the graph policy), to which this class
 * delegates with the MLP's {@link RolloutAdaptivePolicy#mlpForm form}.
 *
 * <p>Stateful per episode; {@link #reset} starts afresh from the meta-learned parameters.
 */
public final class AdaptivePolicy implements RecoveryPolicy {

    /** Largest priority (and loss score) the online loop passes on: keeps a diverging loss from poisoning the buffer. */
    static final double MAX_PRIORITY = 1e6;
    /** Global gradient-norm clip of the online SGD steps. */
    static final double MAX_GRADIENT_NORM = 10.0;

    private final String name;
    private final MetaLearner<GaussianPolicy> learner;
    private final HeadHyperNetwork hyper;
    private final StateLabeller labeller; // the expert's labels (the expert itself is only read through it)
    private final PlanningPolicy planner; // the expert as a planner, for onset support; null when OFF
    private final AdaptationConfig config;
    private final long seed;
    private final RolloutAdaptivePolicy<GaussianPolicy> rolloutPolicy; // signal ROLLOUT's path; null otherwise

    private StateEncoder encoder;
    private ActionCodec codec;
    private GaussianPolicy current;
    private final List<double[]> states = new ArrayList<>();
    private final List<double[]> labels = new ArrayList<>();
    private TemporalPrioritizedReplayBuffer<Integer> buffer;
    private SimulatedAnnealingScheduler scheduler;
    private ConsolidationPenalty penalty;
    private SplittableRandom rng;
    private OnsetSupport onsetSupport;
    private int adaptedAt;
    private int lastOnline;

    /**
     * @param name    name in tables
     * @param learner wraps the meta-learned policy (never modified here); its {@code adapt} is the gradient path
     * @param hyper   the hypernetwork for {@link AdaptationConfig.Adaptation#HYPERNETWORK}, else may be null
     * @param expert  the labeller (an honest policy, e.g. the MPC expert)
     * @param seed    seeds the replay sampling and the annealing scheduler
     */
    public AdaptivePolicy(
            String name,
            MetaLearner<GaussianPolicy> learner,
            HeadHyperNetwork hyper,
            RecoveryPolicy expert,
            AdaptationConfig config,
            long seed) {
        this(name, learner, hyper, expert, config, seed, null, null);
    }

    /**
     * A policy that may adapt on the rollout objective ({@link AdaptationConfig.Signal#ROLLOUT}).
     *
     * @param rollout  the rollout signal's settings (horizon, objective, inner steps and rate, starts per online step);
     *                 required with signal ROLLOUT, else ignored (may be null)
     * @param criteria the recovery criteria of the rollout's shortfall target; required with signal ROLLOUT
     * @throws IllegalArgumentException when signal ROLLOUT lacks its settings or asks for the hypernetwork path
     */
    public AdaptivePolicy(
            String name,
            MetaLearner<GaussianPolicy> learner,
            HeadHyperNetwork hyper,
            RecoveryPolicy expert,
            AdaptationConfig config,
            long seed,
            RolloutSignalConfig rollout,
            RecoveryCriteria criteria) {
        this.name = Objects.requireNonNull(name, "name");
        this.learner = Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(expert, "expert");
        this.config = Objects.requireNonNull(config, "config");
        this.labeller = StateLabeller.of(expert, config.labelHours());
        if (config.adaptation() == AdaptationConfig.Adaptation.HYPERNETWORK && hyper == null) {
            throw new IllegalArgumentException("adaptation HYPERNETWORK needs a hypernetwork");
        }
        this.hyper = hyper;
        this.seed = seed;
        if (config.signal() == AdaptationConfig.Signal.ROLLOUT) {
            if (rollout == null || criteria == null)
                throw new IllegalArgumentException("signal ROLLOUT needs the rollout settings and recovery criteria");
            if (config.adaptation() == AdaptationConfig.Adaptation.HYPERNETWORK)
                throw new IllegalArgumentException(
                        "signal ROLLOUT adapts by gradient steps (GRADIENT) or not at all (NONE), not HYPERNETWORK");
            if (!(expert instanceof PlanningPolicy p))
                throw new IllegalArgumentException(
                        "signal ROLLOUT needs an expert that plans (its forecast), got " + expert.name());
            planner = p;
            GaussianPolicy base = learner.policy();
            this.rolloutPolicy = new RolloutAdaptivePolicy<>(
                    name,
                    learner,
                    p,
                    config,
                    seed,
                    rollout,
                    criteria,
                    e -> RolloutAdaptivePolicy.mlpForm(
                            e.layout(),
                            rollout.rolloutConfig().withStateLayout(config.stateLayout()),
                            base.config(),
                            base.dataType(),
                            rollout.horizon()));
            return;
        }
        this.rolloutPolicy = null;
        if (config.onsetSupport() != AdaptationConfig.OnsetSupport.OFF) {
            if (!(expert instanceof PlanningPolicy p))
                throw new IllegalArgumentException("onsetSupport " + config.onsetSupport()
                        + " needs an expert that plans" + " (the MPC), got " + expert.name());
            planner = p;
        } else {
            planner = null;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset(Episode episode) {
        encoder = new StateEncoder(episode.layout(), config.stateLayout());
        codec = new ActionCodec(episode.layout());
        GaussianPolicy base = learner.policy();
        if (base.config().stateDim() != encoder.dimension() || base.config().actionDim() != codec.dimension()) {
            throw new IllegalArgumentException("policy " + name + " has shape "
                    + base.config().stateDim() + " -> " + base.config().actionDim() + ", the network needs "
                    + encoder.dimension() + " -> " + codec.dimension());
        }
        if (rolloutPolicy != null) {
            rolloutPolicy.reset(episode); // resets the expert
            return;
        }
        labeller.reset(episode); // resets the expert
        current = base.copy();
        states.clear();
        labels.clear();
        rng = new SplittableRandom(seed ^ episode.scenario().realizationSeed());
        penalty = config.consolidation() ? L2Consolidation.anchoredAt(base, config.consolidationLambda()) : null;
        buffer = config.replay() ? RolloutAdaptivePolicy.newBuffer(config) : null;
        scheduler = config.annealing()
                ? new SimulatedAnnealingScheduler(SimulatedAnnealingConfig.defaults(), rng.split())
                : null;
        onsetSupport = planner != null ? new OnsetSupport(episode.layout()) : null;
        adaptedAt = -1;
        lastOnline = -1;
    }

    @Override
    public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
        if (rolloutPolicy != null) return rolloutPolicy.act(view, observed);
        int onset = KnownDisruptions.firstOnset(observed);
        double[] x = KnownDisruptions.encode(encoder, view, observed);
        int t = view.hour();
        if (adaptedAt < 0) {
            if (config.onsetSupport() == AdaptationConfig.OnsetSupport.OFF) {
                // protocol v1: the base policy acts while the expert labels the visited states
                if (t < onset + config.supportHours()) {
                    states.add(x);
                    labels.add(codec.encode(label(view, observed)));
                }
                if (t >= onset + config.supportHours() - 1 && !states.isEmpty()) adaptNow(t);
            } else if (onset >= 0) {
                // protocol v2: the first hour a disruption is observed, adapt on the onset plan before acting
                onsetSupport.build(config, planner, view, observed, states, labels);
                adaptNow(t);
            }
        } else if (config.online()) {
            if ((t - adaptedAt) % config.labelEvery() == 0) {
                states.add(x);
                labels.add(codec.encode(label(view, observed)));
                if (buffer != null) buffer.add(labels.size() - 1);
            }
            if (t - lastOnline >= config.onlineEvery()) {
                onlineUpdate();
                lastOnline = t;
            }
        }
        INDArray mean = current.mean(Nd4j.createFromArray(new double[][] {x}).castTo(current.dataType()));
        return codec.decode(mean.castTo(DataType.DOUBLE).toDoubleVector());
    }

    /** Rollout starts kept so far (signal ROLLOUT: the onset start, then the online ones). */
    public int rolloutStarts() {
        return rolloutPolicy != null ? rolloutPolicy.rolloutStarts() : 0;
    }

    private void adaptNow(int t) {
        adapt();
        adaptedAt = t;
        lastOnline = t;
    }

    /** Rows labelled so far (the support set, then the online labels). */
    public int labelledRows() {
        return labels.size();
    }

    /** The hour of the first adaptation, or -1 before it. */
    public int adaptedAt() {
        return rolloutPolicy != null ? rolloutPolicy.adaptedAt() : adaptedAt;
    }

    /** The expert's label of this hour: the one labelling rule of training and deployment ({@link StateLabeller}). */
    private Controls label(SimulatorView view, List<ObservedDisruption> observed) {
        return labeller.label(view, observed);
    }

    private void adapt() {
        INDArray s = matrix(states, 0, states.size()), a = matrix(labels, 0, labels.size());
        current = switch (config.adaptation()) {
            case NONE -> current;
            case GRADIENT -> learner.adapt(s, a, penalty);
            case HYPERNETWORK -> hyper.adapt(s, a);
        };
        if (buffer != null) for (int i = 0; i < labels.size(); i++) buffer.add(i);
    }

    private void onlineUpdate() {
        // score of the current rate: imitation loss on the newest labels (higher is better), before the update
        int recentFrom = Math.max(0, labels.size() - config.onlineEvery());
        if (scheduler != null) {
            double recent = current.negativeLogLikelihood(
                    matrix(states, recentFrom, labels.size()), matrix(labels, recentFrom, labels.size()));
            scheduler.report(Double.isFinite(recent) ? -recent : -MAX_PRIORITY);
        }
        double lr =
                scheduler != null ? scheduler.learningRate() : learner.config().innerLearningRate();
        INDArray theta = current.parameters();
        for (int step = 0; step < config.onlineSteps(); step++) {
            int[] rows;
            INDArray g;
            if (buffer != null) {
                ReplayBatch<Integer> batch = buffer.sample(Math.min(config.onlineBatch(), buffer.size()), rng);
                rows = new int[batch.size()];
                for (int i = 0; i < rows.length; i++) rows[i] = batch.item(i);
                INDArray s = rowsOf(states, rows), a = rowsOf(labels, rows);
                INDArray nll = current.logLikelihood(s, a).neg();
                // importance-weighted mean NLL per action dimension: w_i / (n a) puts it on the scale of the plain
                // mean-NLL gradient, and corrects the prioritized (and recency-decayed) sampling
                double[] w = new double[rows.length];
                double scale = 1.0 / ((double) rows.length * current.config().actionDim());
                for (int i = 0; i < rows.length; i++) {
                    double err = Math.abs(nll.getDouble(i));
                    buffer.updatePriority(
                            batch.id(i), Double.isFinite(err) ? Math.min(err, MAX_PRIORITY) : MAX_PRIORITY);
                    w[i] = (config.importanceWeights() ? batch.weight(i) : 1.0) * scale;
                }
                g = Nd4j.zeros(current.dataType(), current.numParameters());
                current.weightedNll(s, a, Nd4j.createFromArray(w).castTo(current.dataType()), g);
            } else {
                int from = Math.max(0, labels.size() - config.onlineBatch());
                rows = java.util.stream.IntStream.range(from, labels.size()).toArray();
                g = current.gradient(rowsOf(states, rows), rowsOf(labels, rows));
            }
            theta = RolloutAdaptivePolicy.onlineStep(current, theta, g, lr, penalty);
            if (theta == null) break;
        }
    }

    private INDArray matrix(List<double[]> rows, int from, int to) {
        return Nd4j.createFromArray(rows.subList(from, to).toArray(double[][]::new))
                .castTo(current.dataType());
    }

    private INDArray rowsOf(List<double[]> rows, int[] idx) {
        double[][] m = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) m[i] = rows.get(idx[i]);
        return Nd4j.createFromArray(m).castTo(current.dataType());
    }

    /** The policy acting now (the adapted one after the support hours). */
    public GaussianPolicy current() {
        return rolloutPolicy != null ? rolloutPolicy.current() : current;
    }
}
