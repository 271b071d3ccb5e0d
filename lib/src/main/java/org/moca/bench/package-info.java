/**
 * Bench commands: {@code main} classes that measure and print figures (median and tail latencies, throughput) —
 * {@link org.moca.bench.LearningBench}, {@link org.moca.bench.ReplayBench}, {@link org.moca.bench.GraphBench},
 * {@link org.moca.bench.OptBench}, {@link org.moca.bench.PpoBench}, {@link org.moca.bench.TwinBench} (the
 * differentiable twin's backward / forward cost), {@link org.moca.bench.RolloutPretraining} (does the rollout
 * signal learn?); the simulator's figures are {@code moca bench}.
 * Timings live here and never in unit tests.
 */
package org.moca.bench;
