package org.moca.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.opt.ExpectedForecast;
import org.moca.opt.PerfectForecast;
import org.moca.opt.WindowForecast;
import org.moca.opt.WindowProblem;
import org.moca.scenario.Episode;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Controls;
import org.moca.sim.NetworkIndex;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimConfig;

class DifferentiableTwinTest {

    private static final RecoveryCriteria CRITERIA = RecoveryCriteria.defaults();

    /** Reference and generated episodes, each with the hour the twin starts at (around the onset). */
    private static List<Episode> episodes() {
        List<Episode> es = new ArrayList<>(TwinFixtures.referenceEpisodes(3, 5));
        es.add(TwinFixtures.generatedEpisode(30, 1));
        es.add(TwinFixtures.generatedEpisode(100, 2));
        return es;
    }

    @Test
    void forwardPassEqualsTheSimulatorBitForBitOnThePerfectForecast() {
        SplittableRandom rng = new SplittableRandom(11);
        int compared = 0;
        for (Episode e : episodes()) {
            int onset = e.scenario().onset();
            int from = onset - 2 + rng.nextInt(8);
            CircularSupplySimulator sim = TwinFixtures.simulatorAt(e, from);
            TwinState start = TwinState.observe(sim, TwinFixtures.firstOnsetBy(e, from), CRITERIA);
            DifferentiableTwin twin = new DifferentiableTwin(e.layout(), TwinObjective.defaults());
            int hours = Math.min(40, e.realization().hours() - from);
            twin.reset(start, new PerfectForecast(e), hours);
            ActionCodec codec = twin.codec();
            double[][] actions = TwinFixtures.randomActions(hours, codec.dimension(), 2.0, rng);
            for (int k = 0; k < hours; k++) {
                twin.step(actions[k]);
                sim.step(codec.decode(actions[k]));
                int t = from + k;
                String at = e.scenario().label() + " hour " + t;
                for (int s = 0; s < e.layout().slotCount(); s++) assertEquals(sim.stock(s), twin.stock(s), 0.0, at);
                for (int l = 0; l < e.layout().network().lanes().size(); l++) {
                    assertEquals(sim.inTransit(l), twin.inTransit(l), 0.0, at);
                    // what a policy observes of the pipeline: the same shipments (dispatch hour, units), oldest first
                    assertEquals(
                            sim.shipmentsInTransit(l).stream()
                                    .map(x -> x.dispatchHour() + ":" + x.units())
                                    .toList(),
                            twin.view().shipmentsInTransit(l).stream()
                                    .map(x -> x.dispatchHour() + ":" + x.units())
                                    .toList(),
                            at + " lane " + l);
                }
                for (int i = 0; i < e.layout().markets().length; i++)
                    assertEquals(sim.backlog(i), twin.backlog(i), 0.0, at);
                assertEquals(sim.trace().served(t), twin.served(k), 0.0, at);
                assertEquals(sim.trace().demand(t), twin.demand(k), 0.0, at);
                assertEquals(sim.trace().cost(t), twin.cost(k), 0.0, at);
                compared++;
            }
            // the twin's objective is the simulator's unmet demand and cost over the same hours
            double unmet = 0, cost = 0;
            for (int t = from; t < from + hours; t++) {
                unmet += sim.trace().demand(t) - sim.trace().served(t);
                cost += sim.trace().cost(t);
            }
            assertEquals(unmet, twin.unmetDemand(), 1e-9 * Math.max(1, unmet));
            assertEquals(cost, twin.totalCost(), 1e-9 * Math.max(1, cost));
        }
        assertTrue(compared > 200);
    }

    @Test
    void massBalanceHoldsInTheTwinEveryHour() {
        SplittableRandom rng = new SplittableRandom(12);
        for (Episode e : episodes()) {
            int from = e.scenario().onset();
            TwinState start = TwinState.observe(TwinFixtures.simulatorAt(e, from), from, CRITERIA);
            DifferentiableTwin twin = new DifferentiableTwin(e.layout(), TwinObjective.defaults());
            // the MPC's own forecast: mean yields and demand, stretched transit times
            WindowForecast forecast =
                    new ExpectedForecast(e.layout(), e.scenario().disruptions(), from, 60, SimConfig.defaults(), 0.1);
            twin.reset(start, forecast, 60);
            assertEquals(0, twin.massBalanceError(), 1e-12 * twin.massScale());
            for (double[] a : TwinFixtures.randomActions(60, twin.codec().dimension(), 2.0, rng)) {
                twin.step(a);
                double rel = Math.abs(twin.massBalanceError()) / twin.massScale();
                assertTrue(rel < 1e-12, "mass balance off by " + rel + " (relative) after hour " + twin.hoursDone());
            }
        }
    }

