package org.moca.meta;

import java.util.List;
import java.util.Objects;
import org.moca.policy.GraphPolicy;
import org.moca.policy.GraphStructure;
import org.moca.sim.NetworkIndex;
import org.moca.sim.StateEncoder;
import org.moca.twin.DifferentiableTwin;
import org.moca.twin.RolloutConfig;

/**
 * The differentiable twin's rollout objective for the graph policy, as a {@link TaskLoss}: the graph policy's mean
 * action drives the {@link DifferentiableTwin} of one network for {@code horizon} hours from each start, on that
 * start's forecast; the loss is the twin's objective normalized by the rollout's nominal demand (as
 * {@link org.moca.twin.RolloutLoss}: an unserved hour costs about 1), averaged over the starts. Its gradient is
 * {@code sum_k (d mu / d theta)(x_k)^T lambda_k} with {@code lambda_k = dL/da_k} from the twin's reverse pass
 * ({@link GraphPolicy#meanGradient}), so the first-order learners adapt and meta-train the graph policy on the recovery
 * objective itself, on any network.
 *
 * <p>States are treated as constants ({@link RolloutConfig.StateGradient#STOPPED} only): the graph policy has no
 * gradient with respect to its input yet, which backpropagation through the states needs. The log-std gets no gradient
 * (the rollout acts on the mean). Owns its twin (not thread-safe), so tasks of a meta-batch must not share one. Cost per
 * start: {@code horizon} policy forwards and twin hours, the twin's reverse pass, and one forward and backward of the
 * policy per hour.
 */
public final class GraphRolloutLoss implements ArrayTaskLoss {

    private final GraphPolicy policy;
    private final GraphStructure graph;
    private final DifferentiableTwin twin;
    private final StateEncoder encoder;
    private final List<RolloutTaskLoss.Start> starts;
    private final int horizon;
    private final double scale;
    private final double[][] xs;
    private final double[][] gradA;

    /**
     * @param policy  the graph policy
     * @param layout  the network (its {@link GraphStructure} is built from it)
     * @param config  the objective; its state gradient must be {@code STOPPED} and its state layout the current one
     * @param starts  rollout starts on this network; empty for a loss used only on given starts
     *                ({@link #lossAndGradient(double[], RolloutTaskLoss.Start, double[])})
     * @param horizon hours per rollout, at least 1
     */
    public GraphRolloutLoss(
            GraphPolicy policy,
            NetworkIndex layout,
            RolloutConfig config,
            List<RolloutTaskLoss.Start> starts,
            int horizon) {
        this.policy = Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(config, "config");
        if (config.stateGradient() != RolloutConfig.StateGradient.STOPPED)
            throw new IllegalArgumentException("the graph policy's rollout loss needs stateGradient STOPPED (it has no"
                    + " input gradient to backpropagate through the states), got " + config.stateGradient());
        if (config.stateLayout() != StateEncoder.LAYOUT_VERSION)
            throw new IllegalArgumentException("the graph policy reads state layout " + StateEncoder.LAYOUT_VERSION
                    + ", got stateLayout " + config.stateLayout());
        this.starts = List.copyOf(Objects.requireNonNull(starts, "starts"));

        if (horizon < 1) throw new IllegalArgumentException("horizon must be >= 1 hour, got " + horizon);
        this.horizon = horizon;
        this.graph = new GraphStructure(layout);
        this.twin = new DifferentiableTwin(layout, config.objective());
        this.encoder = new StateEncoder(layout);
        this.scale = 1.0 / (horizon * org.moca.twin.RolloutLoss.nominalDemandPerHour(layout));
        this.xs = new double[horizon][encoder.dimension()];
        this.gradA = new double[horizon][graph.actionDimension()];
    }

    public int horizon() {
        return horizon;
    }

    /** The number of rollout starts. */
    public int starts() {
        return starts.size();
    }

    public GraphStructure graph() {
        return graph;
    }

