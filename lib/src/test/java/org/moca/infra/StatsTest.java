package org.moca.infra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StatsTest {

    private static void assertInterval(double lower, double upper, Stats.Interval interval, double tolerance) {
        assertEquals(lower, interval.lower(), tolerance, interval.toString());
        assertEquals(upper, interval.upper(), tolerance, interval.toString());
    }

    /** Hand-computed with z = 1.959964, and the four examples of Newcombe (1998), Stat. Med. 17:857, table II. */
    @Test
    void wilsonMatchesHandComputedAndPublishedValues() {
        assertInterval(0.490162, 0.943318, Stats.wilson(8, 10), 1e-6);
        assertInterval(0.0, 0.161125, Stats.wilson(0, 20), 1e-6);
        assertInterval(0.838875, 1.0, Stats.wilson(20, 20), 1e-6);
        assertEquals(0.0, Stats.wilson(0, 20).lower());
        assertEquals(1.0, Stats.wilson(20, 20).upper());
        assertEquals(0.8, Stats.wilson(8, 10).estimate());
        assertInterval(0.2553, 0.3662, Stats.wilson(81, 263), 5e-5);
        assertInterval(0.0624, 0.1605, Stats.wilson(15, 148), 5e-5);
        assertInterval(0.0, 0.2775, Stats.wilson(0, 10), 5e-5);
        assertInterval(0.0061, 0.1718, Stats.wilson(1, 29), 5e-5);
    }

    @Test
    void wilsonWidensWithConfidence() {
        Stats.Interval i90 = Stats.wilson(47, 100, 0.90);
        Stats.Interval i99 = Stats.wilson(47, 100, 0.99);
        assertTrue(i99.lower() < i90.lower() && i99.upper() > i90.upper());
        var e = assertThrows(IllegalArgumentException.class, () -> Stats.wilson(11, 10));
        assertTrue(e.getMessage().startsWith("successes must be in [0, trials]"));
        assertThrows(IllegalArgumentException.class, () -> Stats.wilson(1, 10, 95));
    }

    /** 1..5: mean 3, s = 1.58114, t(0.975, 4) = 2.776445, half-width 1.963243. */
    @Test
    void tIntervalMatchesAHandComputedCase() {
        Stats.Interval i = Stats.meanT(new double[] {1, 2, 3, 4, 5});
        assertEquals(3.0, i.estimate(), 1e-15);
        assertInterval(3 - 1.963243, 3 + 1.963243, i, 1e-6);
        // two values: t(0.975, 1) = 12.706205, se = 0.5
        Stats.Interval two = Stats.meanT(new double[] {0, 1});
        assertInterval(0.5 - 6.353102, 0.5 + 6.353102, two, 1e-6);
        // large n: the t quantile approaches z = 1.959964
        double[] many = new double[100_001];
        for (int k = 0; k < many.length; k++) many[k] = k % 2;
        double se = Stats.standardDeviation(many) / Math.sqrt(many.length);
        assertEquals(1.959964, Stats.meanT(many).halfWidth() / se, 1e-4);
        assertThrows(IllegalArgumentException.class, () -> Stats.meanT(new double[] {1}));
    }

    @Test
    void bootstrapIsSeededAndAgreesWithTheTIntervalOnNormalData() {
        SplittableRandom data = new SplittableRandom(1);
        double[] values = new double[200];
        for (int k = 0; k < values.length; k++) values[k] = 10 + 2 * data.nextGaussian();
        Stats.Interval boot = Stats.bootstrap(values, Stats::mean, 4000, 0.95, new SplittableRandom(2));
        Stats.Interval again = Stats.bootstrap(values, Stats::mean, 4000, 0.95, new SplittableRandom(2));
        Stats.Interval t = Stats.meanT(values);
        assertEquals(boot, again);
        assertEquals(t.estimate(), boot.estimate(), 1e-12);
        assertEquals(t.lower(), boot.lower(), 0.1 * t.halfWidth());
        assertEquals(t.upper(), boot.upper(), 0.1 * t.halfWidth());
    }

    @Test
    void bootstrapOfAnyStatisticAndDegenerateData() {
        ToMedian median = v -> {
            double[] s = v.clone();
            Arrays.sort(s);
            return Stats.quantile(s, 0.5);
        };
        Stats.Interval constant =
                Stats.bootstrap(new double[] {4, 4, 4}, median::of, 200, 0.9, new SplittableRandom(3));
        assertEquals(new Stats.Interval(4, 4, 4, 0.9), constant);
        Stats.Interval i =
                Stats.bootstrap(new double[] {1, 2, 3, 4, 100}, median::of, 1000, 0.95, new SplittableRandom(4));
        assertEquals(3.0, i.estimate());
        assertTrue(i.lower() >= 1 && i.upper() <= 100 && i.lower() <= 3 && i.upper() >= 3, i.toString());
    }

    @FunctionalInterface
    private interface ToMedian {
        double of(double[] values);
    }

    @Test
    void quantileInterpolatesLikeRType7() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(1.0, Stats.quantile(sorted, 0));
        assertEquals(4.0, Stats.quantile(sorted, 1));
        assertEquals(2.5, Stats.quantile(sorted, 0.5), 1e-15);
        assertEquals(1.3, Stats.quantile(sorted, 0.1), 1e-12);
    }

    @Test
    void mcNemarIsTheExactBinomialTestOnDiscordantPairs() {
        // by hand: b = 0, c = 5: 2 * (1/2)^5 = 0.0625; b = 1, c = 4: 2 * (1 + 5) / 32 = 0.375
        assertEquals(0.0625, Stats.mcNemarExact(0, 5), 1e-15);
        assertEquals(0.0625, Stats.mcNemarExact(5, 0), 1e-15);
        assertEquals(0.375, Stats.mcNemarExact(1, 4), 1e-15);
        assertEquals(1.0, Stats.mcNemarExact(3, 3), 1e-15);
        assertEquals(1.0, Stats.mcNemarExact(0, 0), 0);
        // b = 2, c = 10: 2 * (1 + 12 + 66) / 4096
        assertEquals(2.0 * 79 / 4096, Stats.mcNemarExact(2, 10), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Stats.mcNemarExact(-1, 2));
    }

    @Test
    void wilcoxonMatchesHandAndRCases() {
        // all five differences positive: W+ = 15 is the maximum, P = 1/32 on each side
        assertEquals(2.0 / 32, Stats.wilcoxonSignedRank(new double[] {1, 2, 3, 4, 5}), 1e-15);
        // R, ?wilcox.test (Hollander and Wolfe's depression data), paired, two-sided: V = 40, p = 0.003906 * 10
        double[] x = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
        double[] y = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
        double[] d = new double[x.length];
        for (int i = 0; i < d.length; i++) d[i] = x[i] - y[i];
        assertEquals(0.0390625, Stats.wilcoxonSignedRank(d), 1e-12);
        // zeros are dropped; all zero: no evidence at all
        assertEquals(1.0, Stats.wilcoxonSignedRank(new double[] {0, 0, 0}), 0);
        assertEquals(2.0 / 32, Stats.wilcoxonSignedRank(new double[] {0, 1, 2, 0, 3, 4, 5}), 1e-15);
    }

    @Test
    void wilcoxonWithTiesEqualsBruteForceEnumerationOfSigns() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        for (int trial = 0; trial < 30; trial++) {
            int n = 1 + rng.nextInt(12);
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = (rng.nextInt(7) - 3) * 0.5; // many ties and zeros
            assertEquals(bruteForceWilcoxon(d), Stats.wilcoxonSignedRank(d), 1e-12, java.util.Arrays.toString(d));
        }
    }

    /** Every assignment of signs to the nonzero |d| equally likely; average ranks for ties; two-sided. */
    private static double bruteForceWilcoxon(double[] differences) {
        double[] d = java.util.Arrays.stream(differences).filter(v -> v != 0).toArray();
        int n = d.length;
        if (n == 0) return 1;
        double[] rank = new double[n];
        for (int i = 0; i < n; i++) {
            int less = 0, equal = 0;
            for (double v : d) {
                if (Math.abs(v) < Math.abs(d[i])) less++;
                else if (Math.abs(v) == Math.abs(d[i])) equal++;
            }
            rank[i] = less + (equal + 1) / 2.0;
        }
        double observed = 0;
        for (int i = 0; i < n; i++) if (d[i] > 0) observed += rank[i];
        int below = 0, above = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            double w = 0;
            for (int i = 0; i < n; i++) if ((mask >> i & 1) == 1) w += rank[i];
            if (w <= observed + 1e-9) below++;
            if (w >= observed - 1e-9) above++;
        }
        return Math.min(1, 2.0 * Math.min(below, above) / (1 << n));
    }

    @Test
    void holmAdjustsStepDownInInputOrder() {
        // sorted 0.01 x 3 = 0.03; 0.03 x 2 = 0.06; 0.04 x 1 = 0.04 -> max(0.06, 0.04) = 0.06
        assertArrayEquals(new double[] {0.03, 0.06, 0.06}, Stats.holm(new double[] {0.01, 0.04, 0.03}), 1e-15);
        double[] withNan = Stats.holm(new double[] {0.2, Double.NaN, 0.01});
        assertEquals(0.2, withNan[0], 1e-15); // m = 2: 0.01 x 2 = 0.02, then 0.2 x 1 = 0.2
        assertTrue(Double.isNaN(withNan[1]));
        assertEquals(0.02, withNan[2], 1e-15);
        assertEquals(1.0, Stats.holm(new double[] {0.6, 0.7})[0], 1e-15);
    }

    @Test
    void aRateOverClustersIsTOverPerClusterRatesClippedAndUndefinedForOneCluster() {
        // the confirmation run's multitask seeds: .67, 0, .58, .50, .42 -> mean .434, t(4) 2.776 x sd/sqrt(5)
        double[] rates = {0.67, 0, 0.58, 0.50, 0.42};
        Stats.Interval i = Stats.rateOverClusters(rates, 0.95);
        Stats.Interval t = Stats.meanT(rates);
        assertEquals(t.estimate(), i.estimate(), 1e-15);
        assertEquals(Math.max(0, t.lower()), i.lower(), 1e-15);
        assertEquals(t.upper(), i.upper(), 1e-15);
        assertEquals(0.0, Stats.rateOverClusters(new double[] {0, 0, 0.1}, 0.95).lower(), 0); // clipped
        Stats.Interval one = Stats.rateOverClusters(new double[] {0.5}, 0.95);
        assertEquals(0.5, one.estimate(), 0);
        assertTrue(!one.isDefined() && Double.isNaN(one.upper()));
    }
}
