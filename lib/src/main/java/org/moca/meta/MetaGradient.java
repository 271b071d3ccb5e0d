package org.moca.meta;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The direction an outer update follows and the objective it was computed at.
 *
 * @param gradient       flat vector over the policy's parameters (for Reptile, the pseudo-gradient
 *                       {@code theta - mean adapted theta})
 * @param meanQueryLoss  mean over the meta-batch of the query loss after adaptation (plus the consolidation term,
 *                       if any), at the parameters before the update
 */
public record MetaGradient(INDArray gradient, double meanQueryLoss) {}
