/**
 * Bench commands: {@code main} classes that measure and print figures (median and tail latencies, throughput).
 * Timings live here and never in unit tests.
 */
package org.moca.bench;
