package org.moca.bench;

import java.util.ArrayList;
import java.util.List;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.opt.ExpectedForecast;
import org.moca.opt.LpBackend;
import org.moca.opt.MpcConfig;
import org.moca.opt.OraclePolicy;
import org.moca.opt.PlanningPrices;
import org.moca.opt.SteadyStatePlanner;
import org.moca.opt.WindowLp;
import org.moca.opt.WindowLpConfig;
import org.moca.opt.WindowProblem;
import org.moca.scenario.Episode;
import org.moca.scenario.Scenario;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimConfig;

/**
 * The OR-Tools backends against each other (ojAlgo, the LP before OR-Tools, was measured here too, then removed:
 * {@code experiments/results/scale/solver-comparison.txt}): the oracle's 72-hour hourly LP at a black-swan onset, and
 * one MPC decision there (the MPC's derived lookahead, {@link MpcConfig#lookaheadFor}, hourly for 12 hours then
 * in 6-hour blocks). On the reference network (its black-swan
 * family) or on a generated one of a given size (its {@link ScaleBench#blackSwanLike} family), to choose the default
 * backend per size. Interleaved rounds (every solver once per round, in rotating order), build + solve wall time,
 * median and range; objectives side by side. Every backend single-stage and with the two-stage unique plan (the
 * planners' default); PDLP only on the reference network (minutes per solve beyond it).
 *
 * <p>Usage: {@code SolverBench [rounds [facilities]]} (facilities 12, the default, is the reference network).
 */
public final class SolverBench {

    private SolverBench() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int facilities = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        if (rounds < 1 || facilities < 1)
            throw new IllegalArgumentException("SolverBench [rounds >= 1 [facilities >= 1]], got " + List.of(args));
        Episode e;
        if (facilities == 12) {
            NetworkIndex ref = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
            SteadyStatePlanner.Plan nominal = new SteadyStatePlanner(ref, PlanningPrices.defaults()).solve();
            Scenario s = ScenarioFamilies.blackSwan().sample(1, 1).get(0);
            Realization r = Realization.sample(ref, SimConfig.defaults(), s.horizon(), s.realizationSeed());
            e = new Episode(ref, s, r, nominal.controls(), nominal.laneFlow());
        } else {
            Testbed bed = Testbed.of(new ScaleBench(List.of(), 12, 1, 0, 1).network(facilities));
            e = bed.episodes(ScaleBench.blackSwanLike(bed), 1, 1).get(0);
        }
        NetworkIndex ref = e.layout();
        Scenario s = e.scenario();
        CircularSupplySimulator sim = new CircularSupplySimulator(ref, s.disruptions(), e.realization(), e.laneFlow());
        while (sim.hour() < s.onset()) sim.step(e.nominal());
        OraclePolicy oracle = new OraclePolicy(WindowLpConfig.defaults(), RecoveryCriteria.defaults());
        oracle.reset(e);
        WindowProblem oracleLp = oracle.problem(sim);
        List<org.moca.sim.Disruption> assumed = s.disruptions();
        int look = MpcConfig.defaults().lookaheadFor(ref.network());
        WindowProblem mpcLp = WindowProblem.of(
                s.label(),
                sim,
                WindowProblem.coarse(look, 12, 6),
                new ExpectedForecast(ref, assumed, sim.hour(), look, SimConfig.defaults(), 0.1));
        System.out.printf(
                "SolverBench: %s (%d facilities), %s at hour %d; oracle LP %d periods, MPC LP %d periods; %d rounds;"
                        + " Java %s, %d cores%n",
                ref.network().name(),
                ref.network().facilities().size(),
                s.label(),
                sim.hour(),
                oracleLp.periods(),
                mpcLp.periods(),
                rounds,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        List<String> names = new ArrayList<>();
        List<java.util.function.Function<WindowProblem, Double>> solvers = new ArrayList<>();
        for (boolean unique : new boolean[] {false, true})
            for (LpBackend b : LpBackend.values()) {
                if (b == LpBackend.PDLP && facilities != 12) continue;
                names.add(b.name() + (unique ? " unique" : ""));
                WindowLpConfig c = WindowLpConfig.defaults().withBackend(b).withUniquePlan(unique);
                solvers.add(p -> new WindowLp(ref, c).plan(p).objective());
            }
        for (String what : List.of("oracle 72 h", "MPC decision " + look + " h")) {
            WindowProblem p = what.startsWith("oracle") ? oracleLp : mpcLp;
            int n = names.size();
            double[][] secs = new double[n][rounds];
            double[] obj = new double[n];
            for (int i = 0; i < n; i++) obj[i] = solvers.get(i).apply(p); // warm-up (JIT, native load)
            for (int round = 0; round < rounds; round++) {
                for (int j = 0; j < n; j++) {
                    int i = (j + round) % n;
                    long t0 = System.nanoTime();
                    obj[i] = solvers.get(i).apply(p);
                    secs[i][round] = (System.nanoTime() - t0) / 1e9;
                }
            }
            System.out.printf(
                    "%n%s%n%-14s %10s %10s %10s %22s %12s%n",
                    what, "solver", "median s", "min s", "max s", "objective", "rel. to HiGHS");
            double ref0 = obj[names.indexOf("HIGHS")];
            for (int i = 0; i < n; i++) {
                double[] x = secs[i].clone();
                java.util.Arrays.sort(x);
                System.out.printf(
                        "%-14s %10.3f %10.3f %10.3f %22.6f %12.2e%n",
                        names.get(i), x[x.length / 2], x[0], x[x.length - 1], obj[i], (obj[i] - ref0) / Math.abs(ref0));
            }
        }
    }
}
