package org.moca.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.scenario.Episode;
import org.moca.scenario.Scenario;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.SimConfig;

class WindowLpTest {

    private static final NetworkIndex TINY = new NetworkIndex(OptFixtures.tinyChain());

    private static Episode tinyEpisode() {
        Scenario s = new Scenario("tiny", "none", 0, List.of(), 1, 4, 0);
        Realization r = Realization.sample(TINY, SimConfig.deterministic(), 4, 0);
        SteadyStatePlanner.Plan nominal = new SteadyStatePlanner(TINY, PlanningPrices.defaults()).solve();
        return new Episode(TINY, s, r, nominal.controls(), new double[2]);
    }

    private static WindowProblem tinyProblem(CircularSupplySimulator sim, Episode e) {
        return WindowProblem.of("tiny", sim, WindowProblem.hourly(4), new PerfectForecast(e));
    }

    /*
     * By hand, 4 hours from empty pipelines: hour 0 the market sells its 1 widget while the plant turns its 1 ore into a
     * widget (arrives hour 1) and the supplier ships ore (arrives hour 1); hour 1 the market sells that widget and the
     * plant makes 2 (arrive hour 2); hours 2 and 3 the market sells 2 each. Widgets reaching the market in time:
     * 1 + 1 + 2 + 2 = 6, and no plan can do better (plant capacity 2/h, one hour of lead to the market).
     */
    @Test
    void tinyChainOptimumEqualsTheHandComputedValue() {
        Episode e = tinyEpisode();
        CircularSupplySimulator sim = new CircularSupplySimulator(TINY, List.of(), e.realization(), null);
        WindowLp lp = new WindowLp(TINY, WindowLpConfig.defaults());
        assertEquals(6.0, lp.maxFulfilment(tinyProblem(sim, e), 0, 4), 1e-7);
        WindowPlan plan = lp.plan(tinyProblem(sim, e));
        double[] served = {1, 1, 2, 2};
        for (int k = 0; k < 4; k++) assertEquals(served[k], plan.served(k) + plan.backlogServed(k), 1e-7, "hour " + k);
        assertEquals(6.0, plan.fulfilled(0, 4), 1e-7);
    }

    @Test
    void tinyChainPlanExecutedByTheSimulatorDeliversThePlan() {
        Episode e = tinyEpisode();
        CircularSupplySimulator sim = new CircularSupplySimulator(TINY, List.of(), e.realization(), null);
        WindowPlan plan = new WindowLp(TINY, WindowLpConfig.defaults()).plan(tinyProblem(sim, e));
        for (int k = 0; k < 4; k++) sim.step(plan.controls(k));
        for (int k = 0; k < 4; k++) {
            assertEquals(plan.served(k), sim.trace().served(k), 1e-7, "served, hour " + k);
            assertEquals(plan.backlogServed(k), sim.trace().backlogServed(k), 1e-7, "backlog served, hour " + k);
        }
    }

    @Test
    void aSubWindowOutsideTheProblemIsRejected() {
        Episode e = tinyEpisode();
        CircularSupplySimulator sim = new CircularSupplySimulator(TINY, List.of(), e.realization(), null);
        WindowLp lp = new WindowLp(TINY, WindowLpConfig.defaults());
        assertThrows(IllegalArgumentException.class, () -> lp.maxFulfilment(tinyProblem(sim, e), 0, 5));
    }

    @Test
    void coarseGridCoversTheWindowWithHourlyThenBlocks() {
        int[] g = WindowProblem.coarse(20, 4, 6);
        assertEquals(
                List.of(0, 1, 2, 3, 4, 10, 16, 20),
                java.util.Arrays.stream(g).boxed().toList());
        Episode e = tinyEpisode();
        CircularSupplySimulator sim = new CircularSupplySimulator(TINY, List.of(), e.realization(), null);
        WindowProblem p = WindowProblem.of(
                "tiny", sim, g, new ExpectedForecast(TINY, List.of(), 0, 20, SimConfig.deterministic(), 0));
        assertEquals(7, p.periods());
        assertEquals(6, p.periodOf(16));
        assertEquals(7, p.periodOf(20));
        assertEquals(2 * 6, p.demand()[0][5], 1e-12, "a 6-hour block holds 6 hours of demand");
        assertEquals(4, p.arrival()[0][3], "dispatched in hour 3 with lead 1: lands in the block starting at hour 4");
        assertEquals(
                6, p.arrival()[0][6], "dispatched at the last block's first hour with lead 1: lands in that block");
    }
}
