/** Benchmarks that print timings (never asserted in unit tests): {@link org.moca.bench.OptBench} for the planners. */
package org.moca.bench;
