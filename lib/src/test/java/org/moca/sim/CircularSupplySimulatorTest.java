package org.moca.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;

class CircularSupplySimulatorTest {

    private static final NetworkIndex REFERENCE = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());

    private static double[] randomAction(ActionCodec codec, SplittableRandom rng) {
        double[] a = new double[codec.dimension()];
        for (int i = 0; i < a.length; i++) a[i] = rng.nextDouble(-6, 6);
        return a;
    }

    private static List<Disruption> randomDisruptions(SupplyNetwork net, SplittableRandom rng) {
        List<Disruption> ds = new ArrayList<>();
        var fs = net.facilities();
        for (int i = 0; i < 4; i++) {
            var f = fs.get(rng.nextInt(fs.size()));
            int onset = rng.nextInt(200), dur = 1 + rng.nextInt(100);
            switch (f.type()) {
                case VIRGIN_SUPPLIER ->
                    ds.add(new Disruption(DisruptionType.SUPPLIER_OUTAGE, f.id(), onset, dur, rng.nextDouble()));
                case MARKET ->
                    ds.add(new Disruption(DisruptionType.DEMAND_SHOCK, f.id(), onset, dur, rng.nextDouble(-1, 3)));
                case COMPONENT_PLANT, ASSEMBLY_PLANT, RECYCLER, REMANUFACTURER -> {
                    ds.add(new Disruption(DisruptionType.CAPACITY_LOSS, f.id(), onset, dur, rng.nextDouble()));
                    ds.add(new Disruption(DisruptionType.YIELD_DROP, f.id(), onset, dur, rng.nextDouble()));
                }
                default ->
                    ds.add(new Disruption(DisruptionType.LOGISTICS_DELAY, f.id(), onset, dur, rng.nextDouble(0, 2)));
            }
        }
        var lane = net.lanes().get(rng.nextInt(net.lanes().size()));
        ds.add(new Disruption(DisruptionType.LOGISTICS_DELAY, lane.id(), rng.nextInt(100), 50, 2.0));
        return ds;
    }

    @Test
    void massBalanceHoldsEveryHourUnderRandomControlsAndDisruptions() {
        for (NetworkIndex layout : List.of(REFERENCE, new NetworkIndex(TinyChains.loop()))) {
            ActionCodec codec = new ActionCodec(layout);
            SplittableRandom rng = new SplittableRandom(42);
            for (int episode = 0; episode < 5; episode++) {
                int hours = 400;
                Realization r = Realization.sample(layout, SimConfig.defaults(), hours, rng.nextLong());
                double[] initialFlow = new double[layout.network().lanes().size()];
                for (int l = 0; l < initialFlow.length; l++) initialFlow[l] = rng.nextDouble(0, 5);
                var sim = new CircularSupplySimulator(layout, randomDisruptions(layout.network(), rng), r, initialFlow);
                assertEquals(0, sim.massBalanceError(), 1e-12);
                while (!sim.done()) {
                    sim.step(codec.decode(randomAction(codec, rng)));
                    double rel = Math.abs(sim.massBalanceError()) / sim.massScale();
                    assertTrue(rel < 1e-9, "mass balance off by " + rel + " (relative) at hour " + sim.hour());
                }
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalTracesAndAnotherSeedDoesNot() {
        double[] a = run(7), b = run(7), c = run(8);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    private static double[] run(long seed) {
        ActionCodec codec = new ActionCodec(REFERENCE);
        SplittableRandom rng = new SplittableRandom(1);
        double[] action = randomAction(codec, rng);
        var sim = new CircularSupplySimulator(
                REFERENCE, List.of(), Realization.sample(REFERENCE, SimConfig.defaults(), 100, seed), null);
        while (!sim.done()) sim.step(codec.decode(action));
        return sim.trace().serviceCurve();
    }

    /** Hand-computed first hours of the tiny loop, deterministic, everything released and fully utilized. */
    @Test
    void tinyLoopFollowsTheDocumentedOrderOfEvents() {
        NetworkIndex layout = new NetworkIndex(TinyChains.loop());
        Realization r = Realization.sample(layout, SimConfig.deterministic(), 10, 0);
        var sim = new CircularSupplySimulator(layout, List.of(), r, null);
        // ship slots in slot order: supplier.ore (L1), plant.widget (L2), market.scrap (L3, L5), recycler.ore (L4)
        int[] ship = layout.shipSlots();
        assertEquals(4, ship.length);
        Controls c = new Controls(
                new double[] {0.6},
                new double[] {1, 1},
                new double[][] {{1}, {1}},
                new double[] {1, 1, 1, 1},
                new double[][] {{1}, {1}, {1, 0}, {1}});
        int plantOre = layout.slotOf("plant", "ore"), marketWidget = layout.slotOf("market", "widget");
        int supplierOre = layout.slotOf("supplier", "ore");

        // hour 0: procure 6 ore (ships 6 on L1, arriving hour 1); plant has 4 ore -> makes 2 widgets (capacity 5),
        // ships
        // them on L2 (arrive hour 2); market serves 2 of demand 4 from its stock of 2 -> service 0.5, backlog 2;
        // returns: 50% of sold 2 = 1 scrap due at hour 3. The return pipeline starts at steady state (demand 4 x 50% =
        // 2 scrap an hour), so 2 scrap arrive and ship on L3 at 0.1.
        sim.step(c);
        assertEquals(0, sim.stock(supplierOre), 1e-12);
        assertEquals(0, sim.stock(plantOre), 1e-12);
        assertEquals(0.5, sim.trace().service(0), 1e-12);
        assertEquals(2, sim.backlog(0), 1e-12);
        assertEquals(6, sim.inTransit(0), 1e-12);
        assertEquals(6 * 1 + 2 * 1 + 6 * 0.5 + 2 * 0.5 + 2 * 0.1, sim.trace().cost(0), 1e-12);

        // hour 1: 6 ore arrive at the plant -> 3 widgets (needs 6 ore, capacity 5): ore left 0; market has no widgets:
        // service 0, backlog 6.
        sim.step(c);
        assertEquals(0, sim.stock(plantOre), 1e-12);
        assertEquals(0, sim.trace().service(1), 1e-12);
        assertEquals(6, sim.backlog(0), 1e-12);

        // hour 2: the 2 widgets of hour 0 arrive: serve 2 of this hour's 4 -> 0.5; backlog 6 + 2 = 8.
        sim.step(c);
        assertEquals(0.5, sim.trace().service(2), 1e-12);
        assertEquals(8, sim.backlog(0), 1e-12);
        assertEquals(0, sim.stock(marketWidget), 1e-12);
        assertEquals(0, sim.massBalanceError(), 1e-12);
    }

    @Test
    void supplierOutageStopsProcurementOnlyWhileActive() {
        NetworkIndex layout = new NetworkIndex(TinyChains.loop());
        Realization r = Realization.sample(layout, SimConfig.deterministic(), 6, 0);
        var sim = new CircularSupplySimulator(
                layout, List.of(new Disruption(DisruptionType.SUPPLIER_OUTAGE, "supplier", 2, 2, 1.0)), r, null);
        Controls c = new Controls(
                new double[] {1},
                new double[] {0, 0},
                new double[][] {{1}, {1}},
                new double[] {0, 0, 0, 0},
                new double[][] {{1}, {1}, {1, 0}, {1}});
        double[] procured = new double[6];
        for (int t = 0; t < 6; t++) {
            sim.step(c);
            procured[t] = sim.trace().procured(t, 0);
        }
        assertArrayEquals(new double[] {10, 10, 0, 0, 10, 10}, procured, 1e-12);
    }

    @Test
    void logisticsDelayLengthensLeadTime() {
        NetworkIndex layout = new NetworkIndex(TinyChains.loop());
        Realization r = Realization.sample(layout, SimConfig.deterministic(), 8, 0);
        var sim = new CircularSupplySimulator(
                layout, List.of(new Disruption(DisruptionType.LOGISTICS_DELAY, "L1", 0, 1, 2.0)), r, null);
        Controls c = new Controls(
                new double[] {0.5},
                new double[] {0, 0},
                new double[][] {{1}, {1}},
                new double[] {1, 0, 0, 0},
                new double[][] {{1}, {1}, {1, 0}, {1}});
        sim.step(c); // 5 ore shipped with lead 1 * (1 + 2) = 3 hours
        Controls idle =
                new Controls(new double[] {0}, c.utilization(), c.modeShares(), new double[] {0, 0, 0, 0}, c.routing());
        sim.step(idle);
        sim.step(idle);
        assertEquals(4, sim.stock(layout.slotOf("plant", "ore")), 1e-12);
        sim.step(idle);
        assertEquals(9, sim.stock(layout.slotOf("plant", "ore")), 1e-12);
    }

    @Test
    void rejectsControlsOfTheWrongShapeOrRange() {
        NetworkIndex layout = new NetworkIndex(TinyChains.loop());
        var sim = new CircularSupplySimulator(
                layout, List.of(), Realization.sample(layout, SimConfig.deterministic(), 3, 0), null);
        Controls bad = new Controls(
                new double[] {1.5},
                new double[] {0, 0},
                new double[][] {{1}, {1}},
                new double[] {0, 0, 0, 0},
                new double[][] {{1}, {1}, {1, 0}, {1}});
        var e = assertThrows(IllegalArgumentException.class, () -> sim.step(bad));
        assertTrue(e.getMessage().contains("procurement[0]"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new CircularSupplySimulator(
                        layout,
                        List.of(new Disruption(DisruptionType.DEMAND_SHOCK, "plant", 0, 1, 0.5)),
                        Realization.sample(layout, SimConfig.deterministic(), 3, 0),
                        null));
    }
}
