package org.moca.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.graph.ReferenceNetworks;

/** {@link StateEncoder#backward} against central differences of a random linear functional of the encoded state. */
class StateEncoderBackwardTest {

    private final NetworkIndex layout = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
    private final StateEncoder encoder = new StateEncoder(layout);

    /** A view over arrays: the simulator's state after a few hours, with stock, transit and backlog editable. */
    private static final class ArrayView implements SimulatorView {
        final CircularSupplySimulator sim;
        final double[] stock, inTransit, backlog;

        ArrayView(CircularSupplySimulator sim, NetworkIndex layout) {
            this.sim = sim;
            stock = new double[layout.slotCount()];
            inTransit = new double[layout.network().lanes().size()];
            backlog = new double[layout.markets().length];
            for (int s = 0; s < stock.length; s++) stock[s] = sim.stock(s);
            for (int l = 0; l < inTransit.length; l++) inTransit[l] = sim.inTransit(l);
        }

        @Override
        public NetworkIndex layout() {
            return sim.layout();
        }

        @Override
        public int hour() {
            return sim.hour();
        }

        @Override
        public int horizon() {
            return sim.horizon();
        }

        @Override
        public double stock(int slot) {
            return stock[slot];
        }

        @Override
        public double inTransit(int lane) {
            return inTransit[lane];
        }

        @Override
        public java.util.List<Shipment> shipmentsInTransit(int lane) {
            return sim.shipmentsInTransit(lane);
        }

        @Override
        public double returnsArriving(int marketOrdinal, int hoursAhead) {
            return sim.returnsArriving(marketOrdinal, hoursAhead);
        }

        @Override
        public double backlog(int marketOrdinal) {
            return backlog[marketOrdinal];
        }

        @Override
        public double lastDemand(int marketOrdinal) {
            return sim.lastDemand(marketOrdinal);
        }

        @Override
        public double capacityFactor(int facility) {
            return sim.capacityFactor(facility);
        }

        @Override
        public double yieldFactorOf(int facility) {
            return sim.yieldFactorOf(facility);
        }

        @Override
        public double demandFactorOf(int facility) {
            return sim.demandFactorOf(facility);
        }

        @Override
        public double delayFactor(int lane) {
            return sim.delayFactor(lane);
        }

        @Override
        public boolean typeActive(DisruptionType type) {
            return sim.typeActive(type);
        }

        @Override
        public EpisodeTrace trace() {
            return sim.trace();
        }
    }

    @Test
    void backwardMatchesCentralDifferencesInStockTransitAndBacklog() {
        var sim = new CircularSupplySimulator(
                layout,
                List.of(new Disruption(DisruptionType.SUPPLIER_OUTAGE, "reo_primary", 2, 30, 1.0)),
                Realization.sample(layout, SimConfig.defaults(), 10, 3),
                null);
        ActionCodec codec = new ActionCodec(layout);
        for (int t = 0; t < 6; t++) sim.step(codec.decode(new double[codec.dimension()]));
        ArrayView view = new ArrayView(sim, layout);
        view.backlog[0] = 37; // a backlog inside the clip
        view.stock[0] = 1e9; // one slot far above its clip: passes nothing
        SplittableRandom rng = new SplittableRandom(23);
        double[] c = new double[encoder.dimension()];
        for (int i = 0; i < c.length; i++) c[i] = rng.nextGaussian();
        double[] x = encoder.encode(view, 2, HourFactors.lastHour(view));
        double[] dStock = new double[view.stock.length],
                dTransit = new double[view.inTransit.length],
                dBacklog = new double[view.backlog.length];
        encoder.backward(x, c, dStock, dTransit, dBacklog);
        int nonzero = 0;
        for (double[][] pair :
                new double[][][] {{view.stock, dStock}, {view.inTransit, dTransit}, {view.backlog, dBacklog}}) {
            double[] v = pair[0], g = pair[1];
            for (int i = 0; i < v.length; i++) {
                double keep = v[i], h = 1e-4 * Math.max(1, Math.abs(keep));
                v[i] = keep + h;
                double up = dot(c, encoder.encode(view, 2, HourFactors.lastHour(view)));
                v[i] = keep - h;
                double down = dot(c, encoder.encode(view, 2, HourFactors.lastHour(view)));
                v[i] = keep;
                // at 0 (empty, nothing in transit) the kink: the documented derivative is the upward one
                double fd = keep == 0
                        ? (up - dot(c, encoder.encode(view, 2, HourFactors.lastHour(view)))) / h
                        : (up - down) / (2 * h);
                assertEquals(fd, g[i], 1e-8 * Math.max(1, Math.abs(fd)), "entry " + i);
                if (g[i] != 0) nonzero++;
            }
        }
        assertEquals(0.0, dStock[0], "a clipped feature passes nothing");
        assertTrue(dBacklog[0] != 0);
        assertTrue(nonzero > layout.slotCount() / 2, "nonzero " + nonzero);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
