package org.moca.meta;

/**
 * The consolidation penalty inside the meta-update, as the author's article places it ("a consolidation penalty that
 * prevents the outer loop from drifting too far from a stable base"): each task's outer objective becomes
 * {@code L_query(theta_K) + lambda ||theta_K - anchor||^2} at the adapted parameters {@code theta_K}, with the anchor
 * a kept snapshot of the meta-parameters, refreshed every {@code anchorEvery} outer updates
 * ({@link ConsolidatedMetaLearner}).
 *
 * <p>Why every {@code anchorEvery} outer updates and not per task-family phase: meta-training draws its meta-batches
 * from one training family with replacement ({@code Training.metaTrain}), so there are no phases to key on; a fixed
 * period is the one schedule that means the same in every run. The default 25 updates is, at the experiments' meta-batch
 * of 4, 100 tasks (six passes over 16 training tasks): the anchor holds far beyond the 10-15 consecutive disruptions
 * after which the article saw the meta-initialization forget, yet a 300-update run still moves its anchor 11 times, so
 * the penalty is a brake on drift, not a tether to the random initialization. {@code anchorEvery} at least the number
 * of outer updates keeps the initialization as the anchor for the whole run.
 *
 * @param lambda      strength of the outer penalty (the article's 0.01); 0 turns it off (plain MAML's outer objective)
 * @param anchorEvery outer updates between two snapshots of the anchor (the first is the initialization)
 */
public record OuterConsolidationConfig(double lambda, int anchorEvery) {

    /** The article's strength. */
    public static final double DEFAULT_LAMBDA = L2Consolidation.DEFAULT_LAMBDA;
    /** 25 outer updates between anchor snapshots (see the class comment). */
    public static final int DEFAULT_ANCHOR_EVERY = 25;

    public OuterConsolidationConfig {
        if (!(lambda >= 0 && Double.isFinite(lambda)))
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
        if (anchorEvery < 1)
            throw new IllegalArgumentException("anchorEvery must be >= 1 outer update, got " + anchorEvery);
    }

    /** Lambda 0.01, a new anchor every 25 outer updates. */
    public static OuterConsolidationConfig defaults() {
        return new OuterConsolidationConfig(DEFAULT_LAMBDA, DEFAULT_ANCHOR_EVERY);
    }

    public OuterConsolidationConfig withLambda(double value) {
        return new OuterConsolidationConfig(value, anchorEvery);
    }

    public OuterConsolidationConfig withAnchorEvery(int value) {
        return new OuterConsolidationConfig(lambda, value);
    }
}
