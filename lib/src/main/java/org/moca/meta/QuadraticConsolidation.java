package org.moca.meta;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the consolidation penalties: {@code lambda * sum_i w_i (theta_i - anchor_i)^2} with a kept anchor and weights (null weights: all ones).
 * Stateless apart from its kept arrays, so safe to share between worker threads; allocates O(P) per call.
 */
public abstract sealed class QuadraticConsolidation implements ConsolidationPenalty
        permits L2Consolidation, EwcConsolidation {
    private final double lambda;
    private final INDArray anchor;
    private final INDArray weights;

    QuadraticConsolidation(double lambda, INDArray anchor, INDArray weights) {
        if (!(lambda >= 0 && Double.isFinite(lambda))) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
        }
        this.lambda = lambda;
        this.anchor = anchor.reshape(anchor.length()).dup();
        this.weights = weights == null ? null : weights.reshape(weights.length()).castTo(anchor.dataType()).dup();
        if (this.weights != null && this.weights.length() != this.anchor.length()) {
            throw new IllegalArgumentException("weights must have the anchor's length " + anchor.length()
                    + ", got " + weights.length());
        }
    }

    /** The strength {@code lambda}. */
    public double lambda() {
        return lambda;
    }

    INDArray weightsOrNull() {
        return weights == null ? null : weights.dup();
    }

    @Override
    public final double value(INDArray theta) {
        INDArray d = deviation(theta);
        INDArray sq = d.mul(d);
        if (weights != null) sq.muli(weights);
        return lambda * sq.sumNumber().doubleValue();
    }

    @Override
    public final void addGradient(INDArray theta, INDArray gradient) {
        INDArray d = deviation(theta);
        if (weights != null) d.muli(weights);
        gradient.addi(d.muli(2 * lambda));
    }

    @Override
    public final INDArray anchor() {
        return anchor.dup();
    }

    private INDArray deviation(INDArray theta) {
        if (theta.length() != anchor.length()) {
            throw new IllegalArgumentException("theta must have the anchor's length " + anchor.length()
                    + ", got " + theta.length());
        }
        return theta.reshape(anchor.length()).castTo(anchor.dataType()).sub(anchor).castTo(theta.dataType());
    }
}
