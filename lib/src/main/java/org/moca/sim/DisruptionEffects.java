package org.moca.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;
import org.moca.graph.SupplyNetwork;

/**
 * The one rule of how disruptions change a network's effective parameters, used by the simulator (hour by hour, in
 * {@link CircularSupplySimulator#step}) and by the planners (over a window of hours ahead, {@link #window}).
 *
 * <p><b>The rule</b>, for the disruptions active in hour t, in list order: a supplier outage or a capacity loss
 * multiplies the target's capacity factor by {@code (1 - severity)}; a yield drop multiplies its yield factor by
 * {@code (1 - severity)}; a demand shock multiplies its demand factor by {@code (1 + severity)}; a logistics delay adds
 * {@code severity} to the delay factor of the target lane, or of every lane leaving the target facility; delay factors
 * are then capped at {@link Disruption#MAX_DELAY_SEVERITY}. A shipment dispatched on lane l in hour t takes
 * {@code round(leadTime × (1 + delay)) + extra} hours. Factors start at 1 (delays at 0) every hour, so composed
 * disruptions multiply (or add) and an ended one leaves no trace.
 *
 * <p>Targets are resolved and checked once, at construction: a facility id (for a delay also a lane id) that the
 * network does not have, or a type that does not fit the facility (an outage of a plant, a demand shock at a supplier),
 * is rejected with the disruption and the target named. Running time: O(active disruptions + lanes) per hour, O(hours ×
 * (facilities + lanes + disruptions)) for a window.
 */
public final class DisruptionEffects {

    private final SupplyNetwork network;
    private final List<Disruption> disruptions;
    private final int[] target; // facility index, or lane index for a lane-targeted delay
    private final int[][] delayedLanes; // per disruption: the lanes a delay lengthens (empty for other types)

    /**
     * @param network     the network
     * @param disruptions the disruptions, in the order their factors compose
     * @throws IllegalArgumentException naming the disruption when its target is unknown or does not fit its type
     */
    public DisruptionEffects(SupplyNetwork network, List<Disruption> disruptions) {
        this.network = Objects.requireNonNull(network, "network");
        this.disruptions = List.copyOf(Objects.requireNonNull(disruptions, "disruptions"));
        target = new int[this.disruptions.size()];
        delayedLanes = new int[this.disruptions.size()][];
        for (int i = 0; i < target.length; i++) resolve(i, this.disruptions.get(i));
    }

    private void resolve(int i, Disruption d) {
        String t = d.target();
        delayedLanes[i] = new int[0];
        if (!network.graph().containsVertex(t)) {
            if (d.type() != DisruptionType.LOGISTICS_DELAY) {
                throw new IllegalArgumentException("disruption " + d.type() + ": unknown facility " + t);
            }
            target[i] = network.laneIndexOf(t);
            delayedLanes[i] = new int[] {target[i]};
            return;
        }
        target[i] = network.facilityIndexOf(t);
        FacilityType type = network.facilities().get(target[i]).type();
        boolean fits = switch (d.type()) {
            case SUPPLIER_OUTAGE -> type == FacilityType.VIRGIN_SUPPLIER || type == FacilityType.COLLECTION;
            case CAPACITY_LOSS, YIELD_DROP -> type.isProcessor();
            case DEMAND_SHOCK -> type == FacilityType.MARKET;
            case LOGISTICS_DELAY -> true;
        };
        if (!fits) throw new IllegalArgumentException("disruption " + d.type() + " cannot target " + t + ", a " + type);
        if (d.type() == DisruptionType.LOGISTICS_DELAY) {
            // the graph's order of outgoing lanes, the order the delays add in
            delayedLanes[i] = network.graph().outgoingEdgesOf(t).stream()
                    .mapToInt(l -> network.laneIndexOf(l.id()))
                    .toArray();
        }
    }

    /** The disruptions, in composition order. */
    public List<Disruption> disruptions() {
        return disruptions;
    }

