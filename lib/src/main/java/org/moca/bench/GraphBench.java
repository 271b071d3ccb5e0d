package org.moca.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.moca.graph.CircularityScore;
import org.moca.graph.DotExporter;
import org.moca.graph.Lane;
import org.moca.graph.NetworkGenerator;
import org.moca.graph.RecoveryPaths;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.RenderOptions;
import org.moca.graph.SimpleCycleCircularity;
import org.moca.graph.SupplyNetwork;
import org.moca.graph.SvgRenderer;

/**
 * Prints how long the circularity score takes: the linear-time SCC version ({@link CircularityScore}) on the reference
 * network and on generated networks of 100, 1,000 and 10,000 facilities (median of repeats, after warm-up), and the
 * article's approach — enumerating every simple cycle ({@link SimpleCycleCircularity}) — on growing generated
 * networks until it exceeds a time cap. Also times generation and {@link RecoveryPaths}.
 *
 * <p>Usage: {@code GraphBench [--repeats N] [--cap-seconds S] [--seed S] [--render DIR]}; {@code --render} also writes
 * the reference network as SVG and DOT into DIR.
 */
public final class GraphBench {

    /**
     * Settings of the bench.
     *
     * @param repeats    timed repetitions per figure (median reported), at least 1
     * @param bruteForce time cap for one brute-force enumeration, positive
     * @param seed       generator seed
     * @param renderDir  where to write the reference pictures, or {@code null}
     */
    public record Config(int repeats, Duration bruteForce, long seed, Path renderDir) {
        public Config {
            if (repeats < 1) throw new IllegalArgumentException("repeats must be an integer >= 1, got " + repeats);
            if (bruteForce == null || bruteForce.isNegative() || bruteForce.isZero()) {
                throw new IllegalArgumentException("bruteForce must be a positive duration, got " + bruteForce);
            }
        }

