package org.moca.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.graph.ReferenceNetworks;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.SimConfig;

class SteadyStatePlannerTest {

    @Test
    void nominalPlanServesDemandWithItsMarginAndKeepsServiceNearOne() {
        NetworkIndex layout = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
        var plan = new SteadyStatePlanner(layout, PlanningPrices.defaults()).solve();
        assertEquals(10 * 1.03, plan.sales()[0], 1e-6);
        plan.controls().validate(layout);
        var sim = new CircularSupplySimulator(
                layout, List.of(), Realization.sample(layout, SimConfig.defaults(), 200, 9), plan.laneFlow());
        while (!sim.done()) sim.step(plan.controls());
        double mean = 0;
        for (double s : sim.trace().serviceCurve()) mean += s / 200;
        assertTrue(mean > 0.98, "nominal service " + mean);
    }

    @Test
    void deterministicNominalOperationIsAStationaryFlow() {
        // With no noise, the plan's lane flows are reproduced by the simulator hour after hour.
        NetworkIndex layout = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
        var plan = new SteadyStatePlanner(layout, PlanningPrices.defaults()).solve();
        var sim = new CircularSupplySimulator(
                layout, List.of(), Realization.sample(layout, SimConfig.deterministic(), 120, 0), plan.laneFlow());
        while (!sim.done()) sim.step(plan.controls());
        for (int l = 0; l < plan.laneFlow().length; l++) {
            assertEquals(
                    plan.laneFlow()[l],
                    sim.trace().laneFlow(119, l),
                    1e-6,
                    "lane " + layout.network().lanes().get(l).id());
        }
        assertEquals(1.0, sim.trace().service(119), 1e-9);
    }
}
