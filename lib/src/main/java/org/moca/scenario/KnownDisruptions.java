package org.moca.scenario;

import java.util.ArrayList;
import java.util.List;
import org.moca.graph.Lane;
import org.moca.graph.SupplyNetwork;
import org.moca.sim.Disruption;
import org.moca.sim.HourFactors;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;

/**
 * What is known at an hour of the disruptions observed so far: which are still in force, the effective parameters they
 * imply, and the encoded state of a learned policy. One rule for the MPC's assumptions, the learners' states and the
 * training labels (see {@code docs/information-sets.md}).
 *
 * <p><b>In force at hour t</b>: a disruption observed at t (its onset is now), or one observed earlier whose effect the
 * last simulated hour still shows on its target. Its end is never known; a disruption that ends at t is still taken to
 * be in force at t (the view shows its end one hour later).
 */
public final class KnownDisruptions {

    private KnownDisruptions() {}

    /** The first onset among observed disruptions, or -1 when none has been observed. */
    public static int firstOnset(List<ObservedDisruption> observed) {
        int onset = -1;
        for (ObservedDisruption d : observed) if (onset < 0 || d.onset() < onset) onset = d.onset();
        return onset;
    }

    /** The observed disruptions in force at the view's hour (the rule above), in observation order. */
    public static List<ObservedDisruption> inForce(SimulatorView view, List<ObservedDisruption> observed) {
        int t = view.hour();
        List<ObservedDisruption> out = new ArrayList<>();
        for (ObservedDisruption d : observed) if (d.onset() == t || (d.onset() < t && shows(view, d))) out.add(d);
        return out;
    }

    /**
     * The disruptions in force at the view's hour as simulator disruptions lasting at least until {@code untilHour}
     * (exclusive): what a policy may assume of the next hours when it has no prior on their ends.
     */
    public static List<Disruption> assumedUntil(SimulatorView view, List<ObservedDisruption> observed, int untilHour) {
        int t = view.hour();
        if (untilHour <= t) throw new IllegalArgumentException("untilHour " + untilHour + " must be after hour " + t);
        List<Disruption> out = new ArrayList<>();
        for (ObservedDisruption d : inForce(view, observed))
            out.add(new Disruption(d.type(), d.target(), d.onset(), untilHour - d.onset(), d.severity()));
        return out;
    }

    /** The effective parameters of the view's hour that the disruptions in force imply. */
    public static HourFactors factors(SimulatorView view, List<ObservedDisruption> observed) {
        return HourFactors.known(view.layout(), assumedUntil(view, observed, view.hour() + 1), view.hour());
    }

    /**
     * A learned policy's state at the view's hour: {@link StateEncoder} with the factors its layout encodes
     * ({@link StateEncoder#factors}: the factors known then, or in layout 1 the last simulated hour's).
     */
    public static double[] encode(StateEncoder encoder, SimulatorView view, List<ObservedDisruption> observed) {
        return encoder.encode(view, firstOnset(observed), encoder.factors(view, () -> factors(view, observed)));
    }

    /** The disruptions of {@code scenario} observed by the start of hour {@code hour} (onset at or before it). */
    public static List<ObservedDisruption> observedBy(Scenario scenario, int hour) {
        List<ObservedDisruption> out = new ArrayList<>();
        for (Disruption d : scenario.disruptions()) if (d.onset() <= hour) out.add(ObservedDisruption.of(d));
        return out;
    }

    /** Whether the last simulated hour shows the disruption's effect on its target. */
    private static boolean shows(SimulatorView view, ObservedDisruption d) {
        SupplyNetwork net = view.layout().network();
        return switch (d.type()) {
            case SUPPLIER_OUTAGE, CAPACITY_LOSS -> view.capacityFactor(net.facilityIndexOf(d.target())) < 1;
            case YIELD_DROP -> view.yieldFactorOf(net.facilityIndexOf(d.target())) < 1;
            case DEMAND_SHOCK -> view.demandFactorOf(net.facilityIndexOf(d.target())) != 1;
            case LOGISTICS_DELAY -> {
                if (net.graph().containsVertex(d.target())) {
                    boolean any = false;
                    for (Lane l : net.graph().outgoingEdgesOf(d.target()))
                        any |= view.delayFactor(net.laneIndexOf(l.id())) > 0;
                    yield any;
                }
                yield view.delayFactor(net.laneIndexOf(d.target())) > 0;
            }
        };
    }
}
