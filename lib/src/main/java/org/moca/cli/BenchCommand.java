package org.moca.cli;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.moca.bench.TwinBench;
import org.moca.graph.CircularityScore;
import org.moca.graph.NetworkGenerator;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Controls;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.SimConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code moca bench}: simulator throughput (facility-hours per second) and circularity-score time on the reference
 * network and on generated networks, then the differentiable twin's backward / forward cost ({@link TwinBench}).
 * Figures are medians of repeated runs after a warm-up; compare ratios measured in one run, the machine is shared.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmark the simulator (facility-hours/s), the circularity score and the differentiable"
                + " twin's backward/forward cost on growing networks.")
final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "100,1000,10000",
            description = "generated network sizes in facilities (default: ${DEFAULT-VALUE})")
    int[] sizes;

    @Option(
            names = "--hours",
            defaultValue = "168",
            description = "hours per simulated episode (default: ${DEFAULT-VALUE})")
    int hours;

    @Option(names = "--repeats", defaultValue = "5", description = "timed repeats per size (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(
            names = "--scale",
            description =
                    "run the scale benchmark (LP, simulator and policy timings per size; recovery on one network)")
    boolean scale;

    @Option(
            names = "--scale-sizes",
            split = ",",
            defaultValue = "100,1000,3000",
            description = "--scale: generated network sizes besides the reference (default: ${DEFAULT-VALUE})")
    List<Integer> scaleSizes;

    @Option(
            names = "--recovery-size",
            defaultValue = "1000",
            description = "--scale: facilities of the recovery network, 12 = reference (default: ${DEFAULT-VALUE})")
    int recoverySize;

    @Option(
            names = "--episodes",
            defaultValue = "12",
            description = "--scale: episodes of no-action, heuristic and oracle (default: ${DEFAULT-VALUE})")
    int episodes;

    @Option(
            names = "--mpc-episodes",
            defaultValue = "2",
            description = "--scale: episodes of the MPC, the first of the same episodes (default: ${DEFAULT-VALUE})")
    int mpcEpisodes;

    @Option(
            names = "--single-stage",
            description = "--scale: the oracle's and the MPC's LPs in one solve, without the unique plan's tie-break"
                    + " (its second stage does not finish at 1,000 facilities; the plan is then solver-dependent)")
    boolean singleStage;

    @Option(
            names = "--out",
            defaultValue = "experiments/results/scale/latest",
            description = "--scale: output folder (default: ${DEFAULT-VALUE})")
    java.nio.file.Path out;

    @Option(
            names = "--graph-policy",
            description = "meta-train the graph policy on generated networks and deploy it zero-shot and adapted on"
                    + " networks it never saw (writes to --graph-out)")
    boolean graphPolicy;

    @Option(
            names = "--graph-reduced",
            description = "--graph-policy: the minutes-long version (two training networks, no 1,000-facility network)")
    boolean graphReduced;

    @Option(
            names = "--graph-out",
            defaultValue = "experiments/results/graph-policy/latest",
            description = "--graph-policy: output folder (default: ${DEFAULT-VALUE})")
    java.nio.file.Path graphOut;

    @Option(
            names = "--graph-learner",
            defaultValue = "fomaml",
            description =
                    "--graph-policy: the meta-learner of both policies, fomaml, reptile or maml (default: ${DEFAULT-VALUE})")
    String graphLearner;

    @Option(
            names = "--graph-seed",
            defaultValue = "1",
            description =
                    "--graph-policy: the study's seed (networks, episodes, initialization; default: ${DEFAULT-VALUE})")
    long graphSeed;

    @Option(
            names = "--graph-signal",
            defaultValue = "imitation",
            description = "--graph-policy: what both policies learn from, imitation (the MPC's labels) or rollout (the"
                    + " twin's rollout objective; default: ${DEFAULT-VALUE})")
    String graphSignal;

    @Override
    public Integer call() throws java.io.IOException {
        if (graphPolicy) {
            var study = graphReduced
                    ? org.moca.bench.GraphPolicyStudy.reduced()
                    : org.moca.bench.GraphPolicyStudy.defaults();
            study.withLearner(graphLearner)
                    .withSeed(graphSeed)
                    .withSignal(graphSignal)
                    .run(graphOut);
            return 0;
        }
        if (scale) {
            new org.moca.bench.ScaleBench(scaleSizes, recoverySize, episodes, mpcEpisodes, 1, !singleStage).run(out);
            return 0;
        }
        if (hours < 1 || repeats < 1) throw new IllegalArgumentException("--hours and --repeats must be >= 1");
        System.out.printf(
                "%-28s %10s %8s %14s %18s %16s%n",
                "network", "facilities", "lanes", "sim ms/episode", "facility-hours/s", "circularity ms");
        bench("circular-electronics-nd", ReferenceNetworks.circularElectronicsNd());
        for (int n : sizes)
            bench("generated-" + n, new NetworkGenerator(NetworkGenerator.Config.withFacilities(n)).generate(1));
        TwinBench.Config twin = TwinBench.Config.defaults();
        TwinBench.print(
                new TwinBench.Config(twin.sizes(), twin.hours(), Math.max(repeats, 5), twin.seed()), System.out);
        return 0;
    }

    private void bench(String name, SupplyNetwork net) {
        NetworkIndex layout = new NetworkIndex(net);
        // Neutral controls (every decoded share at its midpoint): the bench measures the simulator, not a plan.
        ActionCodec codec = new ActionCodec(layout);
        Controls controls = codec.decode(new double[codec.dimension()]);
        double[] laneFlow = new double[net.lanes().size()];
        Arrays.fill(laneFlow, 1.0);
        List<Disruption> ds = List.of(new Disruption(
                DisruptionType.SUPPLIER_OUTAGE,
                net.facilities().get(layout.suppliers()[0]).id(),
                hours / 3,
                hours / 3,
                1.0));
        Realization r = Realization.sample(layout, SimConfig.defaults(), hours, 7);
        double[] simMs = time(() -> {
            CircularSupplySimulator sim = new CircularSupplySimulator(layout, ds, r, laneFlow);
            while (!sim.done()) sim.step(controls);
        });
        double[] mass = new double[net.lanes().size()];
        Arrays.fill(mass, 1.0);
        double[] circMs = time(() -> new CircularityScore(net).score(mass));
        double med = median(simMs);
        System.out.printf(
                "%-28s %10d %8d %14.2f %18.0f %16.3f%n",
                name,
                net.facilities().size(),
                net.lanes().size(),
                med,
                net.facilities().size() * (double) hours / (med / 1000),
                median(circMs));
    }

    private double[] time(Runnable work) {
        for (int i = 0; i < 2; i++) work.run(); // warm-up
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
