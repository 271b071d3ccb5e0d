/**
 * Benchmarks that print figures (never asserted in unit tests): run their {@code main} methods, e.g.
 * {@code java -cp lib/target/classes:$(cat cp.txt) org.moca.bench.GraphBench}.
 */
package org.moca.bench;
