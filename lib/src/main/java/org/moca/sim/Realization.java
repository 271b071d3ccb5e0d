package org.moca.sim;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The exogenous randomness of one episode, drawn in advance: hourly demand factors per market, yield factors per
 * processor mode, inflow factors per collection, and the extra delay of a shipment dispatched on each lane in each hour.
 *
 * <p>Drawing it up front, independently of the policy's actions, does two things: every policy evaluated on the same
 * seed meets exactly the same demand, yields and delays (common random numbers, so differences between methods are not
 * noise), and the perfect-information oracle can read the whole episode in advance.
 *
 * <p>Each kind of noise has its own stream split from the seed, so changing one noise level leaves the others' draws
 * unchanged.
 */
public final class Realization {

    private final int hours;
    private final double[][] demandFactor; // [market][t]
    private final double[][][] yieldFactor; // [processor][mode][t]
    private final double[][] inflowFactor; // [collection][t]
    private final int[][] extraDelay; // [lane][t]

    private Realization(
            int hours, double[][] demandFactor, double[][][] yieldFactor, double[][] inflowFactor, int[][] extraDelay) {
        this.hours = hours;
        this.demandFactor = demandFactor;
        this.yieldFactor = yieldFactor;
        this.inflowFactor = inflowFactor;
        this.extraDelay = extraDelay;
    }

    /** Draws a realization of {@code hours} hours for {@code layout} under {@code config}, seeded. */
    public static Realization sample(NetworkIndex layout, SimConfig config, int hours, long seed) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(config, "config");
        if (hours < 1) throw new IllegalArgumentException("hours must be >= 1, got " + hours);
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom demandRng = root.split(),
                yieldRng = root.split(),
                inflowRng = root.split(),
                delayRng = root.split();

        double[][] demand = new double[layout.markets.length][hours];
        for (double[] row : demand)
            for (int t = 0; t < hours; t++) row[t] = Math.max(0, 1 + config.demandNoiseCv() * gaussian(demandRng));

        double[][][] yield = new double[layout.processors.length][][];
        for (int i = 0; i < yield.length; i++) {
            NetworkIndex.ModeIndex[] ms = layout.modes[i];
            yield[i] = new double[ms.length][hours];
            for (int k = 0; k < ms.length; k++) {
                // A factor above in/out mass would create tracked mass; clip there (and at 0).
                double cap = ms[k].outputMassKg() > 0 ? ms[k].inputMassKg() / ms[k].outputMassKg() : 1;
                for (int t = 0; t < hours; t++) {
                    yield[i][k][t] = Math.min(cap, Math.max(0, 1 + config.yieldNoiseCv() * gaussian(yieldRng)));
                }
            }
        }

        double[][] inflow = new double[layout.collections.length][hours];
        for (double[] row : inflow)
            for (int t = 0; t < hours; t++) row[t] = Math.max(0, 1 + config.inflowNoiseCv() * gaussian(inflowRng));

        int lanes = layout.network().lanes().size();
        int[][] delay = new int[lanes][hours];
        double pMore = 1 - 1 / config.meanExtraDelay(); // extra = 1 + Geometric(pMore) has mean meanExtraDelay
        for (int[] row : delay) {
            for (int t = 0; t < hours; t++) {
                if (delayRng.nextDouble() < config.delayProbability()) {
                    int extra = 1;
                    while (extra < config.maxExtraDelay() && delayRng.nextDouble() < pMore) extra++;
                    row[t] = extra;
                }
            }
        }
        return new Realization(hours, demand, yield, inflow, delay);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller on the seeded stream (SplittableRandom has no nextGaussian on Java 17).
        double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    public int hours() {
        return hours;
    }

    /** Multiplier of the i-th market's mean demand in hour t (before any demand shock). */
    public double demandFactor(int marketOrdinal, int t) {
        return demandFactor[marketOrdinal][t];
    }

    /** Multiplier of the k-th mode's outputs of the i-th processor in hour t (before any yield drop). */
    public double yieldFactor(int processorOrdinal, int mode, int t) {
        return yieldFactor[processorOrdinal][mode][t];
    }

    /** Multiplier of the i-th collection's exogenous inflow in hour t. */
    public double inflowFactor(int collectionOrdinal, int t) {
        return inflowFactor[collectionOrdinal][t];
    }

    /** Extra hours in transit of a shipment dispatched on lane l in hour t. */
    public int extraDelay(int lane, int t) {
        return extraDelay[lane][t];
    }
}
