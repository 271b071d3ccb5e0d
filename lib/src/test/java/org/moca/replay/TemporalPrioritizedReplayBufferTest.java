package org.moca.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

class TemporalPrioritizedReplayBufferTest {

    private static final int DRAWS = 100_000;

    private static PrioritizedReplayConfig config(int capacity, double alpha, double beta0, double tau) {
        return new PrioritizedReplayConfig(capacity, alpha, beta0, 1_000_000, tau, 1e-12);
    }

    /** Draws DRAWS items in batches of 100 and counts them per id. */
    private static Map<Long, Integer> histogram(TemporalPrioritizedReplayBuffer<String> buffer, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Long, Integer> counts = new HashMap<>();
        for (int b = 0; b < DRAWS / 100; b++) {
            ReplayBatch<String> batch = buffer.sample(100, random);
            for (int k = 0; k < batch.size(); k++) counts.merge(batch.id(k), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Pearson's chi-square of observed counts against expected probabilities must stay below its 99.9% quantile, and
     * every frequency within 5 binomial standard deviations (sqrt(p(1-p)/n) <= 0.0016 at n = 10^5) of its probability.
     * The seed is fixed, so a correct sampler passes every time; a sampler off by a few tenths of a percent fails.
     */
    private static void assertMatches(Map<Long, Integer> counts, long[] ids, double[] expected) {
        double chi2 = 0;
        for (int i = 0; i < ids.length; i++) {
            double observed = counts.getOrDefault(ids[i], 0);
            double e = expected[i] * DRAWS;
            chi2 += (observed - e) * (observed - e) / e;
            double sd = Math.sqrt(expected[i] * (1 - expected[i]) / DRAWS);
            assertEquals(expected[i], observed / DRAWS, 5 * sd, "frequency of id " + ids[i]);
        }
        double critical = new ChiSquaredDistribution(null, ids.length - 1).inverseCumulativeProbability(0.999);
        assertTrue(chi2 < critical, "chi-square " + chi2 + " >= " + critical);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(DRAWS, total);
    }

    @Test
    void samplingFrequenciesMatchPriorityToTheAlphaOverTheirSum() {
        double alpha = 0.6;
        var buffer = new TemporalPrioritizedReplayBuffer<String>(config(10, alpha, 0.4, Double.POSITIVE_INFINITY));
        long[] ids = new long[10];
        double[] expected = new double[10];
        double total = 0;
        for (int i = 0; i < 10; i++) {
            ids[i] = buffer.add("item" + i);
            double priority = 0.5 + i;
            assertTrue(buffer.updatePriority(ids[i], priority));
            expected[i] = Math.pow(priority, alpha);
            total += expected[i];
        }
        for (int i = 0; i < 10; i++) expected[i] /= total;
        assertMatches(histogram(buffer, 42), ids, expected);
    }

    @Test
    void equalPrioritiesSampleUniformly() {
        var buffer = new TemporalPrioritizedReplayBuffer<String>(config(20, 0.6, 0.4, Double.POSITIVE_INFINITY));
        long[] ids = new long[20];
        double[] expected = new double[20];
        for (int i = 0; i < 20; i++) {
            ids[i] = buffer.add("x");
            expected[i] = 1.0 / 20;
        }
        assertMatches(histogram(buffer, 7), ids, expected);
        // and uniform weights: every importance weight is exactly 1
        ReplayBatch<String> batch = buffer.sample(64, new SplittableRandom(1));
        for (double w : batch.weights()) assertEquals(1.0, w, 1e-15);
    }

    @Test
    void ageDecayFavoursRecentItemsWithTheStatedFactor() {
        double tau = 5;
        var buffer = new TemporalPrioritizedReplayBuffer<String>(config(8, 0.6, 0.4, tau));
        long[] ids = new long[8];
        double[] expected = new double[8];
        double total = 0;
        for (int i = 0; i < 8; i++) ids[i] = buffer.add("t" + i);
        for (int i = 0; i < 8; i++) {
            expected[i] = Math.exp(-(7 - i) / tau);
            total += expected[i];
        }
        for (int i = 0; i < 8; i++) {
            expected[i] /= total;
            assertEquals(expected[i], buffer.probability(ids[i]), 1e-12);
        }
        assertMatches(histogram(buffer, 3), ids, expected);
    }

    /** The author's buffer addresses priorities by deque index, which points at another item after wraparound. */
    @Test
    void anUpdateAfterWraparoundHitsTheIntendedItemAndAStaleOneIsRejected() {
        var buffer = new TemporalPrioritizedReplayBuffer<String>(config(4, 1.0, 0.4, Double.POSITIVE_INFINITY));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) ids.add(buffer.add("item" + i)); // slots now hold items 4, 5, 2, 3
        assertFalse(buffer.contains(ids.get(1)));
        double[] before = probabilities(buffer, ids);

        assertFalse(buffer.updatePriority(ids.get(1), 100.0), "item 1 was overwritten by item 5");
        assertArrayEquals(before, probabilities(buffer, ids), "a rejected update must change nothing");

        assertTrue(buffer.updatePriority(ids.get(5), 100.0));
        assertEquals(100.0 / (100.0 + 3 * 1.0), buffer.probability(ids.get(5)), 1e-12);
        assertEquals(1.0 / 103.0, buffer.probability(ids.get(4)), 1e-12);
        assertEquals(0.0, buffer.probability(ids.get(1)));

        // ids from a sampled batch stay meaningful after the buffer has moved on
        ReplayBatch<String> batch = buffer.sample(16, new SplittableRandom(5));
        for (int i = 0; i < 3; i++) buffer.add("later" + i);
        for (int k = 0; k < batch.size(); k++) {
            long id = batch.id(k); // of items 2..5, only item 5 survives three more insertions into 4 slots
            assertEquals(id == 5, buffer.contains(id), "id " + id);
            assertEquals(id == 5, buffer.updatePriority(id, 2.0), "id " + id);
        }
    }

    private static double[] probabilities(TemporalPrioritizedReplayBuffer<String> buffer, List<Long> ids) {
        return ids.stream().mapToDouble(buffer::probability).toArray();
    }

    /** Hand-computed: priorities 1, 2, 4, alpha 1, beta 0.5, N = 3: P = 1/7, 2/7, 4/7. */
    @Test
    void importanceWeightsMatchAHandComputedCase() {
        var buffer = new TemporalPrioritizedReplayBuffer<String>(config(3, 1.0, 0.5, Double.POSITIVE_INFINITY));
        long a = buffer.add("a");
        long b = buffer.add("b");
        long c = buffer.add("c");
        buffer.updatePriority(a, 1.0);
        buffer.updatePriority(b, 2.0);
        buffer.updatePriority(c, 4.0);
        // w_i = (N P_i)^-beta: (3/7)^-0.5 = 1.52753, (6/7)^-0.5 = 1.08012, (12/7)^-0.5 = 0.76376; divided by the max
        Map<Long, Double> expected = Map.of(a, 1.0, b, 0.7071067811865476, c, 0.5);
        assertEquals(1.0 / 7, buffer.probability(a), 1e-11); // epsilon 1e-12 is added to each priority
        ReplayBatch<String> batch = buffer.sample(50, new SplittableRandom(9));
        assertEquals(0.5, batch.beta());
        for (int k = 0; k < batch.size(); k++) {
            assertEquals(expected.get(batch.id(k)), batch.weight(k), 1e-11, "weight of " + batch.item(k));
        }
    }

    @Test
    void betaIsAnnealedLinearlyToOne() {
        var cfg = new PrioritizedReplayConfig(10, 0.6, 0.4, 100, 10, 1e-6);
        var buffer = new TemporalPrioritizedReplayBuffer<Integer>(cfg);
        buffer.add(1);
        SplittableRandom random = new SplittableRandom(0);
        assertEquals(0.4, buffer.sample(1, random).beta(), 1e-15);
        for (int i = 1; i < 50; i++) buffer.sample(1, random);
        assertEquals(0.7, buffer.sample(1, random).beta(), 1e-12);
        for (int i = 51; i < 100; i++) buffer.sample(1, random);
        assertEquals(1.0, buffer.sample(1, random).beta());
        assertEquals(1.0, buffer.sample(1, random).beta());
    }

    @Test
    void newItemsEnterAtTheLargestPrioritySetSoFar() {
        var buffer = new TemporalPrioritizedReplayBuffer<String>(config(10, 0.6, 0.4, Double.POSITIVE_INFINITY));
        long a = buffer.add("a");
        buffer.updatePriority(a, 8.0);
        long b = buffer.add("b");
        buffer.updatePriority(a, 0.5); // lowering a does not lower the entry priority
        long c = buffer.add("c");
        assertEquals(8.0, buffer.maxPriority(), 1e-9);
        assertEquals(buffer.probability(b), buffer.probability(c), 1e-15);
        assertEquals(Math.pow(8.0 / 0.5, 0.6), buffer.probability(b) / buffer.probability(a), 1e-9);
    }

    /**
     * The author multiplies every new priority by a temporal weight above 1 on top of the current maximum, so the
     * maximum compounds to infinity. Here a million insertions with a short decay horizon keep every probability finite
     * and the recency ratio exact.
     */
    @Test
    void ageDecayCannotOverflowOverAMillionInsertions() {
        double tau = 0.5;
        var buffer = new TemporalPrioritizedReplayBuffer<Integer>(config(100, 0.6, 0.4, tau));
        long last = -1;
        for (int i = 0; i < 1_000_000; i++) last = buffer.add(i);
        double sum = 0;
        for (long id = last - 99; id <= last; id++) {
            double p = buffer.probability(id);
            assertTrue(Double.isFinite(p) && p >= 0, "probability of " + id + " is " + p);
            sum += p;
        }
        assertEquals(1.0, sum, 1e-12);
        assertEquals(Math.exp(-2 / tau), buffer.probability(last - 2) / buffer.probability(last), 1e-9);
        ReplayBatch<Integer> batch = buffer.sample(64, new SplittableRandom(2));
        for (double w : batch.weights()) assertTrue(w > 0 && w <= 1, "weight " + w);
    }

    /**
     * Differential test: after each of many random operations (add, update of a live or overwritten id, sample), every
     * probability equals the brute-force p^alpha exp(-age/tau) / sum, across many renormalizations of the time
     * reference (tau = 3, renormalized every 192 insertions).
     */
    @Test
    void agreesWithBruteForceOnRandomOperations() {
        int capacity = 16;
        double alpha = 0.7;
        double tau = 3;
        var buffer = new TemporalPrioritizedReplayBuffer<Long>(config(capacity, alpha, 0.4, tau));
        Map<Long, Double> priority = new HashMap<>();
        double maxPriority = 1.0;
        long next = 0;
        SplittableRandom ops = new SplittableRandom(123);
        SplittableRandom sampling = new SplittableRandom(321);
        for (int op = 0; op < 5000; op++) {
            int kind = ops.nextInt(4);
            if (kind == 0 || next == 0) {
                assertEquals(next, buffer.add(next));
                priority.put(next, maxPriority);
                priority.remove(next - capacity);
                next++;
            } else if (kind == 1) {
                long id = Math.max(0, next - 1 - ops.nextInt(2 * capacity));
                double error = Math.exp(ops.nextDouble(-5, 5));
                boolean live = priority.containsKey(id);
                assertEquals(live, buffer.updatePriority(id, error));
                if (live) {
                    double p = error + 1e-12;
                    priority.put(id, p);
                    maxPriority = Math.max(maxPriority, p);
                }
            } else {
                ReplayBatch<Long> batch = buffer.sample(8, sampling);
                for (int k = 0; k < batch.size(); k++) {
                    assertTrue(priority.containsKey(batch.id(k)));
                    assertEquals(batch.id(k), batch.item(k).longValue());
                }
            }
            assertEquals(priority.size(), buffer.size());
            double total = 0;
            long now = next - 1;
            for (var e : priority.entrySet())
                total += Math.pow(e.getValue(), alpha) * Math.exp(-(now - e.getKey()) / tau);
            for (var e : priority.entrySet()) {
                double expected = Math.pow(e.getValue(), alpha) * Math.exp(-(now - e.getKey()) / tau) / total;
                assertEquals(expected, buffer.probability(e.getKey()), 1e-10 * Math.max(expected, 1e-300) + 1e-300);
            }
        }
    }

    @Test
    void sameSeedSameBatches() {
        var one = new TemporalPrioritizedReplayBuffer<Integer>(
                PrioritizedReplayConfig.defaults().withCapacity(1000));
        var two = new TemporalPrioritizedReplayBuffer<Integer>(
                PrioritizedReplayConfig.defaults().withCapacity(1000));
        for (int i = 0; i < 1500; i++) {
            one.add(i);
            two.add(i);
        }
        assertArrayEquals(
                one.sample(64, new SplittableRandom(77)).ids(),
                two.sample(64, new SplittableRandom(77)).ids());
    }

    @Test
    void configValidationNamesTheField() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> new PrioritizedReplayConfig(10, 1.5, 0.4, 10, 10, 1e-6));
        assertTrue(e.getMessage().startsWith("alpha must be"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> new PrioritizedReplayConfig(100_000, 0.6, 0.4, 10, 10, 1e-6));
        assertTrue(e.getMessage().startsWith("ageDecayHorizon must be"), e.getMessage());
        var buffer = new TemporalPrioritizedReplayBuffer<String>(PrioritizedReplayConfig.defaults());
        assertThrows(IllegalStateException.class, () -> buffer.sample(1, new SplittableRandom(0)));
        long id = buffer.add("a");
        assertThrows(IllegalArgumentException.class, () -> buffer.updatePriority(id, Double.NaN));
        assertFalse(buffer.updatePriority(-1, 1.0));
        assertFalse(buffer.updatePriority(id + 1, 1.0));
    }
}
