package org.moca.meta;

import java.util.Objects;
import org.moca.policy.GaussianMlpMath;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The imitation task loss as a {@link TaskLoss}: the Gaussian NLL of expert actions averaged over samples and action
 * dimensions ({@link GaussianMlpMath}'s loss, the same numbers as {@link
 * org.moca.policy.GaussianPolicy#negativeLogLikelihood} and {@link org.moca.policy.GaussianPolicy#gradient}).
 * Cost: one forward and backward over the rows.
 */
public final class ImitationLoss implements TaskLoss {

    private final GaussianMlpMath kernel;
    private final INDArray states;
    private final INDArray actions;
    private final GaussianMlpMath.Tape tape;

    /**
     * @param shape   the policy's shape
     * @param type    the policy's precision (states and actions are cast to it)
     * @param states  {@code n x stateDim}
     * @param actions {@code n x actionDim}, the expert's
     */
    public ImitationLoss(PolicyConfig shape, DataType type, INDArray states, INDArray actions) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(actions, "actions");
        if (states.rank() != 2 || states.columns() != shape.stateDim() || states.rows() < 1) {
            throw new IllegalArgumentException("states must be an n x " + shape.stateDim() + " matrix");
        }
        if (actions.rank() != 2 || actions.columns() != shape.actionDim() || actions.rows() != states.rows()) {
            throw new IllegalArgumentException(
                    "actions must be a " + states.rows() + " x " + shape.actionDim() + " matrix");
        }
        this.kernel = new GaussianMlpMath(shape, type);
        this.states = states.castTo(type);
        this.actions = actions.castTo(type);
        this.tape = kernel.newTape(states.rows());
    }

    /** The support set of a {@link LearningTask} as a loss. */
    public static ImitationLoss support(PolicyConfig shape, DataType type, LearningTask task) {
        return new ImitationLoss(shape, type, task.supportStates(), task.supportActions());
    }

    /** The query set of a {@link LearningTask} as a loss. */
    public static ImitationLoss query(PolicyConfig shape, DataType type, LearningTask task) {
        return new ImitationLoss(shape, type, task.queryStates(), task.queryActions());
    }

    @Override
    public double lossAndGradient(INDArray theta, INDArray gradient) {
        return kernel.lossAndGradient(
                kernel.layout().views(theta),
                states,
                actions,
                tape,
                gradient == null ? null : kernel.layout().views(gradient));
    }
}
