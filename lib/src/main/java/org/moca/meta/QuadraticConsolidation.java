package org.moca.meta;

import org.moca.policy.DenseOps;
import org.moca.policy.DenseOps.Elements;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the consolidation penalties: {@code lambda * sum_i w_i (theta_i - anchor_i)^2} with a kept anchor and
 * weights (null weights: all ones). Stateless apart from its kept arrays, so safe to share between worker threads.
 * One loop over the arrays' memory per call, O(P), in double whatever their precision; no ND4J op, so no per-call
 * native garbage (see {@link DenseOps}).
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
        this.weights = weights == null
                ? null
                : weights.reshape(weights.length()).castTo(anchor.dataType()).dup();
        if (this.weights != null && this.weights.length() != this.anchor.length()) {
            throw new IllegalArgumentException(
                    "weights must have the anchor's length " + anchor.length() + ", got " + weights.length());
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
        Elements t = DenseOps.elements(DenseOps.dense(checked(theta, "theta")));
        Elements a = DenseOps.elements(anchor);
        Elements w = weights == null ? null : DenseOps.elements(weights);
        double sum = 0;
        for (int i = 0; i < a.length(); i++) {
            double d = t.get(i) - a.get(i);
            sum += (w == null ? 1.0 : w.get(i)) * d * d;
        }
        return lambda * sum;
    }

    @Override
    public final void addGradient(INDArray theta, INDArray gradient) {
        Elements t = DenseOps.elements(DenseOps.dense(checked(theta, "theta")));
        INDArray target = DenseOps.dense(checked(gradient, "gradient"));
        Elements g = DenseOps.elements(target);
        Elements a = DenseOps.elements(anchor);
        Elements w = weights == null ? null : DenseOps.elements(weights);
        for (int i = 0; i < a.length(); i++) {
            double d = t.get(i) - a.get(i);
            g.set(i, g.get(i) + 2 * lambda * (w == null ? 1.0 : w.get(i)) * d);
        }
        if (target != gradient) {
            gradient.assign(target.reshape(gradient.shape()));
        }
    }

    @Override
    public final INDArray anchor() {
        return anchor.dup();
    }

    /**
     * Replaces the anchor by a copy of {@code theta}: only for {@link ConsolidatedMetaLearner}, which owns its penalty
     * and refreshes the snapshot on its documented schedule (never on every call). Call it between outer updates,
     * not while a meta-batch is running. O(P), no ND4J op.
     */
    final void snapshot(INDArray theta) {
        DenseOps.copy(DenseOps.dense(checked(theta, "theta")), anchor);
    }

    private INDArray checked(INDArray array, String name) {
        if (array.length() != anchor.length()) {
            throw new IllegalArgumentException(
                    name + " must have the anchor's length " + anchor.length() + ", got " + array.length());
        }
        return array;
    }
}