    @Test
    void gradientMatchesCentralDifferencesAwayFromKinksOnReferenceAndGeneratedNetworks() {
        SplittableRandom rng = new SplittableRandom(13);
        int checked = 0, nonzero = 0, skipped = 0;
        List<TwinObjective> objectives =
                List.of(TwinObjective.defaults(), TwinObjective.defaults().withCostWeight(0)); // 2nd: dynamics only
        for (Episode e : episodes()) {
            for (TwinObjective objective : objectives) {
                int from = e.scenario().onset() + rng.nextInt(6);
                TwinState start = TwinState.observe(
                        TwinFixtures.simulatorAt(e, from), TwinFixtures.firstOnsetBy(e, from), CRITERIA);
                WindowForecast forecast = new ExpectedForecast(
                        e.layout(), e.scenario().disruptions(), from, 36, SimConfig.defaults(), 0.1);
                DifferentiableTwin twin = new DifferentiableTwin(e.layout(), objective);
                int dim = twin.codec().dimension();
                double[][] a = TwinFixtures.randomActions(36, dim, 1.5, rng);
                double[][] g = new double[36][dim];
                twin.objectiveAndGradient(start, forecast, a, g);
                long signature = twin.kinkSignature();
                for (int trial = 0; trial < 40; trial++) {
                    int k = rng.nextInt(36), j = rng.nextInt(dim);
                    double h = 1e-5, keep = a[k][j];
                    a[k][j] = keep + h;
                    double plus = twin.objectiveAndGradient(start, forecast, a, null);
                    boolean samePiece = twin.kinkSignature() == signature;
                    a[k][j] = keep - h;
                    double minus = twin.objectiveAndGradient(start, forecast, a, null);
                    samePiece &= twin.kinkSignature() == signature;
                    a[k][j] = keep;
                    if (!samePiece) {
                        skipped++;
                        continue;
                    }
                    double fd = (plus - minus) / (2 * h);
                    assertEquals(
                            fd,
                            g[k][j],
                            1e-6 * Math.max(1, Math.abs(fd)),
                            e.scenario().label() + " hour " + k + " entry " + j + " " + objective);
                    checked++;
                    if (Math.abs(g[k][j]) > 1e-6) nonzero++;
                }
            }
        }
        assertTrue(checked > 8 * skipped, "too few coordinates away from kinks: " + checked + " vs " + skipped);
        assertTrue(
                nonzero > checked / 3,
                "a third of the checked gradients should be nonzero, got " + nonzero + "/" + checked);
    }

    @Test
    void gradientReachesEarlyDecisionsThroughTheDynamicsAlone() {
        // unmet demand and shortfall only (no cost): an early hour's gradient can only come through the state
        Episode e = TwinFixtures.referenceEpisodes(1, 5).get(0);
        int from = e.scenario().onset();
        TwinState start = TwinState.observe(TwinFixtures.simulatorAt(e, from), from, CRITERIA);
        DifferentiableTwin twin =
                new DifferentiableTwin(e.layout(), TwinObjective.defaults().withCostWeight(0));
        WindowForecast forecast =
                new ExpectedForecast(e.layout(), e.scenario().disruptions(), from, 48, SimConfig.defaults(), 0.1);
        double[][] a = new double[48][twin.codec().dimension()];
        double[][] g = new double[48][a[0].length];
        twin.objectiveAndGradient(start, forecast, a, g);
        double early = 0;
        for (double v : g[0]) early += Math.abs(v);
        assertTrue(early > 0, "hour 0's decisions move later service, so their gradient is nonzero");
        double last = 0;
        for (double v : g[47]) last += Math.abs(v);
        assertEquals(0, last, 0.0, "the last hour's decisions reach no served demand within the rollout");
    }

    /** Mean demand, yields and inflows at 1, one-hour lanes as scheduled, no disruption. */
    private static WindowForecast nominal(NetworkIndex layout) {
        return new ExpectedForecast(layout, List.of(), 0, 10, SimConfig.deterministic(), 0);
    }

