package org.moca.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;
import org.moca.graph.Material;
import org.moca.graph.Mode;
import org.moca.graph.SupplyNetwork;
import org.moca.scenario.DisruptionSpec;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.Scenario;
import org.moca.scenario.ScenarioFamily;
import org.moca.scenario.ScenarioVariant;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Controls;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimConfig;

/**
 * The MPC sees what an operator knows (issue 12, item 5): not the realized arrival hours of late shipments, a
 * disruption prior computed from a training family, and a lookahead long enough for a slow backup to matter.
 */
class MpcHonestyTest {

    /**
     * Two episodes identical but for the random extra delays of shipments (the delay noise has its own stream): at hour
     * 4, before any of those shipments can land (the shortest lane takes 4 hours), the state an operator sees is the same,
     * while the simulators' pipelines land goods at different hours. The MPC's plan must be the same.
     */
    @Test
    void theMpcDoesNotSeeWhenLateShipmentsLand() {
        NetworkIndex layout = OptFixtures.REFERENCE;
        SimConfig late = SimConfig.defaults(), onTime = new SimConfig(0.15, 0.05, 0.10, 0, 2.0, 8);
        CircularSupplySimulator a = new CircularSupplySimulator(
                layout, List.of(), Realization.sample(layout, late, 20, 5), OptFixtures.NOMINAL.laneFlow());
        CircularSupplySimulator b = new CircularSupplySimulator(
                layout, List.of(), Realization.sample(layout, onTime, 20, 5), OptFixtures.NOMINAL.laneFlow());
        for (int t = 0; t < 4; t++) {
            a.step(OptFixtures.NOMINAL.controls());
            b.step(OptFixtures.NOMINAL.controls());
        }
        for (int s = 0; s < layout.slotCount(); s++) assertEquals(a.stock(s), b.stock(s), 0, "stock " + s);
        boolean differ = false;
        for (int l = 0; l < layout.network().lanes().size(); l++)
            for (int k = 0; k < 30; k++) differ |= a.arriving(l, k) != b.arriving(l, k);
        assertTrue(differ, "the realized arrivals must differ, or this test proves nothing");
        MpcExpertPolicy mpc = new MpcExpertPolicy(MpcConfig.defaults(), RecoveryCriteria.defaults());
        Controls ca = mpc.plan(a, List.of()).controls(0),
                cb = mpc.plan(b, List.of()).controls(0);
        assertArrayEquals(ca.procurement(), cb.procurement(), 1e-9);
        assertArrayEquals(ca.utilization(), cb.utilization(), 1e-9);
        assertArrayEquals(ca.release(), cb.release(), 1e-9);
        // while the oracle, which is allowed to, plans with the true arrivals
        assertTrue(new PerfectForecast(episode(layout, a.hour(), late))
                        .arrivalHour(0, a.shipmentsInTransit(0).get(0), a.hour())
                >= a.hour());
    }

    private static Episode episode(NetworkIndex layout, int onset, SimConfig noise) {
        Scenario s = new Scenario("t", "none", 0, List.of(), Math.max(1, onset), 20, 5);
        return new Episode(
                layout,
                s,
                Realization.sample(layout, noise, 20, 5),
                OptFixtures.NOMINAL.controls(),
                OptFixtures.NOMINAL.laneFlow());
    }

    /** A late shipment (past its scheduled arrival) is expected mean-extra-delay minus one hours from now. */
    @Test
    void aLateShipmentIsExpectedByTheMemorylessRule() {
        ExpectedForecast f = new ExpectedForecast(OptFixtures.REFERENCE, List.of(), 10, 10, SimConfig.defaults(), 0);
        var onTime = new org.moca.sim.SimulatorView.Shipment(8, 4, 1.0); // scheduled at 12, now 10
        var overdue = new org.moca.sim.SimulatorView.Shipment(2, 4, 1.0); // scheduled at 6, not there by 10
        // mean extra delay 0.1 × 2 = 0.2 h rounds to 0; a late one has 2 - 1 = 1 expected hour left
        assertEquals(12, f.arrivalHour(0, onTime, 10));
        assertEquals(11, f.arrivalHour(0, overdue, 10));
    }

