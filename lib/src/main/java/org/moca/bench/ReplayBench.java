package org.moca.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.moca.replay.PrioritizedReplayConfig;
import org.moca.replay.ReplayBatch;
import org.moca.replay.TemporalPrioritizedReplayBuffer;

/**
 * Latency of {@link TemporalPrioritizedReplayBuffer} at the author's size: add, sample(64) and a 64-item priority
 * update on a full buffer of 100,000 items, each call timed alone (median and 99th percentile, microseconds), next to
 * the author's O(n) sampling (priorities to the alpha, normalized, inverse-CDF draws) done in plain Java.
 *
 * <p>Run: {@code mvn -B -q -o -pl lib compile && java -cp lib/target/classes org.moca.bench.ReplayBench [calls]}.
 */
public final class ReplayBench {

    private static final int CAPACITY = 100_000;
    private static final int BATCH = 64;

    private ReplayBench() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        SplittableRandom random = new SplittableRandom(2024);
        var buffer = new TemporalPrioritizedReplayBuffer<Integer>(PrioritizedReplayConfig.defaults());
        Integer[] payload = new Integer[CAPACITY];
        for (int i = 0; i < CAPACITY; i++) payload[i] = i;

        // warm-up: fill, then wrap around once with updates, so that the JIT has compiled every path
        for (int i = 0; i < 2 * CAPACITY; i++) buffer.add(payload[i % CAPACITY]);
        for (int i = 0; i < calls; i++) update(buffer, buffer.sample(BATCH, random), random);

        long[] add = new long[calls];
        long[] sample = new long[calls];
        long[] update = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            buffer.add(payload[i % CAPACITY]);
            long t1 = System.nanoTime();
            ReplayBatch<Integer> batch = buffer.sample(BATCH, random);
            long t2 = System.nanoTime();
            update(buffer, batch, random);
            long t3 = System.nanoTime();
            add[i] = t1 - t0;
            sample[i] = t2 - t1;
            update[i] = t3 - t2;
        }
        System.out.printf(
                Locale.ROOT,
                "TemporalPrioritizedReplayBuffer, %,d items, %,d timed calls each (java %s, %d cpus)%n",
                buffer.size(),
                calls,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        print("add (one item)", add);
        print("sample(" + BATCH + ")", sample);
        print("updatePriority x " + BATCH, update);

        double[] priorities = new double[CAPACITY];
        for (int i = 0; i < CAPACITY; i++) priorities[i] = 1e-6 + random.nextDouble();
        int naiveCalls = Math.max(50, calls / 100);
        long[] naive = new long[naiveCalls];
        long sink = 0;
        for (int i = 0; i < naiveCalls + 20; i++) {
            long t0 = System.nanoTime();
            sink += naiveSample(priorities, 0.6, BATCH, random);
            if (i >= 20) naive[i - 20] = System.nanoTime() - t0;
        }
        print("author-style O(n) sample(" + BATCH + ")", naive);

        // the shortest decay horizon allowed (capacity / 500) moves the time reference every 12,800 insertions,
        // an O(n) rebuild of the trees: its cost is the max of these adds
        var shortMemory = new TemporalPrioritizedReplayBuffer<Integer>(
                new PrioritizedReplayConfig(CAPACITY, 0.6, 0.4, 100_000, CAPACITY / 500.0, 1e-6));
        for (int i = 0; i < 2 * CAPACITY; i++) shortMemory.add(payload[i % CAPACITY]);
        long[] shortAdd = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            shortMemory.add(payload[i % CAPACITY]);
            shortAdd[i] = System.nanoTime() - t0;
        }
        print("add, tau = capacity/500 (rebuilds)", shortAdd);
        if (sink == 42) System.out.println(); // keeps the naive work observable to the JIT
    }

    private static void update(
            TemporalPrioritizedReplayBuffer<Integer> buffer, ReplayBatch<Integer> batch, SplittableRandom random) {
        for (int k = 0; k < batch.size(); k++) buffer.updatePriority(batch.id(k), random.nextDouble());
    }

    /** The author's sampler: p^alpha over all items, normalized, cumulative sums, then binary-searched draws. */
    private static long naiveSample(double[] priorities, double alpha, int batch, SplittableRandom random) {
        double[] cumulative = new double[priorities.length];
        double total = 0;
        for (int i = 0; i < priorities.length; i++) {
            total += Math.pow(priorities[i], alpha);
            cumulative[i] = total;
        }
        long sum = 0;
        for (int k = 0; k < batch; k++) {
            int at = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            sum += at < 0 ? -at - 1 : at;
        }
        return sum;
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2] / 1e3;
        double p99 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] / 1e3;
        double max = sorted[sorted.length - 1] / 1e3;
        System.out.printf(
                Locale.ROOT, "  %-36s median %9.2f us   p99 %9.2f us   max %9.2f us%n", what, median, p99, max);
    }
}
