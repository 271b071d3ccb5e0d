package org.moca.policy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A policy whose parameters are one flat vector: what the meta-learners ({@code org.moca.meta}: first-order MAML,
 * Reptile, the outer consolidation) and the consolidation penalties work on, whatever turns the vector into actions.
 * Two forms: {@link GaussianPolicy} (the MLP, sized by its topology) and {@link GraphPolicyParameters} (the graph
 * policy, one size for every network). The learners that differentiate through the inner loop (second-order MAML,
 * ANIL) need the MLP's Hessian-vector products and take a {@link GaussianPolicy} only.
 *
 * @param <P> the implementing type, so a learner hands back the same form it was given
 */
public interface ParametricPolicy<P extends ParametricPolicy<P>> {

    /** Length of the parameter vector. */
    long numParameters();

    /** Precision of the parameter vector. */
    DataType dataType();

    /** The live parameter vector (rank 1): writes change this policy. For learners that update in place. */
    INDArray parameterView();

    /** A copy of the parameter vector (rank 1, length {@link #numParameters()}). */
    INDArray parameters();

    /**
     * A new policy of this form holding a copy of {@code theta} (rank 1 or any shape of {@link #numParameters()}
     * entries, cast to {@link #dataType()}).
     *
     * @throws IllegalArgumentException if {@code theta}'s length is not {@link #numParameters()}
     */
    P withParameters(INDArray theta);
}
