package org.moca.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.moca.opt.ExpectedForecast;
import org.moca.opt.WindowForecast;
import org.moca.scenario.Episode;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimConfig;

class ServiceWeightsTest {

    @Test
    void anHourWhoseDecisionsReachNoServiceGetsOnlyTheFloor() {
        // plant (holds 1 ore) --L2 (lead 1)--> market (demand 2): hour 0's release reaches hour 1's service, hour 1's
        // decisions reach nothing within the two hours (without cost in the objective)
        SupplyNetwork net = new SupplyNetwork(
                "tiny-chain",
                List.of(new Material("ore", 1), new Material("widget", 1)),
                List.of(
                        Facility.supplier("sup", "ore", 3, 1, Map.of()),
                        Facility.processor(
                                "plant",
                                FacilityType.COMPONENT_PLANT,
                                2,
                                1,
                                List.of(new Mode("make", Map.of("ore", 1.0), Map.of("widget", 1.0))),
                                Map.of("ore", 1.0)),
                        Facility.market("market", "widget", 2, 0, 1, null, Map.of("widget", 1.0))),
                List.of(
                        new Lane("L1", "sup", "plant", "ore", 10, 1, 0.1),
                        new Lane("L2", "plant", "market", "widget", 10, 1, 0.1)));
        NetworkIndex layout = new NetworkIndex(net);
        CircularSupplySimulator sim = new CircularSupplySimulator(
                layout, List.of(), Realization.sample(layout, SimConfig.deterministic(), 4, 1), null);
        TwinState start = TwinState.of(sim, -1, null);
        WindowForecast forecast = new ExpectedForecast(layout, List.of(), 0, 4, SimConfig.deterministic(), 0);
        ServiceWeights weights = new ServiceWeights(
                layout,
                ServiceWeights.Config.defaults()
                        .withObjective(TwinObjective.defaults().withCostWeight(0)));
        double[][] labels = new double[2][new ActionCodec(layout).dimension()]; // mid-range controls
        double[] w = weights.weights(start, forecast, labels);
        assertEquals(0.1 / 2, w[1], 1e-15);
        assertEquals(0.9 + 0.1 / 2, w[0], 1e-15);
    }

    @Test
    void weightsSumToOneKeepTheirFloorAndFavourEarlyCommitments() {
        Episode e = TwinFixtures.referenceEpisodes(1, 5).get(0); // a black-swan episode
        int from = e.scenario().onset();
        TwinState start = TwinState.observe(TwinFixtures.simulatorAt(e, from), from, RecoveryCriteria.defaults());
        WindowForecast forecast =
                new ExpectedForecast(e.layout(), e.scenario().disruptions(), from, 48, SimConfig.defaults(), 0.1);
        double[] nominal = new ActionCodec(e.layout()).encode(e.nominal());
        double[][] labels = new double[48][];
        for (int k = 0; k < 48; k++) labels[k] = nominal;
        ServiceWeights sw = new ServiceWeights(e.layout(), ServiceWeights.Config.defaults());
        double[] w = sw.weights(start, forecast, labels);
        double sum = 0, early = 0, late = 0;
        for (int k = 0; k < 48; k++) {
            assertTrue(w[k] >= 0.1 / 48 - 1e-15, "hour " + k + " below its floor: " + w[k]);
            sum += w[k];
            if (k < 12) early += w[k] / 12;
            if (k >= 42) late += w[k] / 6;
        }
        assertEquals(1, sum, 1e-12);
        // a unit bought at onset can still reach every stock-out of the window; one bought in its last hours cannot
        assertTrue(early > 4 * late, "early decisions should weigh more: " + early + " vs " + late);
        double[] uniform = new ServiceWeights(
                        e.layout(), ServiceWeights.Config.defaults().withFloorShare(1))
                .weights(start, forecast, labels);
        for (double v : uniform) assertEquals(1.0 / 48, v, 1e-15);
        assertThrows(
                IllegalArgumentException.class,
                () -> ServiceWeights.Config.defaults().withFloorShare(1.5));
    }
}
