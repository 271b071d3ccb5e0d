package org.moca.sim;

import java.util.Arrays;
import java.util.Objects;

/**
 * The decisions the simulator applies in one hour, in the index order of a {@link NetworkLayout}.
 *
 * @param procurement per virgin supplier, the share of its (current) capacity bought this hour, in [0, 1]
 * @param utilization per processor, the share of its (current) capacity used this hour, in [0, 1]
 * @param modeShares  per processor, how that capacity is split over its modes (non-negative, sums to 1) — a recycler's
 *                    capacity allocation across input streams, a remanufacturer's refurbish / harvest / shred split
 * @param release     per shipping slot, the share of its stock shipped this hour, in [0, 1]
 * @param routing     per shipping slot, how the shipment is split over its outgoing lanes (non-negative, sums to 1)
 */
public record Controls(double[] procurement, double[] utilization, double[][] modeShares, double[] release,
                       double[][] routing) {

    public Controls {
        Objects.requireNonNull(procurement, "procurement");
        Objects.requireNonNull(utilization, "utilization");
        Objects.requireNonNull(modeShares, "modeShares");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(routing, "routing");
    }

    /**
     * Checks the shapes against {@code layout} and the ranges of every entry.
     *
     * @throws IllegalArgumentException naming the control and index that is off
     */
    public void validate(NetworkLayout layout) {
        requireLength("procurement", procurement.length, layout.suppliers.length);
        requireLength("utilization", utilization.length, layout.processors.length);
        requireLength("modeShares", modeShares.length, layout.processors.length);
        requireLength("release", release.length, layout.shipSlots.length);
        requireLength("routing", routing.length, layout.shipSlots.length);
        unit("procurement", procurement);
        unit("utilization", utilization);
        unit("release", release);
        for (int i = 0; i < modeShares.length; i++) simplex("modeShares[" + i + "]", modeShares[i], layout.modes[i].length);
        for (int i = 0; i < routing.length; i++) simplex("routing[" + i + "]", routing[i], layout.shipLanes[i].length);
    }

    private static void requireLength(String name, int got, int want) {
        if (got != want) throw new IllegalArgumentException(name + " has " + got + " entries, the network needs " + want);
    }

    private static void unit(String name, double[] xs) {
        for (int i = 0; i < xs.length; i++) {
            if (!(xs[i] >= 0 && xs[i] <= 1)) throw new IllegalArgumentException(name + "[" + i + "] = " + xs[i] + " is not in [0, 1]");
        }
    }

    private static void simplex(String name, double[] xs, int n) {
        if (xs.length != n) throw new IllegalArgumentException(name + " has " + xs.length + " entries, expected " + n);
        double sum = 0;
        for (double x : xs) {
            if (!(x >= 0)) throw new IllegalArgumentException(name + " has a negative or NaN share " + x);
            sum += x;
        }
        if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException(name + " sums to " + sum + ", expected 1");
    }

    /** A deep copy (the record's arrays are mutable). */
    public Controls copy() {
        return new Controls(procurement.clone(), utilization.clone(), deep(modeShares), release.clone(), deep(routing));
    }

    private static double[][] deep(double[][] xs) {
        double[][] c = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) c[i] = xs[i].clone();
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Controls c && Arrays.equals(procurement, c.procurement) && Arrays.equals(utilization, c.utilization)
                && Arrays.deepEquals(modeShares, c.modeShares) && Arrays.equals(release, c.release)
                && Arrays.deepEquals(routing, c.routing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(procurement), Arrays.hashCode(utilization), Arrays.deepHashCode(modeShares),
                Arrays.hashCode(release), Arrays.deepHashCode(routing));
    }

    @Override
    public String toString() {
        return "Controls[procurement=" + Arrays.toString(procurement) + ", utilization=" + Arrays.toString(utilization)
                + ", modeShares=" + Arrays.deepToString(modeShares) + ", release=" + Arrays.toString(release)
                + ", routing=" + Arrays.deepToString(routing) + "]";
    }
}
