package org.moca.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.bytedeco.javacpp.Pointer;
import org.moca.meta.FirstOrderMaml;
import org.moca.meta.LearningTask;
import org.moca.meta.Maml;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.meta.SinusoidTaskFamily;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput, latency and memory of the learning stack at the author's shape (128 -> 256 -> 256 -> 64, support and
 * query 64, meta-batch 8, 5 inner steps, float32). Prints figures; asserts nothing.
 *
 * <p>Run with one OpenMP thread per worker (intra-op threading on 2 cores is a loss):
 * <pre>  OMP_NUM_THREADS=1 java -cp ... org.moca.bench.LearningBench [throughput] [latency] [memory=1000,10000]</pre>
 * Sections: {@code kernel} (DL4J layers vs the functional kernel, finite-difference vs R-operator HVP),
 * {@code throughput} (meta-training tasks/s, second and first order, 1 and 2 workers), {@code latency}
 * (a 5-step adaptation vs a hypernetwork forward), {@code memory=N1,N2,...} (resident and off-heap bytes after N
 * meta-iterations of first-order MAML). No argument runs kernel, throughput and latency.
 */
public final class LearningBench {
    static final int META_BATCH = 8;
    static final int TASK_POOL = 32;

    private LearningBench() {}

    public static void main(String[] args) {
        List<String> sections = args.length == 0 ? List.of("kernel", "throughput", "latency") : Arrays.asList(args);
        System.out.printf(
                "OMP_NUM_THREADS=%s, cores=%d, shape 128-256-256-64, support=query=64, meta-batch %d, "
                        + "5 inner steps, float32%n",
                System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors(), META_BATCH);
        List<LearningTask> pool = taskPool();
        for (String section : sections) {
            if (section.equals("throughput")) {
                throughput(pool);
            } else if (section.equals("kernel")) {
                KernelComparison.print();
            } else if (section.equals("latency")) {
                HyperLatency.print(pool);
                HyperLatency.printExperimentShape();
            } else if (section.startsWith("memory=")) {
                memory(pool, false, checkpoints(section.substring(7)));
            } else if (section.startsWith("memory2=")) {
                memory(pool, true, checkpoints(section.substring(8)));
            } else {
                throw new IllegalArgumentException(
                        "unknown section " + section + "; expected kernel, throughput, latency or memory=N1,N2");
            }
        }
    }

    static List<LearningTask> taskPool() {
        SinusoidTaskFamily family = new SinusoidTaskFamily(128, 64, 64, 64, 0.05, 1);
        return family.sample(TASK_POOL, new SplittableRandom(2), DataType.FLOAT);
    }

    static GaussianPolicy authorPolicy(long seed) {
        return GaussianPolicy.initialize(PolicyConfig.defaults(), DataType.FLOAT, seed);
    }

    static List<LearningTask> batch(List<LearningTask> pool, int iteration) {
        List<LearningTask> batch = new ArrayList<>(META_BATCH);
        for (int i = 0; i < META_BATCH; i++) {
            batch.add(pool.get((iteration * META_BATCH + i) % pool.size()));
        }
        return batch;
    }

    private static void throughput(List<LearningTask> pool) {
        List<Named> learners =
                List.of(new Named("second-order MAML", Maml::new), new Named("first-order MAML", FirstOrderMaml::new));
        for (Named named : learners) {
            for (int workers : new int[] {1, 2}) {
                MetaLearnerConfig config = MetaLearnerConfig.defaults().withWorkers(workers);
                try (MetaLearner<GaussianPolicy> learner = named.factory.apply(authorPolicy(3), config)) {
                    for (int i = 0; i < 5; i++) {
                        learner.metaStep(batch(pool, i));
                    }
                    int iterations = 20;
                    long cpuStart = processCpuNanos();
                    long start = System.nanoTime();
                    for (int i = 0; i < iterations; i++) {
                        learner.metaStep(batch(pool, i));
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                    // on a shared machine wall-clock throughput follows the load; tasks per CPU-second do much less
                    System.out.printf(
                            "%-18s workers=%d  %7.1f tasks/s  (%.1f ms per meta-iteration of %d tasks; "
                                    + "%.1f tasks per CPU-second, %.2f cores busy)%n",
                            named.name,
                            workers,
                            iterations * META_BATCH / seconds,
                            1e3 * seconds / iterations,
                            META_BATCH,
                            iterations * META_BATCH / cpuSeconds,
                            cpuSeconds / seconds);
                }
            }
        }
    }

    private static int[] checkpoints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static void memory(List<LearningTask> pool, boolean secondOrder, int[] checkpoints) {
        MetaLearnerConfig config = MetaLearnerConfig.defaults().withWorkers(2);
        String name = secondOrder ? "second-order MAML" : "first-order MAML";
        try (MetaLearner<GaussianPolicy> learner =
                secondOrder ? new Maml<>(authorPolicy(4), config) : new FirstOrderMaml<>(authorPolicy(4), config)) {
            report(name + ", before", 0);
            int done = 0;
            long start = System.nanoTime();
            for (int checkpoint : checkpoints) {
                for (; done < checkpoint; done++) {
                    learner.metaStep(batch(pool, done));
                }
                settle();
                report(String.format("%s, %.0f s", name, (System.nanoTime() - start) / 1e9), done);
            }
        }
    }

    /**
     * A full collection, then a pause: G1 (JDK 17+) returns the heap it shrinks to the OS concurrently, so RSS read
     * right after {@code System.gc()} still counts it.
     */
    private static void settle() {
        System.gc();
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void report(String label, int iterations) {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(
                "memory after %6d meta-iterations (%s): VmRSS %.1f MB, javacpp physicalBytes %.1f MB, "
                        + "ND4J off-heap allocated %.1f MB, javacpp totalBytes %.1f MB, JVM heap used %.1f MB of %.1f MB "
                        + "committed%n",
                iterations,
                label,
                vmRssBytes() / 1e6,
                Pointer.physicalBytes() / 1e6,
                Nd4j.getMemoryManager().allocatedMemory(0) / 1e6,
                Pointer.totalBytes() / 1e6,
                (rt.totalMemory() - rt.freeMemory()) / 1e6,
                rt.totalMemory() / 1e6);
    }

    /** CPU time of the whole process (all threads), nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Resident set size from /proc/self/status (Linux), or -1 where that file does not exist. */
    static long vmRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return 1024 * Long.parseLong(line.substring(6).trim().split("\\s+", -1)[0]);
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private record Named(
            String name, BiFunction<GaussianPolicy, MetaLearnerConfig, MetaLearner<GaussianPolicy>> factory) {}
}