    /** The prior is a quantile of the family's own duration law, computed exactly. */
    @Test
    void thePriorIsAQuantileOfTheTrainingDurations() {
        DisruptionSpec ten = new DisruptionSpec(
                DisruptionType.SUPPLIER_OUTAGE, List.of("reo_primary"), new double[] {1, 1}, new int[] {10, 19}, null);
        ScenarioFamily one = new ScenarioFamily("f", 10, 50, List.of(new ScenarioVariant("v", 1, List.of(ten))));
        // uniform on 10..19: 50% at 14, 90% at 18, all at 19
        assertEquals(14, MpcConfig.priorFrom(one, 0.5));
        assertEquals(18, MpcConfig.priorFrom(one, 0.9));
        assertEquals(19, MpcConfig.priorFrom(one, 1.0));
        DisruptionSpec long40 = new DisruptionSpec(
                DisruptionType.SUPPLIER_OUTAGE, List.of("reo_primary"), new double[] {1, 1}, new int[] {40, 40}, null);
        ScenarioFamily two = new ScenarioFamily(
                "g",
                10,
                50,
                List.of(new ScenarioVariant("v", 3, List.of(ten)), new ScenarioVariant("w", 1, List.of(long40))));
        // 3/4 of the mass on 10..19, 1/4 at 40: the 0.7 quantile is 19 (0.75), the 0.8 quantile 40
        assertEquals(19, MpcConfig.priorFrom(two, 0.7));
        assertEquals(40, MpcConfig.priorFrom(two, 0.8));
        assertEquals(
                MpcConfig.priorFrom(org.moca.scenario.ScenarioFamilies.training(), MpcConfig.DEFAULT_PRIOR_QUANTILE),
                MpcConfig.defaults().priorDurationHours());
    }

    @Test
    void theDerivedLookaheadFollowsTheSlowestSupplyPath() {
        assertEquals(
                30, MpcConfig.slowestSupplyPathHours(OptFixtures.REFERENCE.network()), "20 + 4 + 6 via the backup");
        assertEquals(2, MpcConfig.slowestSupplyPathHours(OptFixtures.tinyChain()));
        MpcConfig c = MpcConfig.defaults();
        assertEquals(30 + c.lookaheadMarginHours(), c.lookaheadFor(OptFixtures.REFERENCE.network()));
        assertEquals(48, c.withLookaheadHours(48).lookaheadFor(OptFixtures.REFERENCE.network()));
    }

    /**
     * A network whose backup supplier is 60 hours away: when the primary goes down for longer than that, the MPC with
     * the derived lookahead buys from the backup at once; held to 48 hours it never does (the backup's supply lands
     * after its window).
     */
    @Test
    void aBackupPathLongerThan48HoursStillGetsBought() {
        SupplyNetwork net = new SupplyNetwork(
                "slow-backup",
                List.of(new Material("ore", 1), new Material("widget", 1)),
                List.of(
                        Facility.supplier("primary", "ore", 3, 1, Map.of()),
                        Facility.supplier("backup", "ore", 3, 3, Map.of()),
                        Facility.processor(
                                "plant",
                                FacilityType.COMPONENT_PLANT,
                                2,
                                1,
                                List.of(new Mode("make", Map.of("ore", 1.0), Map.of("widget", 1.0))),
                                Map.of("ore", 1.0)),
                        Facility.market("market", "widget", 2, 0, 1, null, Map.of("widget", 1.0))),
                List.of(
                        new Lane("L1", "primary", "plant", "ore", 10, 2, 0.1),
                        new Lane("L2", "backup", "plant", "ore", 10, 60, 0.1),
                        new Lane("L3", "plant", "market", "widget", 10, 1, 0.1)));
        NetworkIndex layout = new NetworkIndex(net);
        SteadyStatePlanner.Plan nominal = new SteadyStatePlanner(layout, PlanningPrices.defaults()).solve();
        int backup = net.facilityIndexOf("backup") == layout.suppliers()[1] ? 1 : 0;
        assertEquals(0, nominal.procurement()[backup], 1e-4, "the backup is not bought in normal times");
        Disruption outage = new Disruption(DisruptionType.SUPPLIER_OUTAGE, "primary", 10, 200, 1.0);
        Realization r = Realization.sample(layout, SimConfig.deterministic(), 100, 1);
        CircularSupplySimulator sim = new CircularSupplySimulator(layout, List.of(outage), r, nominal.laneFlow());
        while (sim.hour() <= 10) sim.step(nominal.controls());
        List<ObservedDisruption> seen =
                List.of(new ObservedDisruption(DisruptionType.SUPPLIER_OUTAGE, "primary", 10, 1.0));
        // a prior longer than the backup's transit: buying it is then worth it (the default prior, 56 h, expects the
        // primary back before a 60-hour shipment could land, and rightly waits)
        MpcConfig derived = MpcConfig.defaults().withPriorDurationHours(200);
        assertTrue(derived.lookaheadFor(net) > 62, "derived lookahead " + derived.lookaheadFor(net));
        WindowPlan buys = new MpcExpertPolicy(derived, RecoveryCriteria.defaults()).plan(sim, seen);
        assertTrue(buys.procurement(backup, 0) > 0.1, "the derived lookahead buys from the backup at once");
        WindowPlan waits =
                new MpcExpertPolicy(derived.withLookaheadHours(48), RecoveryCriteria.defaults()).plan(sim, seen);
        double bought = 0;
        for (int k = 0; k < waits.periods(); k++) bought += waits.procurement(backup, k);
        assertEquals(0, bought, 1e-4, "a 48-hour window never sees the backup land");
    }
}
