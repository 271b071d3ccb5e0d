package org.moca.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.graph.TopologyLoader;
import org.moca.opt.ExpectedForecast;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.opt.PerfectForecast;
import org.moca.opt.PlanningPrices;
import org.moca.opt.SteadyStatePlanner;
import org.moca.opt.WindowLp;
import org.moca.opt.WindowLpConfig;
import org.moca.opt.WindowProblem;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.Scenario;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Controls;
import org.moca.sim.Disruption;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimConfig;

/**
 * Bench of the planners: window-LP solve time over 48 hours (hourly, the oracle's exact model) on the reference network
 * at the onset of black-swan episodes, the same on any topology directories given as arguments (at hour 1 of nominal
 * operation, expected-value forecast), and the MPC expert's decision latency per hour over whole black-swan episodes.
 * Prints figures; asserts nothing (timings belong here, not in unit tests).
 *
 * <p>Usage: {@code OptBench [--episodes N] [--hours H] [topologyDir ...]}.
 */
public final class OptBench {

    private OptBench() {}

    public static void main(String[] args) {
        int episodes = 3, hours = 48;
        List<Path> topologies = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--episodes" -> episodes = Integer.parseInt(args[++i]);
                case "--hours" -> hours = Integer.parseInt(args[++i]);
                default -> topologies.add(Path.of(args[i]));
            }
        }
        System.out.printf(
                "OptBench: %d black-swan episodes, %d-hour windows, Java %s, %d cores%n",
                episodes,
                hours,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        NetworkIndex ref = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
        SteadyStatePlanner.Plan nominal = new SteadyStatePlanner(ref, PlanningPrices.defaults()).solve();
        List<Scenario> scenarios = ScenarioFamilies.blackSwan().sample(episodes, 7);
        double[] lp = new double[scenarios.size()];
        for (int i = 0; i < scenarios.size(); i++) {
            Episode e = episode(ref, nominal, scenarios.get(i));
            CircularSupplySimulator sim = runTo(e, e.scenario().onset());
            WindowProblem p =
                    WindowProblem.of(e.scenario().label(), sim, WindowProblem.hourly(hours), new PerfectForecast(e));
            long t0 = System.nanoTime();
            new WindowLp(ref, WindowLpConfig.defaults()).plan(p);
            lp[i] = (System.nanoTime() - t0) / 1e9;
        }
        System.out.printf(
                "reference (%d facilities, %d lanes): window LP %d h hourly, solve seconds per episode %s (first includes JIT warm-up)%n",
                ref.network().facilities().size(), ref.network().lanes().size(), hours, fmt(lp));

        for (Path dir : topologies) benchTopology(TopologyLoader.load(dir), hours);

        MpcExpertPolicy mpc = new MpcExpertPolicy(MpcConfig.defaults(), RecoveryCriteria.defaults());
        List<Double> latency = new ArrayList<>();
        for (Scenario s : scenarios) {
            Episode e = episode(ref, nominal, s);
            mpc.reset(e);
            CircularSupplySimulator sim = runTo(e, s.onset());
            List<ObservedDisruption> observed = new ArrayList<>();
            while (!sim.done()) {
                for (Disruption d : s.disruptions()) {
                    if (d.onset() == sim.hour())
                        observed.add(new ObservedDisruption(d.type(), d.target(), d.onset(), d.severity()));
                }
                long t0 = System.nanoTime();
                Controls c = mpc.act(sim, observed);
                latency.add((System.nanoTime() - t0) / 1e9);
                sim.step(c);
            }
        }
        double[] l = latency.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        MpcConfig m = MpcConfig.defaults();
        System.out.printf(
                "MPC (lookahead %d h: %d hourly + %d-hour blocks): %d decisions, seconds per decision mean %.3f, median %.3f, p95 %.3f, max %.3f%n",
                m.lookaheadHours(),
                m.fineHours(),
                m.blockHours(),
                l.length,
                Arrays.stream(l).average().orElse(0),
                l[l.length / 2],
                l[(int) (0.95 * (l.length - 1))],
                l[l.length - 1]);
    }

    private static void benchTopology(SupplyNetwork net, int hours) {
        NetworkIndex layout = new NetworkIndex(net);
        long t0 = System.nanoTime();
        SteadyStatePlanner.Plan plan = new SteadyStatePlanner(layout, PlanningPrices.defaults()).solve();
        double steady = (System.nanoTime() - t0) / 1e9;
        Realization r = Realization.sample(layout, SimConfig.defaults(), hours + 2, 1);
        CircularSupplySimulator sim = new CircularSupplySimulator(layout, List.of(), r, plan.laneFlow());
        sim.step(plan.controls());
        WindowProblem p = WindowProblem.of(
                net.name(),
                sim,
                WindowProblem.hourly(hours),
                new ExpectedForecast(layout, List.of(), sim.hour(), hours, SimConfig.defaults(), 0));
        t0 = System.nanoTime();
        new WindowLp(layout, WindowLpConfig.defaults()).plan(p);
        double window = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "%s (%d facilities, %d lanes): steady-state LP %.3f s, window LP %d h hourly %.3f s%n",
                net.name(), net.facilities().size(), net.lanes().size(), steady, hours, window);
    }

    private static Episode episode(NetworkIndex layout, SteadyStatePlanner.Plan nominal, Scenario s) {
        Realization r = Realization.sample(layout, SimConfig.defaults(), s.horizon(), s.realizationSeed());
        return new Episode(layout, s, r, nominal.controls(), nominal.laneFlow());
    }

    private static CircularSupplySimulator runTo(Episode e, int hour) {
        CircularSupplySimulator sim =
                new CircularSupplySimulator(e.layout(), e.scenario().disruptions(), e.realization(), e.laneFlow());
        while (sim.hour() < hour) sim.step(e.nominal());
        return sim;
    }

    private static String fmt(double[] xs) {
        StringBuilder sb = new StringBuilder("[");
        for (double x : xs) sb.append(sb.length() > 1 ? ", " : "").append(String.format("%.2f", x));
        return sb.append("]").toString();
    }
}
