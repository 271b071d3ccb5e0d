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

    /** All ones, then {@code level} over [from, to) for each (from, to, level) triple. */
    private static double[] curve(int length, double... dips) {
        double[] s = new double[length];
        java.util.Arrays.fill(s, 1);
        for (int i = 0; i < dips.length; i += 3) {
            for (int t = (int) dips[i]; t < (int) dips[i + 1]; t++) s[t] = dips[i + 2];
        }
        return s;
    }

    @Test
    void hitAndRecoveryOnAHandComputedDip() {
        // onset 10, service 0.5 over hours 10..19. Trailing 6-h mean at 10 = (5 + 0.5)/6 = 0.9167 < 0.95 -> hit at 10.
        // Last hour of the window [10, 58) below: 24 (mean over 19..24 = (0.5 + 5)/6); back from 25 on -> TTR 15.
        double[] s = dip(80, 10, 20, 0.5);
        assertEquals(OptionalInt.of(10), RecoveryMetrics.hitHour(s, 10, C));
        assertEquals(OptionalInt.of(15), RecoveryMetrics.timeToRecover(s, 10, C));
        assertTrue(RecoveryMetrics.recovered(s, 10, C, 16));
        assertFalse(RecoveryMetrics.recovered(s, 10, C, 15), "a 15-hour window ends at hour 24, still below");
        // resilience loss over the 48-h window: 10 hours x 0.5
        assertEquals(5.0, RecoveryMetrics.resilienceLoss(s, 10, 48), 1e-12);
    }

    @Test
    void dipAt10BackAt20CollapseAt50IsRecoveredBecauseTheCollapseIsAfterTheWindow() {
        // hours after onset 10: dip over +0..+9, back at +10, collapse from +50 (hour 60) on; the window is [10, 58)
        double[] s = curve(120, 10, 20, 0.5, 60, 120, 0.2);
        assertEquals(OptionalInt.of(15), RecoveryMetrics.timeToRecover(s, 10, C));
        // the same collapse at +40 (hour 50) lies inside the window: not recovered
        double[] inside = curve(120, 10, 20, 0.5, 50, 120, 0.2);
        assertEquals(OptionalInt.empty(), RecoveryMetrics.timeToRecover(inside, 10, C));
    }

    @Test
    void noDipUntil60HoursIsRecoveredWithTimeToRecoverZero() {
        // the first dip at +60 (hour 70): the window [10, 58) saw no hit. The old metric searched the hit over the
        // whole curve and called this episode "not recovered within 48 h".
        double[] s = curve(120, 70, 120, 0.2);
        assertEquals(OptionalInt.empty(), RecoveryMetrics.hitHour(s, 10, C));
        assertEquals(OptionalInt.of(0), RecoveryMetrics.timeToRecover(s, 10, C));
        // a 72-hour window (to hour 82) does see it, and it never comes back
        assertEquals(OptionalInt.of(70), RecoveryMetrics.hitHour(s, 10, C, 72));
        assertFalse(RecoveryMetrics.recovered(s, 10, C, 72));
    }

    @Test
    void aNoiseDipAtOnsetThenARealShortageInsideTheWindowIsNotRecovered() {
        // one empty hour at onset: mean at 10 = 5/6 < 0.95, a hit; back from 16 (11..16 all ones). Then the real
        // shortage arrives at +40 (hour 50) and lasts: the early "recovery" does not hold through the window.
        double[] noise = curve(120, 10, 11, 0.0);
        assertEquals(OptionalInt.of(10), RecoveryMetrics.hitHour(noise, 10, C));
        assertEquals(OptionalInt.of(6), RecoveryMetrics.timeToRecover(noise, 10, C));
        double[] shortage = curve(120, 10, 11, 0.0, 50, 120, 0.3);
        assertEquals(OptionalInt.empty(), RecoveryMetrics.timeToRecover(shortage, 10, C));
    }

    @Test
    void aZeroBaselineIsAnInputErrorNeverRecovered() {
        double[] s = new double[80];
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> RecoveryMetrics.timeToRecover(s, 10, C));
        assertTrue(e.getMessage().startsWith("baseline service 0.0"), e.getMessage());
    }

    @Test
    void aCurveShorterThanTheWindowIsAnInputError() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> RecoveryMetrics.timeToRecover(dip(40, 10, 20, 0.5), 10, C));
        assertTrue(e.getMessage().contains("ends before the 48-hour window"), e.getMessage());
    }

    @Test
    void theEarlyWindowAppliesTheSameRuleToItsOwnHours() {
        // first dip at +40 (hour 50), never back: within 36 h nothing happened (recovered, TTR 0); within 48 h hit
        double[] s = curve(120, 50, 120, 0.2);
        assertEquals(OptionalInt.of(0), RecoveryMetrics.timeToRecover(s, 10, C, 36));
        assertEquals(OptionalInt.empty(), RecoveryMetrics.timeToRecover(s, 10, C));
    }

    @Test
    void aDipBeforeTheOnsetIsFlaggedAsNoiseThatCouldMimicAHit() {
        double[] clean = dip(80, 10, 20, 0.5);
        assertFalse(RecoveryMetrics.preOnsetDip(clean, 10, C));
        double[] noisy = dip(80, 10, 20, 0.5);
        noisy[7] = 0; // baseline 0.9, threshold 0.855; trailing mean at 7 = 5/6 = 0.833
        assertTrue(RecoveryMetrics.preOnsetDip(noisy, 10, C));
    }

    @Test
    void aShallowDipBelowThresholdOnlyInOneHourDoesNotCountAsAHit() {
        // one hour at 0.8: trailing mean (5 + 0.8)/6 = 0.967 >= 0.95 -> never hit -> TTR 0
        double[] s = dip(60, 12, 13, 0.8);
        assertEquals(OptionalInt.empty(), RecoveryMetrics.hitHour(s, 10, C));
        assertEquals(OptionalInt.of(0), RecoveryMetrics.timeToRecover(s, 10, C));
    }

    @Test
    void neverRecoveringGivesNoTimeToRecover() {
        double[] s = dip(60, 10, 60, 0.3);
        assertEquals(OptionalInt.empty(), RecoveryMetrics.timeToRecover(s, 10, C));
        assertFalse(RecoveryMetrics.recovered(s, 10, C, 48));
    }

    @Test
    void thresholdIsRelativeToTheBaseline() {
        // baseline 0.8; a drop to 0.78 is within 95% of it (0.76) -> no hit
        double[] s = new double[80];
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
        EpisodeMetrics m = RecoveryMetrics.evaluate(sim.trace(), 1, new RecoveryCriteria(3, 3, 1, 0.95), x -> 0.25);
        assertEquals(0.25, m.circularity(), 0);
        assertEquals(0.5, m.baseline(), 1e-12);
        assertEquals(12, m.demand(), 1e-12);
        assertEquals(0, m.fulfilled(), 1e-12);
    }
}
