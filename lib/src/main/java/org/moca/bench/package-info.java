/** Benchmarks of the learning stack that print figures: {@link org.moca.bench.LearningBench}. */
package org.moca.bench;
