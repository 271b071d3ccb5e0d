package org.moca.sim;

/**
 * The simulator's stochastic settings. Every tunable number of the simulator lives here.
 *
 * @param demandNoiseCv      coefficient of variation of hourly demand around its mean (normal, truncated at 0)
 * @param yieldNoiseCv       coefficient of variation of a processor's hourly yield factor (normal, clipped to [0, the
 *                           factor at which a mode would create tracked mass])
 * @param inflowNoiseCv      coefficient of variation of a collection's exogenous hourly inflow
 * @param delayProbability   probability that a shipment dispatched on a lane in a given hour is delayed
 * @param meanExtraDelay     mean extra hours of a delayed shipment (1 + geometric), at least 1
 * @param maxExtraDelay      cap on the extra hours of one delayed shipment
 */
public record SimConfig(
        double demandNoiseCv,
        double yieldNoiseCv,
        double inflowNoiseCv,
        double delayProbability,
        double meanExtraDelay,
        int maxExtraDelay) {

    public SimConfig {
        requireIn("demandNoiseCv", demandNoiseCv, 0, 1);
        requireIn("yieldNoiseCv", yieldNoiseCv, 0, 1);
        requireIn("inflowNoiseCv", inflowNoiseCv, 0, 1);
        requireIn("delayProbability", delayProbability, 0, 1);
        requireIn("meanExtraDelay", meanExtraDelay, 1, 48);
        if (maxExtraDelay < 1 || maxExtraDelay > 72) {
            throw new IllegalArgumentException("maxExtraDelay must be in [1, 72] hours, got " + maxExtraDelay);
        }
    }

    private static void requireIn(String field, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(field + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }

    /** The workbench default: 15% demand noise, 5% yield noise, 10% inflow noise, 10% of shipments late by ~2 h. */
    public static SimConfig defaults() {
        return new SimConfig(0.15, 0.05, 0.10, 0.10, 2.0, 8);
    }

    /** No randomness at all: the expected-value model. */
    public static SimConfig deterministic() {
        return new SimConfig(0, 0, 0, 0, 1, 1);
    }
}
