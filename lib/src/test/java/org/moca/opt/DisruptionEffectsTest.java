package org.moca.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.scenario.Episode;
import org.moca.scenario.Scenario;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionEffects;
import org.moca.sim.DisruptionType;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.SimConfig;
import org.moca.sim.SimulatorView;

/**
 * Differential test of the one disruption-effect rule: what the planners see of disruptions (the rule's window, and the
 * oracle's {@link PerfectForecast} built on it) equals what the simulator applies, hour by hour, on compound
 * disruptions — capacity, yield, demand, delay factors, and the transit time of a shipment dispatched in each hour.
 */
class DisruptionEffectsTest {

    private static final List<Disruption> COMPOUND = List.of(
            new Disruption(DisruptionType.SUPPLIER_OUTAGE, "reo_primary", 3, 10, 1.0),
            new Disruption(DisruptionType.CAPACITY_LOSS, "recycler_hydro", 5, 6, 0.5),
            new Disruption(DisruptionType.CAPACITY_LOSS, "recycler_hydro", 8, 6, 0.4),
            new Disruption(DisruptionType.YIELD_DROP, "recycler_small", 2, 4, 0.3),
            new Disruption(DisruptionType.DEMAND_SHOCK, "market", 4, 5, 0.25),
            new Disruption(DisruptionType.LOGISTICS_DELAY, "magnet_plant", 6, 3, 1.5),
            new Disruption(DisruptionType.LOGISTICS_DELAY, "L04", 7, 3, 1.0));

    @Test
    void effectiveParametersMatchTheSimulator() {
        NetworkIndex layout = OptFixtures.REFERENCE;
        int hours = 20;
        Realization r = Realization.sample(layout, SimConfig.defaults(), hours, 1);
        CircularSupplySimulator sim = new CircularSupplySimulator(layout, COMPOUND, r, OptFixtures.NOMINAL.laneFlow());
        DisruptionEffects.Window fx = new DisruptionEffects(layout.network(), COMPOUND).window(0, hours);
        Episode e = new Episode(
                layout,
                new Scenario("test", "compound", 0, COMPOUND, 1, hours, 1),
                r,
                OptFixtures.NOMINAL.controls(),
                OptFixtures.NOMINAL.laneFlow());
        PerfectForecast perfect = new PerfectForecast(e);
        int nf = layout.network().facilities().size(),
                nl = layout.network().lanes().size();
        int delayedShipments = 0;
        for (int t = 0; t < hours; t++) {
            sim.step(OptFixtures.NOMINAL.controls());
            for (int f = 0; f < nf; f++) {
                assertEquals(
                        sim.capacityFactor(f), fx.capacity(f, t), 1e-12, "capacity, facility " + f + ", hour " + t);
                assertEquals(
                        sim.capacityFactor(f), perfect.capacityFactor(f, t), 1e-12, "oracle capacity " + f + ", " + t);
                assertEquals(sim.yieldFactorOf(f), fx.yieldFactor(f, t), 1e-12, "yield, facility " + f + ", hour " + t);
                assertEquals(sim.demandFactorOf(f), fx.demand(f, t), 1e-12, "demand, facility " + f + ", hour " + t);
            }
            for (int l = 0; l < nl; l++) {
                assertEquals(sim.delayFactor(l), fx.delay(l, t), 1e-12, "delay, lane " + l + ", hour " + t);
                int hour = t;
                for (SimulatorView.Shipment s : sim.shipmentsInTransit(l)) {
                    if (s.dispatchHour() != hour) continue;
                    var lane = layout.network().lanes().get(l);
                    assertEquals(DisruptionEffects.transit(lane, fx.delay(l, t), 0), s.scheduledTransit());
                    assertEquals(s.scheduledTransit() + r.extraDelay(l, t), perfect.transit(l, t), "lane " + l);
                    int due = t + perfect.transit(l, t);
                    assertEquals(
                            due, perfect.arrivalHour(l, s, sim.hour()), "oracle's arrival, lane " + l + ", hour " + t);
                    assertTrue(
                            sim.arriving(l, due - sim.hour()) >= s.units() - 1e-12,
                            "the simulator lands it then, lane " + l + ", hour " + t);
                    if (fx.delay(l, t) > 0) delayedShipments++;
                }
            }
        }
        assertTrue(delayedShipments > 0, "no shipment left under a delay: the transit checks proved little");
    }
}
