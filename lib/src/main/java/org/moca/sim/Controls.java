package org.moca.sim;

import java.util.Arrays;
import java.util.Objects;

/**
 * The decisions the simulator applies in one hour, in the index order of a {@link NetworkIndex}.
 *
 * @param procurement per virgin supplier, the share of its (current) capacity bought this hour, in [0, 1]
 * @param utilization per processor, the share of its (current) capacity used this hour, in [0, 1]
 * @param modeShares  per processor, how that capacity is split over its modes (non-negative, sums to 1) — a recycler's
 *                    capacity allocation across input streams, a remanufacturer's refurbish / harvest / shred split
 * @param release     per shipping slot, the share of its stock shipped this hour, in [0, 1]
 * @param routing     per shipping slot, how the shipment is split over its outgoing lanes (non-negative, sums to 1)
 */
public record Controls(
        double[] procurement, double[] utilization, double[][] modeShares, double[] release, double[][] routing) {

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
    public void validate(NetworkIndex layout) {
        requireLength("procurement", procurement.length, layout.suppliers.length);
        requireLength("utilization", utilization.length, layout.processors.length);
        requireLength("modeShares", modeShares.length, layout.processors.length);
        requireLength("release", release.length, layout.shipSlots.length);
        requireLength("routing", routing.length, layout.shipSlots.length);
        unit("procurement", procurement);
        unit("utilization", utilization);
        unit("release", release);
        for (int i = 0; i < modeShares.length; i++)
            simplex("modeShares[" + i + "]", modeShares[i], layout.modes[i].length);
        for (int i = 0; i < routing.length; i++) simplex("routing[" + i + "]", routing[i], layout.shipLanes[i].length);
    }

    /**
     * Checks the shapes against {@code layout} only (not the ranges): for arrays shaped like controls that hold other
     * quantities, such as the gradient of an objective with respect to the controls.
     *
     * @throws IllegalArgumentException naming the control and index whose length is off
     */
    public void validateShape(NetworkIndex layout) {
        requireLength("procurement", procurement.length, layout.suppliers.length);
        requireLength("utilization", utilization.length, layout.processors.length);
        requireLength("modeShares", modeShares.length, layout.processors.length);
        requireLength("release", release.length, layout.shipSlots.length);
        requireLength("routing", routing.length, layout.shipSlots.length);
        for (int i = 0; i < modeShares.length; i++)
            requireLength("modeShares[" + i + "]", modeShares[i].length, layout.modes[i].length);
        for (int i = 0; i < routing.length; i++)
            requireLength("routing[" + i + "]", routing[i].length, layout.shipLanes[i].length);
    }

    /** Controls of zeros shaped for {@code layout}: an accumulator for gradients with respect to the controls. */
    public static Controls zeros(NetworkIndex layout) {
        double[][] m = new double[layout.processors.length][];
        for (int i = 0; i < m.length; i++) m[i] = new double[layout.modes[i].length];
        double[][] r = new double[layout.shipSlots.length][];
        for (int i = 0; i < r.length; i++) r[i] = new double[layout.shipLanes[i].length];
        return new Controls(
                new double[layout.suppliers.length],
                new double[layout.processors.length],
                m,
                new double[layout.shipSlots.length],
                r);
    }

    private static void requireLength(String name, int got, int want) {
        if (got != want)
            throw new IllegalArgumentException(name + " has " + got + " entries, the network needs " + want);
    }

    private static void unit(String name, double[] xs) {
        for (int i = 0; i < xs.length; i++) {
            if (!(xs[i] >= 0 && xs[i] <= 1))
                throw new IllegalArgumentException(name + "[" + i + "] = " + xs[i] + " is not in [0, 1]");
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

    /**
     * The entrywise mean of several hours' controls. Every component is a mean of values in [0, 1] or of points of the
     * same simplex, so the result is valid whenever the inputs are. Used to turn an expert's hour-by-hour plan — which
     * an LP leaves bang-bang wherever timing is a tie (produce now or next hour, ship in one batch or two) — into the
     * rate it sustains over a few hours, a target a smooth policy can imitate.
     *
     * @throws IllegalArgumentException when {@code controls} is empty or the shapes differ
     */
    public static Controls mean(java.util.List<Controls> controls) {
        if (controls.isEmpty()) throw new IllegalArgumentException("mean of no controls");
        Controls first = controls.get(0);
        Controls m = new Controls(
                new double[first.procurement.length],
                new double[first.utilization.length],
                zeros(first.modeShares),
                new double[first.release.length],
                zeros(first.routing));
        for (Controls c : controls) {
            requireLength("procurement", c.procurement.length, m.procurement.length);
            requireLength("utilization", c.utilization.length, m.utilization.length);
            requireLength("release", c.release.length, m.release.length);
            add(m.procurement, c.procurement);
            add(m.utilization, c.utilization);
            add(m.release, c.release);
            for (int i = 0; i < m.modeShares.length; i++) add(m.modeShares[i], c.modeShares[i]);
            for (int i = 0; i < m.routing.length; i++) add(m.routing[i], c.routing[i]);
        }
        double w = 1.0 / controls.size();
        scale(m.procurement, w);
        scale(m.utilization, w);
        scale(m.release, w);
        for (double[] x : m.modeShares) scale(x, w);
        for (double[] x : m.routing) scale(x, w);
        return m;
    }

    private static double[][] zeros(double[][] shape) {
        double[][] z = new double[shape.length][];
        for (int i = 0; i < shape.length; i++) z[i] = new double[shape[i].length];
        return z;
    }

    private static void add(double[] acc, double[] x) {
        if (x.length != acc.length)
            throw new IllegalArgumentException(
                    "controls of different shapes: " + x.length + " vs " + acc.length + " entries");
        for (int i = 0; i < acc.length; i++) acc[i] += x[i];
    }

    private static void scale(double[] x, double w) {
        for (int i = 0; i < x.length; i++) x[i] *= w;
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
        return o instanceof Controls c
                && Arrays.equals(procurement, c.procurement)
                && Arrays.equals(utilization, c.utilization)
                && Arrays.deepEquals(modeShares, c.modeShares)
                && Arrays.equals(release, c.release)
                && Arrays.deepEquals(routing, c.routing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(procurement),
                Arrays.hashCode(utilization),
                Arrays.deepHashCode(modeShares),
                Arrays.hashCode(release),
                Arrays.deepHashCode(routing));
    }

    @Override
    public String toString() {
        return "Controls[procurement=" + Arrays.toString(procurement) + ", utilization=" + Arrays.toString(utilization)
                + ", modeShares=" + Arrays.deepToString(modeShares) + ", release=" + Arrays.toString(release)
                + ", routing=" + Arrays.deepToString(routing) + "]";
    }

    /**
     * A readable name for every scalar control, in the order of {@link #flatten}: {@code procure <supplier>},
     * {@code utilize <processor>}, {@code mode <processor>/<mode>}, {@code release <facility>:<material>},
     * {@code route <facility>:<material> > <lane's destination> (<lane>)}.
     */
    public static java.util.List<String> names(NetworkIndex layout) {
        var network = layout.network();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int s : layout.suppliers)
            names.add("procure " + network.facilities().get(s).id());
        for (int p : layout.processors)
            names.add("utilize " + network.facilities().get(p).id());
        for (int k = 0; k < layout.processors.length; k++) {
            String id = network.facilities().get(layout.processors[k]).id();
            for (NetworkIndex.ModeIndex m : layout.modes[k]) names.add("mode " + id + "/" + m.name());
        }
        for (int s : layout.shipSlots) names.add("release " + slotName(layout, s));
        for (int k = 0; k < layout.shipSlots.length; k++) {
            for (int l : layout.shipLanes[k]) {
                var lane = network.lanes().get(l);
                names.add(
                        "route " + slotName(layout, layout.shipSlots[k]) + " > " + lane.to() + " (" + lane.id() + ")");
            }
        }
        return names;
    }

    private static String slotName(NetworkIndex layout, int slot) {
        NetworkIndex.Slot s = layout.slot(slot);
        return layout.network().facilities().get(s.facility()).id() + ":" + s.material();
    }

    /** Every scalar control in one vector, in the order of {@link #names}. */
    public double[] flatten() {
        java.util.List<Double> v = new java.util.ArrayList<>();
        for (double x : procurement) v.add(x);
        for (double x : utilization) v.add(x);
        for (double[] m : modeShares) for (double x : m) v.add(x);
        for (double x : release) v.add(x);
        for (double[] r : routing) for (double x : r) v.add(x);
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
