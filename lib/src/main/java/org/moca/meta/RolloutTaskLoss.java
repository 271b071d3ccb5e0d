package org.moca.meta;

import java.util.List;
import java.util.Objects;
import org.moca.opt.WindowForecast;
import org.moca.policy.PolicyConfig;
import org.moca.sim.NetworkIndex;
import org.moca.twin.RolloutConfig;
import org.moca.twin.RolloutLoss;
import org.moca.twin.TwinState;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The differentiable twin's rollout objective as a {@link TaskLoss}: the mean over rollout starts of
 * {@link RolloutLoss#lossAndGradient} — the policy's mean acting on the twin for {@code horizon} hours from each
 * start, on that start's forecast (what the expert knows at that hour). Used in place of the imitation NLL, a learner
 * adapts on the recovery objective itself. First order only: the rollout loss has no Hessian-vector product, so
 * second-order MAML and ANIL reject it (its R-operator would be one tangent pass through the twin and the policy and
 * one reverse pass of that tangent, about three to four gradients per Hessian-vector product, plus the tape).
 *
 * <p>Owns its {@link RolloutLoss} (not thread-safe), so different tasks can run on different workers.
 */
public final class RolloutTaskLoss implements TaskLoss {

    /**
     * One rollout start.
     *
     * @param state    the simulator's state at the start hour
     * @param forecast the forecast known at that hour
     */
    public record Start(TwinState state, WindowForecast forecast) {
        public Start {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(forecast, "forecast");
        }
    }

    private final RolloutLoss loss;
    private final PolicyConfig shape;
    private final DataType type;
    private final List<Start> starts;
    private final int horizon;
    private INDArray scratch;

    /**
     * @param layout  the network
     * @param config  the rollout's objective and state-gradient mode
     * @param shape   the policy's shape
     * @param type    the policy's precision
     * @param starts  the rollout starts, at least one
     * @param horizon hours per rollout, at least 1
     */
    public RolloutTaskLoss(
            NetworkIndex layout,
            RolloutConfig config,
            PolicyConfig shape,
            DataType type,
            List<Start> starts,
            int horizon) {
        this.loss = new RolloutLoss(layout, config);
        this.shape = Objects.requireNonNull(shape, "shape");
        this.type = Objects.requireNonNull(type, "type");
        this.starts = List.copyOf(Objects.requireNonNull(starts, "starts"));
        if (this.starts.isEmpty()) throw new IllegalArgumentException("starts must hold at least one rollout start");
        if (horizon < 1) throw new IllegalArgumentException("horizon must be >= 1 hour, got " + horizon);
        this.horizon = horizon;
    }

    public int horizon() {
        return horizon;
    }

    public List<Start> starts() {
        return starts;
    }

    @Override
    public double lossAndGradient(INDArray theta, INDArray gradient) {
        double sum = 0;
        if (gradient != null && scratch == null) scratch = Nd4j.zeros(type, gradient.length());
        for (int i = 0; i < starts.size(); i++) {
            Start s = starts.get(i);
            INDArray g = gradient == null ? null : i == 0 ? gradient : scratch;
            sum += loss.lossAndGradient(shape, type, theta, s.state(), s.forecast(), horizon, g);
            if (g != null && i > 0) gradient.addi(scratch);
        }
        if (gradient != null && starts.size() > 1) gradient.muli(1.0 / starts.size());
        return sum / starts.size();
    }
}
