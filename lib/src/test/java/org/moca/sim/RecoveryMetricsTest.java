package org.moca.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Every metric on hand-computed service curves. */
class RecoveryMetricsTest {

    private static final RecoveryCriteria C = new RecoveryCriteria(48, 36, 6, 0.95);

    /** 10 warm-up hours at 1, then a drop to 0.5 for hours 10..19, then 1 again. */
    private static double[] dip(int length, int from, int to, double level) {
        double[] s = new double[length];
        for (int t = 0; t < length; t++) s[t] = t >= from && t < to ? level : 1;
        return s;
    }

    @Test
    void baselineIsThePreOnsetMean() {
        double[] s = {1, 0.8, 0.9, 0.7, 0.2};
        assertEquals((1 + 0.8 + 0.9) / 3, RecoveryMetrics.baseline(s, 3), 1e-12);
    }

    @Test
    void trailingMeanUsesTheHoursThatExist() {
        double[] s = {1, 0, 1, 0, 1, 0, 1, 0};
        assertEquals(0.5, RecoveryMetrics.trailingMean(s, 7, 6), 1e-12);
        assertEquals(0.5, RecoveryMetrics.trailingMean(s, 1, 6), 1e-12);
        assertEquals(1.0, RecoveryMetrics.trailingMean(s, 0, 6), 1e-12);
    }

    @Test
    void hitAndRecoveryOnAHandComputedDip() {
        // onset 10, service 0.5 over hours 10..19. Trailing 6-h mean at 10 = (5 + 0.5)/6 = 0.9167 < 0.95 -> hit at 10.
        // Recovery: first t >= 16 with mean(s[t-5..t]) >= 0.95: the window must be all ones -> t = 25. TTR = 15.
        double[] s = dip(80, 10, 20, 0.5);
        assertEquals(OptionalInt.of(10), RecoveryMetrics.hitHour(s, 10, C));
        assertEquals(OptionalInt.of(15), RecoveryMetrics.timeToRecover(s, 10, C));
        assertTrue(RecoveryMetrics.recoveredWithin(RecoveryMetrics.timeToRecover(s, 10, C), 15));
        assertFalse(RecoveryMetrics.recoveredWithin(RecoveryMetrics.timeToRecover(s, 10, C), 14));
        // resilience loss over the 48-h window: 10 hours x 0.5
        assertEquals(5.0, RecoveryMetrics.resilienceLoss(s, 10, 48), 1e-12);
    }

    @Test
    void aShallowDipBelowThresholdOnlyInOneHourDoesNotCountAsAHit() {
        // one hour at 0.8: trailing mean (5 + 0.8)/6 = 0.967 >= 0.95 -> never hit -> TTR 0
        double[] s = dip(60, 12, 13, 0.8);
        assertEquals(OptionalInt.empty(), RecoveryMetrics.hitHour(s, 10, C));
        assertEquals(OptionalInt.of(0), RecoveryMetrics.timeToRecover(s, 10, C));
    }

    @Test
    void aRecoveryThatDoesNotHoldThroughTheWindowDoesNotCount() {
        // dip 10..13 (hit at 10), back to 1 for 14..29 (would be "recovered" at 19 by first return), collapse 30..59.
        double[] s = new double[80];
        java.util.Arrays.fill(s, 1);
        for (int t = 10; t < 14; t++) s[t] = 0.5;
        for (int t = 30; t < 60; t++) s[t] = 0.2;
        // window [10, 58): the collapse is inside it; service is back for good at 65 (first trailing window all ones
        // after 60 ends at 65), which is TTR 55 > 48
        assertEquals(OptionalInt.of(55), RecoveryMetrics.timeToRecover(s, 10, C));
        assertFalse(RecoveryMetrics.recoveredWithin(RecoveryMetrics.timeToRecover(s, 10, C), 48));
        // the same relapse after the window ends does not undo a recovery inside it
        double[] late = new double[120];
        java.util.Arrays.fill(late, 1);
        for (int t = 10; t < 14; t++) late[t] = 0.5;
        for (int t = 70; t < 90; t++) late[t] = 0.2;
        assertEquals(OptionalInt.of(9), RecoveryMetrics.timeToRecover(late, 10, C));
    }

    @Test
    void aRecoveryTooCloseToTheEndOfTheCurveCannotBeConfirmed() {
        double[] s = dip(30, 10, 26, 0.5); // back to 1 at 26; window end 58 lies beyond the curve
        assertEquals(OptionalInt.empty(), RecoveryMetrics.timeToRecover(s, 10, C));
    }

    @Test
    void neverRecoveringGivesNoTimeToRecover() {
        double[] s = dip(60, 10, 60, 0.3);
        assertEquals(OptionalInt.empty(), RecoveryMetrics.timeToRecover(s, 10, C));
        assertFalse(RecoveryMetrics.recoveredWithin(RecoveryMetrics.timeToRecover(s, 10, C), 48));
    }

    @Test
    void thresholdIsRelativeToTheBaseline() {
        // baseline 0.8; a drop to 0.78 is within 95% of it (0.76) -> no hit
        double[] s = new double[40];
        java.util.Arrays.fill(s, 0.8);
        for (int t = 20; t < 30; t++) s[t] = 0.78;
        assertEquals(OptionalInt.of(0), RecoveryMetrics.timeToRecover(s, 20, C));
    }

    @Test
    void recoveredLossShare() {
        assertEquals(0.75, RecoveryMetrics.recoveredLossShare(40, 10), 1e-12);
        assertEquals(-0.5, RecoveryMetrics.recoveredLossShare(40, 60), 1e-12);
        assertEquals(0, RecoveryMetrics.recoveredLossShare(0, 0), 1e-12);
    }

    @Test
    void windowSumsFromATrace() {
        NetworkIndex layout = new NetworkIndex(TinyChains.loop());
        var sim = new CircularSupplySimulator(
                layout, java.util.List.of(), Realization.sample(layout, SimConfig.deterministic(), 4, 0), null);
        Controls idle = new Controls(
                new double[] {0},
                new double[] {0, 0},
                new double[][] {{1}, {1}},
                new double[] {0, 0, 0, 0},
                new double[][] {{1}, {1}, {1, 0}, {1}});
        for (int t = 0; t < 4; t++) sim.step(idle);
        // market starts with 2 widgets and demand 4/h: served 2, 0, 0, 0 -> unmet over hours [1, 4) = 12
        assertEquals(12, RecoveryMetrics.unmetDemand(sim.trace(), 1, 48), 1e-12);
        assertEquals(14, RecoveryMetrics.unmetDemand(sim.trace(), 0, 48), 1e-12);
        EpisodeMetrics m = RecoveryMetrics.evaluate(sim.trace(), 1, C, x -> 0.25);
        assertEquals(0.25, m.circularity(), 0);
        assertEquals(0.5, m.baseline(), 1e-12);
        assertEquals(12, m.demand(), 1e-12);
        assertEquals(0, m.fulfilled(), 1e-12);
    }
}
