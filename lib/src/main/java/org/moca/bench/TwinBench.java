package org.moca.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.moca.graph.NetworkGenerator;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.opt.ExpectedForecast;
import org.moca.opt.WindowForecast;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Controls;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimConfig;
import org.moca.sim.StateEncoder;
import org.moca.twin.DifferentiableTwin;
import org.moca.twin.RolloutConfig;
import org.moca.twin.RolloutLoss;
import org.moca.twin.TwinObjective;
import org.moca.twin.TwinState;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What the differentiable twin's backward pass costs against its forward: for the reference network and generated
 * networks (default 100 and 1,000 facilities), a {@code hours}-hour rollout from the start of a full outage of the
 * first supplier, with fixed random actions, on the MPC-style expected forecast. Per repeat, interleaved: the
 * simulator's own {@code hours} steps (its construction and decoding included), the twin's forward (reset and steps,
 * recording the tape), and its backward (all hours' action gradients). The ratio backward / forward is reported as
 * the median of per-repeat ratios and as the ratio of the fastest repeats (on a shared machine a repeat can lose its
 * core for milliseconds; the fastest repeat is the least disturbed one). Then, on the reference network, the
 * {@link RolloutLoss} of a 64-64 policy: the loss alone against loss and gradient, through the states and with the
 * states stopped. Prints; asserts nothing.
 *
 * <p>Usage: {@code TwinBench [--sizes 100,1000] [--hours 48] [--repeats 15] [--seed 1]}; also printed by
 * {@code moca bench}.
 */
public final class TwinBench {

    /**
     * Settings.
     *
     * @param sizes   generated network sizes (facilities), each in the generator's range
     * @param hours   rollout hours, at least 1
     * @param repeats timed repeats, at least 1 (after two warm-up rounds)
     * @param seed    seed of the generated networks, noise and actions
     */
    public record Config(int[] sizes, int hours, int repeats, long seed) {
        public Config {
            if (sizes == null) throw new IllegalArgumentException("sizes must be a list of facility counts");
            sizes = sizes.clone();
            if (hours < 1) throw new IllegalArgumentException("hours must be an integer >= 1, got " + hours);
            if (repeats < 1) throw new IllegalArgumentException("repeats must be an integer >= 1, got " + repeats);
        }

        /** 100 and 1,000 facilities, 48 hours, 15 repeats, seed 1. */
        public static Config defaults() {
            return new Config(new int[] {100, 1000}, 48, 15, 1);
        }

        static Config parse(String[] args) {
            Config c = defaults();
            int[] sizes = c.sizes();
            int hours = c.hours(), repeats = c.repeats();
            long seed = c.seed();
            if (args.length % 2 != 0)
                throw new IllegalArgumentException("options come in pairs: " + String.join(" ", args));
            for (int i = 0; i < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--sizes" ->
                        sizes = Arrays.stream(value.split(","))
                                .mapToInt(s -> Integer.parseInt(s.trim()))
                                .toArray();
                    case "--hours" -> hours = Integer.parseInt(value);
                    case "--repeats" -> repeats = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    default ->
                        throw new IllegalArgumentException("unknown option " + args[i]
                                + "; usage: TwinBench [--sizes 100,1000] [--hours 48] [--repeats 15] [--seed 1]");
                }
            }
            return new Config(sizes, hours, repeats, seed);
        }
    }

    private TwinBench() {}

    public static void main(String[] args) {
        Config config = Config.parse(args);
        System.out.printf(
                Locale.ROOT,
                "TwinBench: Java %s, %d processors, OMP_NUM_THREADS=%s, %d hours, %d repeats, seed %d%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                System.getenv("OMP_NUM_THREADS"),
                config.hours(),
                config.repeats(),
                config.seed());
        print(config, System.out);
    }

    /** Prints the adjoint's cost table and the rollout loss's. */
    public static void print(Config config, PrintStream out) {
        out.println();
        out.println(
                "Differentiable twin, " + config.hours() + "-hour rollout, median ms; bwd/fwd as the median of"
                        + " per-repeat ratios and as the ratio of the fastest repeats (the least disturbed on a shared machine)");
        out.printf(
                Locale.ROOT,
                "%-26s %10s %7s %9s %11s %12s %15s %13s %14s%n",
                "network",
                "facilities",
                "lanes",
                "sim ms",
                "twin fwd ms",
                "twin bwd ms",
                "bwd/fwd median",
                "bwd/fwd best",
                "fwd (twin/sim)");
        row("circular-electronics-nd", ReferenceNetworks.circularElectronicsNd(), config, out);
        for (int n : config.sizes()) {
            SupplyNetwork net = new NetworkGenerator(NetworkGenerator.Config.withFacilities(n)).generate(config.seed());
            row("generated-" + n, net, config, out);
        }
        rolloutRow(config, out);
    }

    /** One network's rollout setup: a state at the outage's onset, its forecast and fixed actions. */
    private record Setup(
            NetworkIndex layout,
            List<Disruption> disruptions,
            Realization realization,
            double[] laneFlow,
            Controls neutral,
            TwinState start,
            WindowForecast forecast,
            double[][] actions) {

        static final int ONSET = 12;

        static Setup of(SupplyNetwork net, Config config) {
            NetworkIndex layout = new NetworkIndex(net);
            ActionCodec codec = new ActionCodec(layout);
            Controls neutral = codec.decode(new double[codec.dimension()]);
            double[] flow = new double[net.lanes().size()];
            Arrays.fill(flow, 1.0);
            String first = net.facilities().get(layout.suppliers()[0]).id();
            List<Disruption> ds =
                    List.of(new Disruption(DisruptionType.SUPPLIER_OUTAGE, first, ONSET, config.hours(), 1.0));
            Realization r = Realization.sample(layout, SimConfig.defaults(), ONSET + config.hours(), config.seed() + 7);
            CircularSupplySimulator sim = new CircularSupplySimulator(layout, ds, r, flow);
            while (sim.hour() < ONSET) sim.step(neutral);
            TwinState start = TwinState.observe(sim, ONSET, RecoveryCriteria.defaults());
            WindowForecast forecast =
                    new ExpectedForecast(layout, ds, ONSET, config.hours(), SimConfig.defaults(), 0.1);
            SplittableRandom rng = new SplittableRandom(config.seed() + 11);
            double[][] actions = new double[config.hours()][codec.dimension()];
            for (double[] a : actions) for (int j = 0; j < a.length; j++) a[j] = rng.nextGaussian();
            return new Setup(layout, ds, r, flow, neutral, start, forecast, actions);
        }
    }

    private static void row(String name, SupplyNetwork net, Config config, PrintStream out) {
        Setup s = Setup.of(net, config);
        DifferentiableTwin twin = new DifferentiableTwin(s.layout(), TwinObjective.defaults());
        ActionCodec codec = twin.codec();
        double[] g = new double[codec.dimension()];
        int rounds = config.repeats() + 2;
        double[] sim = new double[config.repeats()],
                fwd = new double[config.repeats()],
                bwd = new double[config.repeats()],
                ratio = new double[config.repeats()],
                speed = new double[config.repeats()];
        double sink = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            CircularSupplySimulator simulator =
                    new CircularSupplySimulator(s.layout(), s.disruptions(), s.realization(), s.laneFlow());
            for (double[] a : s.actions()) simulator.step(codec.decode(a));
            long t1 = System.nanoTime();
            twin.reset(s.start(), s.forecast(), config.hours());
            for (double[] a : s.actions()) twin.step(a);
            sink += twin.objective();
            long t2 = System.nanoTime();
            twin.beginBackward();
            for (int k = config.hours() - 1; k >= 0; k--) {
                twin.backwardHour(g);
                sink += g[0];
            }
            long t3 = System.nanoTime();
            int at = i - 2;
            if (at < 0) continue; // warm-up
            sim[at] = (t1 - t0) / 1e6;
            fwd[at] = (t2 - t1) / 1e6;
            bwd[at] = (t3 - t2) / 1e6;
            ratio[at] = bwd[at] / fwd[at];
            speed[at] = fwd[at] / sim[at];
        }
        out.printf(
                Locale.ROOT,
                "%-26s %10d %7d %9.3f %11.3f %12.3f %15.2f %13.2f %14.2f%s%n",
                name,
                net.facilities().size(),
                net.lanes().size(),
                median(sim),
                median(fwd),
                median(bwd),
                median(ratio),
                min(bwd) / min(fwd),
                median(speed),
                Double.isFinite(sink) ? "" : " (non-finite objective)");
    }

    private static void rolloutRow(Config config, PrintStream out) {
        Setup s = Setup.of(ReferenceNetworks.circularElectronicsNd(), config);
        int stateDim = new StateEncoder(s.layout()).dimension();
        int actionDim = new ActionCodec(s.layout()).dimension();
        GaussianPolicy policy =
                GaussianPolicy.initialize(PolicyConfig.of(stateDim, actionDim, 64, 64), DataType.FLOAT, config.seed());
        RolloutLoss through = new RolloutLoss(s.layout(), RolloutConfig.defaults());
        RolloutLoss stopped = new RolloutLoss(
                s.layout(), RolloutConfig.defaults().withStateGradient(RolloutConfig.StateGradient.STOPPED));
        int rounds = config.repeats() + 2;
        double[] lossOnly = new double[config.repeats()],
                withThrough = new double[config.repeats()],
                withStopped = new double[config.repeats()],
                rThrough = new double[config.repeats()],
                rStopped = new double[config.repeats()];
        org.nd4j.linalg.api.ndarray.INDArray gradient =
                org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, policy.numParameters());
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            through.lossAndGradient(
                    policy.config(),
                    DataType.FLOAT,
                    policy.parameterView(),
                    s.start(),
                    s.forecast(),
                    config.hours(),
                    null);
            long t1 = System.nanoTime();
            through.lossAndGradient(
                    policy.config(),
                    DataType.FLOAT,
                    policy.parameterView(),
                    s.start(),
                    s.forecast(),
                    config.hours(),
                    gradient);
            long t2 = System.nanoTime();
            stopped.lossAndGradient(
                    policy.config(),
                    DataType.FLOAT,
                    policy.parameterView(),
                    s.start(),
                    s.forecast(),
                    config.hours(),
                    gradient);
            long t3 = System.nanoTime();
            int at = i - 2;
            if (at < 0) continue;
            lossOnly[at] = (t1 - t0) / 1e6;
            withThrough[at] = (t2 - t1) / 1e6;
            withStopped[at] = (t3 - t2) / 1e6;
            rThrough[at] = withThrough[at] / lossOnly[at];
            rStopped[at] = withStopped[at] / lossOnly[at];
        }
        out.println();
        out.println("Rollout loss on circular-electronics-nd, policy " + stateDim + "-64-64-" + actionDim
                + " (float32), " + config.hours() + " hours, median ms");
        out.printf(
                Locale.ROOT,
                "loss only %.3f | loss+gradient through states %.3f (%.2fx, best %.2fx)"
                        + " | states stopped %.3f (%.2fx, best %.2fx)%n",
                median(lossOnly),
                median(withThrough),
                median(rThrough),
                min(withThrough) / min(lossOnly),
                median(withStopped),
                median(rStopped),
                min(withStopped) / min(lossOnly));
    }

    private static double min(double[] xs) {
        return Arrays.stream(xs).min().orElse(Double.NaN);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