    // The hand-computed cases run on the opt tests' tiny chain (OptFixtures.tinyChain: supplier 3/h -> plant 2/h ->
    // market 2/h, one-hour lanes at 0.1), the one fixture the planners' hand tests use too.
    @Test
    void objectiveOfOneHourByHand() {
        NetworkIndex layout = new NetworkIndex(org.moca.opt.OptFixtures.tinyChain());
        CircularSupplySimulator sim = new CircularSupplySimulator(
                layout, List.of(), org.moca.sim.Realization.sample(layout, SimConfig.deterministic(), 5, 1), null);
        // target 0.95 over 2 trailing hours, the hour before the rollout served in full
        TwinState start = TwinState.of(sim, -1, new WindowProblem.ServiceTarget(0.95, 2, new double[] {1.0}));
        DifferentiableTwin twin = new DifferentiableTwin(layout, TwinObjective.defaults());
        ActionCodec codec = twin.codec();
        Controls full = new Controls(
                new double[] {1}, new double[] {1}, new double[][] {{1}}, new double[] {1, 1}, new double[][] {{1}, {1}
                });
        twin.reset(start, nominal(layout), 1);
        twin.step(codec.encode(full));
        // buys 3 ore (cost 3); the plant's 1 ore rations 2 units of capacity to 1 widget (cost 1); the market's widget
        // serves 1 of 2 (unmet 1, service 0.5); the supplier ships 3 ore (0.3), the plant its new widget (0.1)
        assertEquals(1, twin.unmetDemand(), 1e-12);
        assertEquals(4.4, twin.totalCost(), 1e-12);
        assertEquals(2 * 0.95 - (1.0 + 0.5), twin.shortfall(), 1e-12);
        assertEquals(1 + 4.4 / 2000 + 20 * 0.4, twin.objective(), 1e-12);
        assertEquals(1, twin.backlog(0), 1e-12);
    }

    @Test
    void startStockGradientIsTheValueOfOneMoreUnitByHand() {
        // one more widget at the market serves one more unit of this hour's demand: dJ/dstock = -(1 + 20 / 2) with the
        // shortfall active (service enters the 2-hour sum with 1 / demand = 1 / 2); one more ore at the plant becomes a
        // widget only after the horizon, so it is worth nothing within it
        NetworkIndex layout = new NetworkIndex(org.moca.opt.OptFixtures.tinyChain());
        CircularSupplySimulator sim = new CircularSupplySimulator(
                layout, List.of(), org.moca.sim.Realization.sample(layout, SimConfig.deterministic(), 5, 1), null);
        TwinState start = TwinState.of(sim, -1, new WindowProblem.ServiceTarget(0.95, 2, new double[] {1.0}));
        DifferentiableTwin twin =
                new DifferentiableTwin(layout, TwinObjective.defaults().withCostWeight(0));
        double[][] a = {
            twin.codec()
                    .encode(new Controls(
                            new double[] {0},
                            new double[] {1},
                            new double[][] {{1}},
                            new double[] {0, 0},
                            new double[][] {{1}, {1}}))
        };
        twin.objectiveAndGradient(start, nominal(layout), a, new double[1][a[0].length]);
        int widget = layout.slotOf("market", "widget"), ore = layout.slotOf("plant", "ore");
        assertEquals(-(1 + 20 * 0.5), twin.startStockGradient(widget), 1e-12);
        assertEquals(0, twin.startStockGradient(ore), 1e-12);
    }

    @Test
    void rejectsBadInputsWithClearErrors() {
        NetworkIndex layout = new NetworkIndex(org.moca.opt.OptFixtures.tinyChain());
        CircularSupplySimulator sim = new CircularSupplySimulator(
                layout, List.of(), org.moca.sim.Realization.sample(layout, SimConfig.deterministic(), 5, 1), null);
        TwinState start = TwinState.of(sim, -1, null);
        DifferentiableTwin twin = new DifferentiableTwin(layout, TwinObjective.defaults());
        assertThrows(IllegalArgumentException.class, () -> twin.reset(start, nominal(layout), 0));
        twin.reset(start, nominal(layout), 1);
        var e = assertThrows(IllegalArgumentException.class, () -> twin.step(new double[1]));
        assertTrue(e.getMessage().contains("entries"), e.getMessage());
        twin.step(new double[twin.codec().dimension()]);
        assertThrows(
                IllegalStateException.class,
                () -> twin.step(new double[twin.codec().dimension()]));
        var w = assertThrows(IllegalArgumentException.class, () -> new TwinObjective(-1, 0, 0));
        assertTrue(w.getMessage().contains("unmetWeight"), w.getMessage());
    }
}
