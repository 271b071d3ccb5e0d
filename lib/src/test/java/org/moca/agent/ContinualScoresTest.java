package org.moca.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContinualScoresTest {

    private static final double NAN = Double.NaN;

    /** Families A, B, C met as A, B, C, A; losses chosen so that every rule of the definitions matters. */
    private static ContinualScores handMade() {
        return new ContinualScores(List.of("A", "B", "C"), new int[] {0, 1, 2, 0}, new double[][] {
            {1.0, 5.0, 5.0},
            {1.5, 2.0, 5.0},
            {1.8, 2.6, 1.0},
            {0.9, 3.0, 1.4}
        });
    }

    @Test
    void forgettingIsTheRiseSinceTheBestLossAfterTheFamilyWasFirstMetAveragedOverEarlierFamilies() {
        ContinualScores s = handMade();
        assertTrue(Double.isNaN(s.forgettingAfter(0)), "no earlier family after the first disruption");
        assertEquals(0.5, s.forgettingAfter(1), 1e-12); // A: 1.5 - 1.0
        // A: 1.8 - min(1.0, 1.5); B: 2.6 - 2.0 (its 5.0 before it was met does not count)
        assertEquals((0.8 + 0.6) / 2, s.forgettingAfter(2), 1e-12);
        // the current family A is left out; B: 3.0 - min(2.0, 2.6); C: 1.4 - 1.0
        assertEquals((1.0 + 0.4) / 2, s.forgettingAfter(3), 1e-12);
        assertEquals(4, s.forgetting().length);
        assertEquals(s.forgettingAfter(2), s.forgetting()[2], 0);
    }

    @Test
    void backwardTransferIsTheMeanScoreChangeOfEachDisruptionsFamilyFromJustLearnedToLater() {
        ContinualScores s = handMade();
        assertTrue(Double.isNaN(s.backwardTransferAfter(0)));
        assertEquals(1.0 - 1.5, s.backwardTransferAfter(1), 1e-12); // A: R[1][A] - R[0][A] = -1.5 + 1.0
        assertEquals(((1.0 - 1.8) + (2.0 - 2.6)) / 2, s.backwardTransferAfter(2), 1e-12);
        // R = -loss: j=0 (A) -0.9 + 1.0; j=1 (B) -3.0 + 2.0; j=2 (C) -1.4 + 1.0
        assertEquals((0.1 - 1.0 - 0.4) / 3, s.backwardTransfer(), 1e-12);
        assertEquals(s.backwardTransferAfter(3), s.backwardTransfer(), 0);
        assertEquals((1.5 + 2.0) / 2, s.averageSeenLoss(1), 1e-12);
        assertEquals((0.9 + 3.0 + 1.4) / 3, s.averageSeenLoss(3), 1e-12);
        assertEquals((1.0 + 2.0 + 1.0 + 0.9) / 4, s.learnedLoss(), 1e-12);
    }

    /**
     * Distinct tasks, task A improving after it was learned: Chaudhry's forgetting counts from A's best (0.5), the
     * rise since just learned (minus the backward transfer) from its first loss (1.0); they differ.
     */
    @Test
    void onDistinctTasksForgettingCountsFromTheBestAndBackwardTransferFromTheJustLearnedLoss() {
        ContinualScores s = ContinualScores.ofTasks(List.of("A", "B", "C"), new double[][] {
            {1.0, NAN, NAN},
            {0.5, 2.0, NAN},
            {0.9, 2.5, 1.0}
        });
        assertEquals(-0.5, s.forgettingAfter(1), 1e-12); // A better than ever
        assertEquals((0.9 - 0.5 + 2.5 - 2.0) / 2, s.forgettingAfter(2), 1e-12); // 0.45
        assertEquals(((1.0 - 0.9) + (2.0 - 2.5)) / 2, s.backwardTransferAfter(2), 1e-12); // -0.2
        assertEquals((0.9 + 2.5 + 1.0) / 3, s.averageSeenLoss(2), 1e-12);
        assertEquals((1.0 + 2.0 + 1.0) / 3, s.learnedLoss(), 1e-12);
    }

    @Test
    void aStreamThatNeverChangesTheLossesForgetsNothingAndTransfersNothing() {
        double[][] flat = {{2, 3}, {2, 3}, {2, 3}};
        ContinualScores s = new ContinualScores(List.of("a", "b"), new int[] {0, 1, 0}, flat);
        assertEquals(0, s.forgettingAfter(2), 0);
        assertEquals(0, s.backwardTransfer(), 0);
    }

    @Test
    void shapesAreChecked() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new ContinualScores(List.of("a", "b"), new int[] {0, 1}, new double[][] {{1, 2}}));
        assertTrue(e.getMessage().startsWith("loss"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new ContinualScores(List.of("a", "b"), new int[] {0, 2}, new double[][] {{1, 2}, {1, 2}}));
        assertTrue(e.getMessage().contains("stream[1]"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new ContinualScores(List.of("a", "b"), new int[] {0, 1}, new double[][] {{1, 2}, {1}}));
        assertTrue(e.getMessage().startsWith("loss row 1"), e.getMessage());
    }
}
