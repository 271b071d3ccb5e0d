package org.moca.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.graph.ReferenceNetworks;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;
import org.moca.sim.HourFactors;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.SimConfig;
import org.moca.sim.StateEncoder;

class KnownDisruptionsTest {

    private static final NetworkIndex LAYOUT = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
    private static final StateEncoder ENC = new StateEncoder(LAYOUT);
    private static final int CAPACITY_BLOCK =
            LAYOUT.slotCount() + LAYOUT.network().lanes().size();
    private static final int FLAGS = ENC.dimension() - DisruptionType.values().length;

    /** Runs the nominal plan to {@code hour} under {@code disruptions}; returns the simulator at that hour. */
    private static CircularSupplySimulator at(List<Disruption> disruptions, int hour) {
        var sim = new CircularSupplySimulator(
                LAYOUT, disruptions, Realization.sample(LAYOUT, SimConfig.defaults(), 40, 5), null);
        double[] nominal = new double[new ActionCodec(LAYOUT).dimension()];
        while (sim.hour() < hour) sim.step(new ActionCodec(LAYOUT).decode(nominal));
        return sim;
    }

    private static List<ObservedDisruption> observed(List<Disruption> ds, int hour) {
        return ds.stream()
                .filter(d -> d.onset() <= hour)
                .map(ObservedDisruption::of)
                .toList();
    }

    @Test
    void theStateAtTheOnsetHourShowsTheDisruptionObservedThen() {
        List<Disruption> ds = List.of(new Disruption(DisruptionType.SUPPLIER_OUTAGE, "reo_primary", 10, 20, 0.75));
        var sim = at(ds, 10);
        int f = LAYOUT.network().facilityIndexOf("reo_primary");
        double[] known = KnownDisruptions.encode(ENC, sim, observed(ds, 10));
        assertEquals(0.25, known[CAPACITY_BLOCK + f], 1e-12, "capacity known at the onset hour");
        assertEquals(1.0, known[FLAGS + DisruptionType.SUPPLIER_OUTAGE.ordinal()], "outage flag at the onset hour");
        // the layout-1 state of the same hour is the pre-onset one: the difference this rule exists for
        double[] stale = ENC.encode(sim, 10, HourFactors.lastHour(sim));
        assertEquals(1.0, stale[CAPACITY_BLOCK + f]);
        assertEquals(0.0, stale[FLAGS + DisruptionType.SUPPLIER_OUTAGE.ordinal()]);
        // everything else agrees
        for (int i = 0; i < known.length; i++)
            if (i != CAPACITY_BLOCK + f && i != FLAGS + DisruptionType.SUPPLIER_OUTAGE.ordinal())
                assertEquals(stale[i], known[i], 1e-12, "feature " + i);
    }

    @Test
    void aLayoutOneEncoderWritesTheStaleStateAndOneHourLaterTheDisruption() {
        List<Disruption> ds = List.of(new Disruption(DisruptionType.SUPPLIER_OUTAGE, "reo_primary", 10, 20, 0.75));
        StateEncoder v1 = new StateEncoder(LAYOUT, 1);
        int f = LAYOUT.network().facilityIndexOf("reo_primary"),
                flag = FLAGS + DisruptionType.SUPPLIER_OUTAGE.ordinal();
        var onset = at(ds, 10);
        double[] stale = KnownDisruptions.encode(v1, onset, observed(ds, 10));
        assertEquals(1, v1.stateLayout());
        assertEquals(1.0, stale[CAPACITY_BLOCK + f], "layout 1 at the onset hour: the last hour, before the outage");
        assertEquals(0.0, stale[flag]);
        assertEquals(1.0, KnownDisruptions.encode(ENC, onset, observed(ds, 10))[flag], "layout 2 shows it");
        // one hour on, the simulated onset hour shows the outage in both layouts, and the two states agree
        var next = at(ds, 11);
        double[] v1Next = KnownDisruptions.encode(v1, next, observed(ds, 11));
        assertEquals(0.25, v1Next[CAPACITY_BLOCK + f], 1e-12);
        assertEquals(1.0, v1Next[flag]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                KnownDisruptions.encode(ENC, next, observed(ds, 11)), v1Next, 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> new StateEncoder(LAYOUT, 3));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("stateLayout must be 1"), e.getMessage());
    }

    @Test
    void anEndedDisruptionLeavesTheStateOneHourAfterItsEndShows() {
        List<Disruption> ds = List.of(
                new Disruption(DisruptionType.SUPPLIER_OUTAGE, "reo_primary", 5, 6, 1.0),
                new Disruption(DisruptionType.LOGISTICS_DELAY, "L04", 6, 20, 1.5));
        int f = LAYOUT.network().facilityIndexOf("reo_primary");
        int delayBlock = CAPACITY_BLOCK + LAYOUT.network().facilities().size() + LAYOUT.processors().length;
        int lane = LAYOUT.network().laneIndexOf("L04");
        // the outage is active in hours 5..10; the view shows hour 10 at hour 11: still in force at 11, gone at 12
        assertEquals(0.0, KnownDisruptions.encode(ENC, at(ds, 10), observed(ds, 10))[CAPACITY_BLOCK + f]);
        assertEquals(0.0, KnownDisruptions.encode(ENC, at(ds, 11), observed(ds, 11))[CAPACITY_BLOCK + f]);
        double[] x12 = KnownDisruptions.encode(ENC, at(ds, 12), observed(ds, 12));
        assertEquals(1.0, x12[CAPACITY_BLOCK + f]);
        assertEquals(0.0, x12[FLAGS + DisruptionType.SUPPLIER_OUTAGE.ordinal()]);
        assertEquals(1.5 / Disruption.MAX_DELAY_SEVERITY, x12[delayBlock + lane], 1e-12, "the delay still in force");
        assertEquals(List.of(ObservedDisruption.of(ds.get(1))), KnownDisruptions.inForce(at(ds, 12), observed(ds, 12)));
    }

    @Test
    void theMpcAndTheStateUseTheSameDisruptionsInForce() {
        List<Disruption> ds = List.of(new Disruption(DisruptionType.CAPACITY_LOSS, "recycler_hydro", 8, 4, 0.5));
        assertEquals(1, KnownDisruptions.inForce(at(ds, 8), observed(ds, 8)).size());
        assertEquals(0, KnownDisruptions.inForce(at(ds, 13), observed(ds, 13)).size());
        assertEquals(8, KnownDisruptions.firstOnset(observed(ds, 13)));
        assertEquals(-1, KnownDisruptions.firstOnset(List.of()));
        assertThrows(
                IllegalArgumentException.class, () -> KnownDisruptions.assumedUntil(at(ds, 8), observed(ds, 8), 8));
    }
}
