package org.moca.sim;

import java.util.List;
import java.util.Objects;

/**
 * The effective parameters of one hour as a policy's state encodes them: capacity, yield and demand factor per
 * facility, delay factor per lane, and which disruption types are active.
 *
 * <p>Two sources exist and they differ exactly at an onset: {@link #lastHour} reads what the view shows of the last
 * simulated hour (a disruption that begins now is not in it yet); {@link #known} applies the one disruption rule
 * ({@link DisruptionEffects}) at the hour about to be simulated to the disruptions known to be in force then — the
 * information the MPC and the heuristic act on. {@link StateEncoder} encodes whichever it is given; every deployed
 * policy and every training label uses {@link #known} (state layout {@value StateEncoder#LAYOUT_VERSION}, see
 * {@code docs/information-sets.md}).
 */
public interface HourFactors {

    double capacityFactor(int facility);

    double yieldFactor(int facility);

    double demandFactor(int facility);

    double delayFactor(int lane);

    boolean typeActive(DisruptionType type);

    /** What the view shows of the last simulated hour (state layout 1; kept for views that have nothing else). */
    static HourFactors lastHour(SimulatorView view) {
        Objects.requireNonNull(view, "view");
        return new HourFactors() {
            @Override
            public double capacityFactor(int facility) {
                return view.capacityFactor(facility);
            }

            @Override
            public double yieldFactor(int facility) {
                return view.yieldFactorOf(facility);
            }

            @Override
            public double demandFactor(int facility) {
                return view.demandFactorOf(facility);
            }

            @Override
            public double delayFactor(int lane) {
                return view.delayFactor(lane);
            }

            @Override
            public boolean typeActive(DisruptionType type) {
                return view.typeActive(type);
            }
        };
    }

    /**
     * The factors of hour {@code hour} under {@code known}: the disruption rule applied to the disruptions known to be
     * in force (each must be active at {@code hour} to count). Running time O(known + facilities + lanes).
     *
     * @throws IllegalArgumentException naming the disruption when a target is not in the network
     */
    static HourFactors known(NetworkIndex layout, List<Disruption> known, int hour) {
        var net = layout.network();
        int nf = net.facilities().size(), nl = net.lanes().size();
        double[] c = new double[nf], y = new double[nf], d = new double[nf], dl = new double[nl];
        boolean[] active = new boolean[DisruptionType.values().length];
        new DisruptionEffects(net, known).applyAt(hour, c, y, d, dl, active);
        return new HourFactors() {
            @Override
            public double capacityFactor(int facility) {
                return c[facility];
            }

            @Override
            public double yieldFactor(int facility) {
                return y[facility];
            }

            @Override
            public double demandFactor(int facility) {
                return d[facility];
            }

            @Override
            public double delayFactor(int lane) {
                return dl[lane];
            }

            @Override
            public boolean typeActive(DisruptionType type) {
                return active[type.ordinal()];
            }
        };
    }
}
