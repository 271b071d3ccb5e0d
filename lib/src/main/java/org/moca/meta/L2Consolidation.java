package org.moca.meta;

import org.moca.policy.ParametricPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The author's consolidation penalty done right: {@code lambda * ||theta - theta_anchor||^2} (default lambda 0.01),
 * with {@code theta_anchor} a snapshot kept from construction on. O(P) per evaluation.
 */
public final class L2Consolidation extends QuadraticConsolidation {
    /** The author's default strength. */
    public static final double DEFAULT_LAMBDA = 0.01;

    /** Anchored at a copy of {@code anchor} (a flat parameter vector). */
    public L2Consolidation(INDArray anchor, double lambda) {
        super(lambda, anchor, null);
    }

    /** Anchored at a snapshot of {@code policy}'s current parameters. */
    public static L2Consolidation anchoredAt(ParametricPolicy<?> policy, double lambda) {
        return new L2Consolidation(policy.parameters(), lambda);
    }
}
