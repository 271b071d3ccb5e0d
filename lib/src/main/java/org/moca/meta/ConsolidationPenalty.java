package org.moca.meta;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A quadratic pull toward a kept anchor, {@code P(theta) = lambda * sum_i w_i (theta_i - anchor_i)^2}, against
 * forgetting across consecutive adaptations. It plugs into adaptation ({@link MetaLearner#adapt(INDArray, INDArray,
 * ConsolidationPenalty)}: the inner objective becomes {@code L_support + P}) and into meta-training (a learner built
 * with a penalty adds {@code P(adapted theta)} to each task's outer objective, the author's placement).
 *
 * <p>The anchor is a snapshot taken when the penalty is made and never re-copied: the author's version re-copied
 * its "stable base" from the current parameters on every call, which anchors nothing.
 */
public interface ConsolidationPenalty {

    /** {@code P(theta)}. */
    double value(INDArray theta);

    /** {@code gradient += grad P(theta) = 2 lambda w (theta - anchor)}. */
    void addGradient(INDArray theta, INDArray gradient);

    /** A copy of the anchor. */
    INDArray anchor();
}
