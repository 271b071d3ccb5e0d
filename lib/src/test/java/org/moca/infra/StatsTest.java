package org.moca.infra;

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
}
