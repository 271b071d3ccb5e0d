/**
 * The Gaussian MLP policy shared by every learner: {@link org.moca.policy.GaussianPolicy} (a flat parameter vector,
 * sampling, log-likelihood, save/load), its math ({@link org.moca.policy.GaussianMlpMath}: loss, gradient,
 * Pearlmutter Hessian-vector products, empirical Fisher) on ND4J arrays computed through
 * {@link org.moca.policy.DenseOps} (OpenBLAS calls and Java loops, no ND4J op in the hot path, so no per-op native
 * garbage), Adam, and its shape ({@link org.moca.policy.PolicyConfig}).
 *
 * <p>Why not DL4J's {@code MultiLayerNetwork}: at the author's shape its per-layer API overhead dominates (a fit step
 * costs 4 ms for 44 MFLOP of arithmetic) and it offers no second derivative, which second-order MAML needs. The
 * functional kernel works on preallocated buffers and is checked against finite differences and against DL4J's
 * forward pass in the tests.
 */
package org.moca.policy;
