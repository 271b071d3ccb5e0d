package org.moca.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.graph.NetworkGenerator;
import org.moca.graph.SupplyNetwork;
import org.moca.scenario.Episode;
import org.moca.scenario.Scenario;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimConfig;

/**
 * Differential test of the LP backends (the JGraphT habit: one problem, every algorithm, the same answer): HiGHS, GLOP,
 * CLP and PDLP give the same optimal objective to 1e-7 relative on the reference network (the oracle's hourly window at
 * a black-swan onset, an MPC decision's coarse window, the steady-state plan, the max-fulfilment bound) and on generated
 * circular networks ({@link NetworkGenerator}) at a supplier outage.
 */
class LpSolversTest {

    private static final double REL = 1e-7;

    private static void assertAllAgree(String what, java.util.function.ToDoubleFunction<LpBackend> objective) {
        double highs = objective.applyAsDouble(LpBackend.HIGHS);
        assertTrue(Math.abs(highs) > 1, what + ": a trivial objective " + highs + " would prove nothing");
        for (LpBackend b : LpBackend.values()) {
            double z = objective.applyAsDouble(b);
            assertEquals(highs, z, REL * Math.abs(highs), what + ": " + b + " vs HIGHS");
        }
    }

    private static WindowLp lp(NetworkIndex layout, LpBackend b) {
        // stage 1 alone: its optimum is what every backend must agree on (stage 2 only picks among optima)
        return new WindowLp(layout, WindowLpConfig.defaults().withBackend(b).withUniquePlan(false));
    }

    @Test
    void everyBackendFindsTheSameOptimumOnTheReferenceNetwork() {
        Episode e = OptFixtures.episodes(OptFixtures.shortBlackSwan(), 1, 2).get(0);
        CircularSupplySimulator sim = OptFixtures.atOnset(e);
        OraclePolicy oracle = new OraclePolicy(WindowLpConfig.defaults(), RecoveryCriteria.defaults());
        oracle.reset(e);
        WindowProblem exact = oracle.problem(sim);
        WindowProblem coarse = WindowProblem.of(
                "mpc",
                sim,
                WindowProblem.coarse(48, 12, 6),
                new ExpectedForecast(
                        OptFixtures.REFERENCE, e.scenario().disruptions(), sim.hour(), 48, SimConfig.defaults(), 0.1));
        assertAllAgree(
                "oracle window", b -> lp(OptFixtures.REFERENCE, b).plan(exact).objective());
        assertAllAgree(
                "MPC window", b -> lp(OptFixtures.REFERENCE, b).plan(coarse).objective());
        assertAllAgree("max-fulfilment", b -> lp(OptFixtures.REFERENCE, b).maxFulfilment(exact, 0, 24));
        assertAllAgree(
                "steady state",
                b -> new SteadyStatePlanner(
                                OptFixtures.REFERENCE,
                                PlanningPrices.defaults(),
                                SolverConfig.defaults().withBackend(b))
                        .solve()
                        .objective());
    }

    @Test
    void everyBackendFindsTheSameOptimumOnGeneratedNetworks() {
        for (long seed = 1; seed <= 3; seed++) {
            SupplyNetwork net = new NetworkGenerator(NetworkGenerator.Config.withFacilities(30)).generate(seed);
            NetworkIndex layout = new NetworkIndex(net);
            SteadyStatePlanner.Plan nominal = new SteadyStatePlanner(layout, PlanningPrices.defaults()).solve();
            String supplier = net.facilities().get(layout.suppliers()[0]).id();
            List<Disruption> ds = List.of(new Disruption(DisruptionType.SUPPLIER_OUTAGE, supplier, 4, 30, 1.0));
            Scenario s = new Scenario("generated", "outage", 0, ds, 4, 40, seed);
            Realization r = Realization.sample(layout, SimConfig.defaults(), s.horizon(), seed);
            Episode e = new Episode(layout, s, r, nominal.controls(), nominal.laneFlow());
            CircularSupplySimulator sim = new CircularSupplySimulator(layout, ds, r, nominal.laneFlow());
            while (sim.hour() < s.onset()) sim.step(nominal.controls());
            WindowProblem p =
                    WindowProblem.of("generated-" + seed, sim, WindowProblem.hourly(24), new PerfectForecast(e));
            assertAllAgree(
                    "generated network " + seed, b -> lp(layout, b).plan(p).objective());
            assertAllAgree(
                    "generated network " + seed + " bound", b -> lp(layout, b).maxFulfilment(p, 0, 24));
        }
    }

    @Test
    void aSolverThatStopsEarlyThrowsNamingTheScenarioAndHour() {
        Episode e = OptFixtures.episodes(OptFixtures.shortBlackSwan(), 1, 2).get(0);
        CircularSupplySimulator sim = OptFixtures.atOnset(e);
        OraclePolicy oracle = new OraclePolicy(WindowLpConfig.defaults(), RecoveryCriteria.defaults());
        oracle.reset(e);
        WindowProblem p = oracle.problem(sim);
        // PDLP with a time limit far below what it needs: it must not hand back a partial plan as if it were optimal
        WindowLpConfig tooShort = WindowLpConfig.defaults().withSolver(new SolverConfig(LpBackend.PDLP, 1e-4));
        IllegalStateException x =
                assertThrows(IllegalStateException.class, () -> new WindowLp(OptFixtures.REFERENCE, tooShort).plan(p));
        assertTrue(x.getMessage().contains(e.scenario().label()), x.getMessage());
        assertTrue(x.getMessage().contains("at hour " + sim.hour()), x.getMessage());
        assertTrue(x.getMessage().contains("PDLP"), x.getMessage());
    }
}
