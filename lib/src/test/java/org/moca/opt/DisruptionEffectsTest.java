package org.moca.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.SimConfig;

/** Differential test: the planners' view of disruptions equals the simulator's, hour by hour, on compound disruptions. */
class DisruptionEffectsTest {

    @Test
    void effectiveParametersMatchTheSimulator() {
        NetworkIndex layout = OptFixtures.REFERENCE;
        List<Disruption> ds = List.of(
                new Disruption(DisruptionType.SUPPLIER_OUTAGE, "reo_primary", 3, 10, 1.0),
                new Disruption(DisruptionType.CAPACITY_LOSS, "recycler_hydro", 5, 6, 0.5),
                new Disruption(DisruptionType.CAPACITY_LOSS, "recycler_hydro", 8, 6, 0.4),
                new Disruption(DisruptionType.YIELD_DROP, "recycler_small", 2, 4, 0.3),
                new Disruption(DisruptionType.DEMAND_SHOCK, "market", 4, 5, 0.25),
                new Disruption(DisruptionType.LOGISTICS_DELAY, "magnet_plant", 6, 3, 1.5),
                new Disruption(DisruptionType.LOGISTICS_DELAY, "L04", 7, 3, 1.0));
        int hours = 20;
        CircularSupplySimulator sim = new CircularSupplySimulator(
                layout, ds, Realization.sample(layout, SimConfig.defaults(), hours, 1), OptFixtures.NOMINAL.laneFlow());
        DisruptionEffects fx = new DisruptionEffects(layout.network(), ds, 0, hours);
        int nf = layout.network().facilities().size(),
                nl = layout.network().lanes().size();
        for (int t = 0; t < hours; t++) {
            sim.step(OptFixtures.NOMINAL.controls());
            for (int f = 0; f < nf; f++) {
                assertEquals(
                        sim.capacityFactor(f), fx.capacity(f, t), 1e-12, "capacity, facility " + f + ", hour " + t);
                assertEquals(sim.yieldFactorOf(f), fx.yieldFactor(f, t), 1e-12, "yield, facility " + f + ", hour " + t);
                assertEquals(sim.demandFactorOf(f), fx.demand(f, t), 1e-12, "demand, facility " + f + ", hour " + t);
            }
            for (int l = 0; l < nl; l++)
                assertEquals(sim.delayFactor(l), fx.delay(l, t), 1e-12, "delay, lane " + l + ", hour " + t);
        }
    }
}
