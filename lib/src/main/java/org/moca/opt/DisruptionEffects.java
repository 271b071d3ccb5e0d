package org.moca.opt;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jgrapht.Graph;
import org.moca.graph.Lane;
import org.moca.graph.SupplyNetwork;
import org.moca.sim.Disruption;

/**
 * The effective parameters a set of disruptions imposes on a network, hour by hour: per facility a capacity, yield and
 * demand factor, per lane a delay factor. The composition rule is the simulator's: capacity and yield factors multiply
 * {@code (1 - severity)}, demand factors multiply {@code (1 + severity)}, lane delays add (capped at
 * {@link Disruption#MAX_DELAY_SEVERITY}); a delay on a facility hits all its outgoing lanes.
 *
 * <p>Planners use it on the true disruptions (the oracle) or on assumed ones (the MPC expert's prior on the end).
 * Running time O(hours × (facilities + lanes + disruptions)).
 */
public final class DisruptionEffects {

    private final double[][] capacity; // [facility][k]
    private final double[][] yield; // [facility][k]
    private final double[][] demand; // [facility][k]
    private final double[][] delay; // [lane][k]

    /**
     * @param network     the network
     * @param disruptions the disruptions (targets must exist in the network)
     * @param from        first hour covered
     * @param hours       number of hours covered
     */
    public DisruptionEffects(SupplyNetwork network, List<Disruption> disruptions, int from, int hours) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(disruptions, "disruptions");
        if (hours < 0) throw new IllegalArgumentException("hours must be >= 0, got " + hours);
        int nf = network.facilities().size(), nl = network.lanes().size();
        capacity = filled(nf, hours, 1);
        yield = filled(nf, hours, 1);
        demand = filled(nf, hours, 1);
        delay = filled(nl, hours, 0);
        Graph<String, Lane> g = network.graph();
        for (Disruption d : disruptions) {
            int lo = Math.max(0, d.onset() - from), hi = Math.min(hours, d.end() - from);
            if (lo >= hi) continue;
            switch (d.type()) {
                case SUPPLIER_OUTAGE, CAPACITY_LOSS ->
                    scale(capacity[network.facilityIndexOf(d.target())], lo, hi, 1 - d.severity());
                case YIELD_DROP -> scale(yield[network.facilityIndexOf(d.target())], lo, hi, 1 - d.severity());
                case DEMAND_SHOCK -> scale(demand[network.facilityIndexOf(d.target())], lo, hi, 1 + d.severity());
                case LOGISTICS_DELAY -> {
                    if (isFacility(network, d.target())) {
                        for (Lane l : g.outgoingEdgesOf(d.target()))
                            add(delay[network.laneIndexOf(l.id())], lo, hi, d.severity());
                    } else {
                        add(delay[network.laneIndexOf(d.target())], lo, hi, d.severity());
                    }
                }
            }
        }
        for (double[] row : delay)
            for (int k = 0; k < hours; k++) row[k] = Math.min(row[k], Disruption.MAX_DELAY_SEVERITY);
    }

    private static boolean isFacility(SupplyNetwork network, String id) {
        try {
            network.facilityIndexOf(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static double[][] filled(int rows, int cols, double v) {
        double[][] a = new double[rows][cols];
        for (double[] r : a) Arrays.fill(r, v);
        return a;
    }

    private static void scale(double[] row, int lo, int hi, double f) {
        for (int k = lo; k < hi; k++) row[k] *= f;
    }

    private static void add(double[] row, int lo, int hi, double v) {
        for (int k = lo; k < hi; k++) row[k] += v;
    }

    /** Capacity factor of facility f in the k-th covered hour. */
    public double capacity(int f, int k) {
        return capacity[f][k];
    }

    /** Yield factor of facility f in the k-th covered hour. */
    public double yieldFactor(int f, int k) {
        return yield[f][k];
    }

    /** Demand factor of facility f in the k-th covered hour. */
    public double demand(int f, int k) {
        return demand[f][k];
    }

    /** Delay factor (lead time multiplier minus one) of lane l in the k-th covered hour. */
    public double delay(int l, int k) {
        return delay[l][k];
    }
}