    /**
     * The loss at {@code theta} (the mean over this loss's starts) and, into {@code gradient} if non-null (overwriting),
     * its gradient. With the states
     * stopped, that gradient is the exact derivative of the loss with the policy's observations held at this
     * rollout's ({@link #lossAtStates}), not of the closed loop.
     */
    @Override
    public double lossAndGradient(double[] theta, double[] gradient) {
        if (starts.isEmpty())
            throw new IllegalStateException("this rollout loss has no starts of its own; pass one to"
                    + " lossAndGradient(theta, start, gradient)");
        if (gradient != null) java.util.Arrays.fill(gradient, 0);
        double sum = 0;
        for (RolloutTaskLoss.Start s : starts) sum += accumulate(theta, s, scale / starts.size(), gradient);
        return sum / starts.size();
    }

    /**
     * The rollout loss of one start {@code s} (any start on this network, not only this loss's own) at {@code theta}
     * and, into {@code gradient} if non-null (overwriting), its gradient: what an online loop evaluates on the starts
     * it replays.
     */
    public double lossAndGradient(double[] theta, RolloutTaskLoss.Start s, double[] gradient) {
        Objects.requireNonNull(s, "start");
        if (gradient != null) java.util.Arrays.fill(gradient, 0);
        return accumulate(theta, s, scale, gradient);
    }

    /** The loss of one rollout from {@code s}; adds {@code weight} times its gradient into {@code gradient}. */
    private double accumulate(double[] theta, RolloutTaskLoss.Start s, double weight, double[] gradient) {
        double loss = rollout(theta, s, null);
        if (gradient == null) return loss;
        twin.beginBackward();
        for (int k = horizon - 1; k >= 0; k--) twin.backwardHour(gradA[k]);
        for (double[] row : gradA) for (int j = 0; j < row.length; j++) row[j] *= weight;
        policy.meanGradient(theta, graph, xs, gradA, gradient);
        return loss;
    }

    /**
     * The encoded state the policy observes in the first hour of a rollout from {@code s} (before any action, so the
     * same at every parameter vector): what a deployed policy encodes from the live simulator in that hour.
     */
    public double[] observation(RolloutTaskLoss.Start s) {
        Objects.requireNonNull(s, "start");
        twin.reset(s.state(), s.forecast(), horizon);
        double[] x = new double[xs[0].length];
        encoder.encode(twin.view(), s.state().firstOnset(), encoder.factors(twin.view(), twin::knownFactors), x);
        return x;
    }

    /** The encoded states each start's rollout at {@code theta} shows the policy, per start and hour (copies). */
    double[][][] observedStates(double[] theta) {
        double[][][] out = new double[starts.size()][][];
        for (int i = 0; i < starts.size(); i++) {
            rollout(theta, starts.get(i), null);
            out[i] = new double[horizon][];
            for (int k = 0; k < horizon; k++) out[i][k] = xs[k].clone();
        }
        return out;
    }

    /** The loss at {@code theta} with the policy observing {@code states} instead of the rollout's own. */
    double lossAtStates(double[] theta, double[][][] states) {
        double sum = 0;
        for (int i = 0; i < starts.size(); i++) sum += rollout(theta, starts.get(i), states[i]);
        return sum / starts.size();
    }

    /** One rollout from {@code s}; the policy observes {@code fixed} if non-null, else the twin's encoded state. */
    private double rollout(double[] theta, RolloutTaskLoss.Start s, double[][] fixed) {
        twin.reset(s.state(), s.forecast(), horizon);
        int onset = s.state().firstOnset();
        for (int k = 0; k < horizon; k++) {
            if (fixed == null)
                encoder.encode(twin.view(), onset, encoder.factors(twin.view(), twin::knownFactors), xs[k]);
            else System.arraycopy(fixed[k], 0, xs[k], 0, xs[k].length);
            twin.step(policy.mean(theta, graph, xs[k]));
        }
        return twin.objective() * scale;
    }
}
