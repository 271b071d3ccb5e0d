package org.moca.policy;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The tensors of one flat parameter (or gradient, or direction) vector, as views that share its storage.
 * Create once per buffer and reuse: views cost an allocation each.
 *
 * @param flat    the flat vector (rank 1)
 * @param weights {@code W_l}, {@code fanIn x fanOut}
 * @param biases  {@code b_l}, {@code 1 x fanOut}
 * @param logStd  the log-std parameter {@code rho}, {@code 1 x actionDim}
 */
public record ParameterViews(INDArray flat, INDArray[] weights, INDArray[] biases, INDArray logStd) {}
