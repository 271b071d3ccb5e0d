/**
 * Meta-learning on a policy's flat parameters ({@link org.moca.policy.ParametricPolicy}: the
 * {@link org.moca.policy.GaussianPolicy} MLP, and the graph policy for the first-order learners): one interface,
 * {@link org.moca.meta.MetaLearner}, and one class per method: {@link org.moca.meta.Maml} (exact second order, by R-operator Hessian-vector products),
 * {@link org.moca.meta.FirstOrderMaml}, {@link org.moca.meta.Reptile}, {@link org.moca.meta.Anil} (head-only inner
 * loop); consolidation penalties against forgetting with a kept anchor ({@link org.moca.meta.L2Consolidation},
 * {@link org.moca.meta.EwcConsolidation}); the learning task value ({@link org.moca.meta.LearningTask}) and a
 * synthetic task family for tests and benches ({@link org.moca.meta.SinusoidTaskFamily}).
 *
 * <p>Fixes of the author's sketch: the meta-gradient reaches the meta-parameters (his adapted copy was detached);
 * the meta-loss is the mean over the meta-batch; the consolidation anchor is a kept snapshot.
 */
package org.moca.meta;
