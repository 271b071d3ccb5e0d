package org.moca.meta;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A task's loss as a function of a policy's flat parameters: what an inner loop adapts on and an outer step
 * evaluates. Three implementations: {@link ImitationLoss}, the MLP's Gaussian NLL of expert actions (the author's task
 * loss, the one {@link LearningTask} holds), {@link RolloutTaskLoss}, the differentiable twin's rollout objective
 * (analytic policy gradients on the recovery objective itself), and {@link GraphImitationLoss}, the graph policy's NLL
 * on one network.
 *
 * <p>An instance keeps its own buffers and is used by one thread at a time; a learner with several workers gives
 * every task of a meta-batch to one worker, so tasks must not share an instance.
 */
public interface TaskLoss {

    /**
     * The loss at {@code theta} (rank 1, the layout of the policy's {@link org.moca.policy.ParametricPolicy#parameters()}
     * and its precision); if {@code gradient} is non-null (same length and precision), its gradient with respect to
     * {@code theta} is written there, overwriting.
     */
    double lossAndGradient(INDArray theta, INDArray gradient);
}