        static Config parse(String[] args) {
            int repeats = 21;
            double cap = 10;
            long seed = 1;
            Path render = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--repeats" -> {
                        repeats = Integer.parseInt(require(args[i], value));
                        i++;
                    }
                    case "--cap-seconds" -> {
                        cap = Double.parseDouble(require(args[i], value));
                        i++;
                    }
                    case "--seed" -> {
                        seed = Long.parseLong(require(args[i], value));
                        i++;
                    }
                    case "--render" -> {
                        render = Path.of(require(args[i], value));
                        i++;
                    }
                    default ->
                        throw new IllegalArgumentException("unknown option " + args[i]
                                + "; usage: GraphBench [--repeats N] [--cap-seconds S] [--seed S] [--render DIR]");
                }
            }
            return new Config(repeats, Duration.ofNanos((long) (cap * 1e9)), seed, render);
        }

        private static String require(String option, String value) {
            if (value == null) throw new IllegalArgumentException(option + " needs a value");
            return value;
        }
    }

    private GraphBench() {}

    public static void main(String[] args) throws Exception {
        Config config = Config.parse(args);
        System.out.printf(
                Locale.ROOT,
                "GraphBench: Java %s, %d processors, repeats %d, brute-force cap %.1f s, seed %d%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                config.repeats(),
                config.bruteForce().toNanos() / 1e9,
                config.seed());

        System.out.println();
        System.out.println("Circularity score by strongly connected components (Tarjan), median ms");
        System.out.println(
                "network                         facilities    lanes  generate  SCC+score  score only  circularity");
        SupplyNetwork ref = ReferenceNetworks.circularElectronicsNd();
        row(ref, Double.NaN, config);
        for (int n : new int[] {100, 1_000, 10_000}) {
            NetworkGenerator gen = new NetworkGenerator(NetworkGenerator.Config.withFacilities(n));
            double genMs = median(config.repeats() <= 3 ? 1 : 5, () -> gen.generate(config.seed()));
            row(gen.generate(config.seed()), genMs, config);
        }

        System.out.println();
        System.out.println("The article's approach: enumerate all simple cycles (brute force), one run each, capped");
        System.out.println("facilities    lanes  simple cycles        ms  agrees with SCC");
        for (int n : new int[] {10, 20, 40, 80, 160, 320}) {
            SupplyNetwork net = new NetworkGenerator(NetworkGenerator.Config.withFacilities(n)).generate(config.seed());
            long t0 = System.nanoTime();
            Optional<SimpleCycleCircularity.Result> r = new SimpleCycleCircularity(net).enumerate(config.bruteForce());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.isEmpty()) {
                System.out.printf(
                        Locale.ROOT,
                        "%10d %8d  did not finish within %.1f s%n",
                        n,
                        net.lanes().size(),
                        config.bruteForce().toNanos() / 1e9);
                break;
            }
            boolean agrees = Arrays.equals(r.get().cyclicLanes(), new CircularityScore(net).cyclicLanes());
            System.out.printf(
                    Locale.ROOT,
                    "%10d %8d %14d %9.1f  %s%n",
                    n,
                    net.lanes().size(),
                    r.get().simpleCycles(),
                    ms,
                    agrees ? "yes" : "NO");
        }

        System.out.println();
        System.out.println(
                "Recovery paths around the first virgin supplier (default config: 5 hops, 10 paths per pair), median ms");
        for (SupplyNetwork net : new SupplyNetwork[] {
            ref, new NetworkGenerator(NetworkGenerator.Config.withFacilities(10_000)).generate(config.seed())
        }) {
            String supplier = net.facilities().get(0).id();
            RecoveryPaths rp = new RecoveryPaths(net);
            int paths = rp.find(supplier).size();
            double ms = median(config.repeats(), () -> rp.find(supplier));
            System.out.printf(
                    Locale.ROOT,
                    "%-30s %10d facilities  %-22s %6d paths %9.2f ms%n",
                    net.name(),
                    net.facilities().size(),
                    supplier,
                    paths,
                    ms);
        }

        if (config.renderDir() != null) {
            Files.createDirectories(config.renderDir());
            SvgRenderer.write(ref, RenderOptions.none(), config.renderDir().resolve(ref.name() + ".svg"));
            DotExporter.write(ref, RenderOptions.none(), config.renderDir().resolve(ref.name() + ".dot"));
            SvgRenderer.write(
                    ref,
                    RenderOptions.none().withDisrupted("reo_primary"),
                    config.renderDir().resolve(ref.name() + "-reo_primary-disrupted.svg"));
            System.out.println();
            System.out.println("wrote pictures of " + ref.name() + " to " + config.renderDir());
        }
    }

    private static void row(SupplyNetwork net, double generateMs, Config config) {
        double[] mass = trackedMassAtHalfCapacity(net);
        double full = median(config.repeats(), () -> new CircularityScore(net).score(mass));
        CircularityScore prepared = new CircularityScore(net);
        double scoreOnly = median(config.repeats(), () -> prepared.score(mass));
        System.out.printf(
                Locale.ROOT,
                "%-30s %11d %8d %9s %10.3f %11.4f %12.3f%n",
                net.name(),
                net.facilities().size(),
                net.lanes().size(),
                Double.isNaN(generateMs) ? "-" : String.format(Locale.ROOT, "%.1f", generateMs),
                full,
                scoreOnly,
                prepared.score(mass));
    }

    /** A stand-in flow: every lane at half its capacity, in tracked kg. */
    private static double[] trackedMassAtHalfCapacity(SupplyNetwork net) {
        double[] mass = new double[net.lanes().size()];
        for (int l = 0; l < mass.length; l++) {
            Lane lane = net.lanes().get(l);
            mass[l] = 0.5 * lane.capacity() * net.material(lane.material()).trackedMassKg();
        }
        return mass;
    }

    /** Median wall time in ms of {@code repeats} runs, after a third as many warm-up runs. */
    private static double median(int repeats, Supplier<?> work) {
        Object sink = null;
        for (int i = 0; i < Math.max(1, repeats / 3); i++) sink = work.get();
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            sink = work.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (sink == null) throw new IllegalStateException("benchmark produced nothing");
        Arrays.sort(ms);
        return ms[repeats / 2];
    }
}