    /**
     * Writes the effective parameters of hour {@code t} (the rule above) into the given arrays, overwriting them.
     *
     * @param capacity    per facility, capacity factor
     * @param yield       per facility, yield factor
     * @param demand      per facility, demand factor
     * @param delay       per lane, delay factor (lead-time multiplier minus one)
     * @param activeTypes per {@link DisruptionType} ordinal, whether a disruption of that type is active in hour t
     */
    public void applyAt(
            int t, double[] capacity, double[] yield, double[] demand, double[] delay, boolean[] activeTypes) {
        Arrays.fill(capacity, 1);
        Arrays.fill(yield, 1);
        Arrays.fill(demand, 1);
        Arrays.fill(delay, 0);
        Arrays.fill(activeTypes, false);
        for (int i = 0; i < disruptions.size(); i++) {
            Disruption d = disruptions.get(i);
            if (!d.activeAt(t)) continue;
            activeTypes[d.type().ordinal()] = true;
            int x = target[i];
            switch (d.type()) {
                case SUPPLIER_OUTAGE, CAPACITY_LOSS -> capacity[x] *= 1 - d.severity();
                case YIELD_DROP -> yield[x] *= 1 - d.severity();
                case DEMAND_SHOCK -> demand[x] *= 1 + d.severity();
                case LOGISTICS_DELAY -> {
                    for (int l : delayedLanes[i]) delay[l] += d.severity();
                }
            }
        }
        for (int l = 0; l < delay.length; l++) delay[l] = Math.min(delay[l], Disruption.MAX_DELAY_SEVERITY);
    }

    /** Transit hours (at least 1) of a shipment on {@code lane} under delay factor {@code delay} plus {@code extra} hours. */
    public static int transit(Lane lane, double delay, int extra) {
        return Math.max(1, (int) Math.round(lane.leadTime() * (1 + delay)) + extra);
    }

    /**
     * The effective parameters of hours {@code [from, from + hours)}, by the same rule, for planners.
     *
     * @throws IllegalArgumentException when {@code hours < 0}
     */
    public Window window(int from, int hours) {
        if (hours < 0) throw new IllegalArgumentException("hours must be >= 0, got " + hours);
        int nf = network.facilities().size(), nl = network.lanes().size();
        double[][] capacity = new double[nf][hours], yield = new double[nf][hours], demand = new double[nf][hours];
        double[][] delay = new double[nl][hours];
        double[] c = new double[nf], y = new double[nf], dm = new double[nf], dl = new double[nl];
        boolean[] active = new boolean[DisruptionType.values().length];
        for (int k = 0; k < hours; k++) {
            applyAt(from + k, c, y, dm, dl, active);
            for (int f = 0; f < nf; f++) {
                capacity[f][k] = c[f];
                yield[f][k] = y[f];
                demand[f][k] = dm[f];
            }
            for (int l = 0; l < nl; l++) delay[l][k] = dl[l];
        }
        return new Window(from, capacity, yield, demand, delay);
    }

    /** The effective parameters of a window of hours; k counts hours from the window's first. */
    public static final class Window {
        private final int from;
        private final double[][] capacity; // [facility][k]
        private final double[][] yield; // [facility][k]
        private final double[][] demand; // [facility][k]
        private final double[][] delay; // [lane][k]

        private Window(int from, double[][] capacity, double[][] yield, double[][] demand, double[][] delay) {
            this.from = from;
            this.capacity = capacity;
            this.yield = yield;
            this.demand = demand;
            this.delay = delay;
        }

        /** The window's first absolute hour. */
        public int from() {
            return from;
        }

        /** Capacity factor of facility f in the k-th hour of the window. */
        public double capacity(int f, int k) {
            return capacity[f][k];
        }

        /** Yield factor of facility f in the k-th hour of the window. */
        public double yieldFactor(int f, int k) {
            return yield[f][k];
        }

        /** Demand factor of facility f in the k-th hour of the window. */
        public double demand(int f, int k) {
            return demand[f][k];
        }

        /** Delay factor (lead-time multiplier minus one) of lane l in the k-th hour of the window. */
        public double delay(int l, int k) {
            return delay[l][k];
        }
    }
}
