package org.moca.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.graph.ReferenceNetworks;

class StateEncoderTest {

    @Test
    void dimensionDerivesFromTheNetworkAndFeaturesAreBounded() {
        NetworkIndex layout = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
        StateEncoder enc = new StateEncoder(layout);
        var net = layout.network();
        assertEquals(
                layout.slotCount()
                        + 2 * net.lanes().size()
                        + net.facilities().size()
                        + layout.processors().length
                        + 3
                        + 1
                        + 5,
                enc.dimension());
        ActionCodec codec = new ActionCodec(layout);
        var sim = new CircularSupplySimulator(
                layout,
                List.of(
                        new Disruption(DisruptionType.SUPPLIER_OUTAGE, "reo_primary", 10, 30, 1.0),
                        new Disruption(DisruptionType.LOGISTICS_DELAY, "L04", 12, 30, 2.0)),
                Realization.sample(layout, SimConfig.defaults(), 60, 3),
                null);
        double[] action = new double[codec.dimension()];
        while (!sim.done()) {
            double[] x = enc.encode(sim, 10, HourFactors.lastHour(sim));
            for (double v : x) assertTrue(v >= 0 && v <= 5 && Double.isFinite(v), "feature " + v);
            if (sim.hour() == 20) {
                int k = enc.dimension() - 6;
                assertEquals(10 / 72.0, x[k], 1e-12); // hours since onset
                assertEquals(1.0, x[k + 1 + DisruptionType.SUPPLIER_OUTAGE.ordinal()]); // outage flag
                assertEquals(1.0, x[k + 1 + DisruptionType.LOGISTICS_DELAY.ordinal()]);
                assertEquals(0.0, x[k + 1 + DisruptionType.DEMAND_SHOCK.ordinal()]);
                int capacityBlock = layout.slotCount() + net.lanes().size();
                assertEquals(0.0, x[capacityBlock + net.facilityIndexOf("reo_primary")]);
                assertEquals(1.0, x[capacityBlock + net.facilityIndexOf("reo_backup")]);
            }
            sim.step(codec.decode(action));
        }
    }

    @Test
    void beforeOnsetTheElapsedFeatureIsZero() {
        NetworkIndex layout = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
        StateEncoder enc = new StateEncoder(layout);
        var sim = new CircularSupplySimulator(
                layout, List.of(), Realization.sample(layout, SimConfig.defaults(), 5, 3), null);
        assertEquals(0.0, enc.encode(sim, -1, HourFactors.lastHour(sim))[enc.dimension() - 6]);
        assertEquals(0.0, enc.encode(sim, 3, HourFactors.lastHour(sim))[enc.dimension() - 6]);
    }
}
