package org.moca.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.moca.meta.LearningTask;
import org.nd4j.linalg.api.buffer.DataType;

class TrainingTaskTest {

    /** Rows whose state and action are their hour, for hours [from, to). */
    private static Demonstrations rows(int from, int to, double offset) {
        int n = to - from;
        double[][] s = new double[n][], a = new double[n][];
        int[] h = new int[n];
        for (int i = 0; i < n; i++) {
            h[i] = from + i;
            s[i] = new double[] {h[i] + offset};
            a[i] = new double[] {-(h[i] + offset)};
        }
        return new Demonstrations(s, a, h);
    }

    @Test
    void protocolOneCutsSupportFromTheHoursAfterOnsetAndQueryFromTheRest() {
        LearningTask t =
                Training.task(rows(10, 58, 0), 10, 6, 48, DataType.DOUBLE).orElseThrow();
        assertEquals(6, t.supportStates().rows());
        assertEquals(42, t.queryStates().rows());
        assertEquals(10.0, t.supportStates().getDouble(0, 0));
        assertEquals(16.0, t.queryStates().getDouble(0, 0));
    }

    @Test
    void protocolTwoTakesTheOnsetSupportAndQueriesTheWholeWindow() {
        Demonstrations onset = rows(10, 16, 0.5); // the onset plan's predicted rows, not the visited ones
        LearningTask t = Training.task(rows(10, 70, 0), onset, 10, 6, 48, DataType.DOUBLE)
                .orElseThrow();
        assertEquals(6, t.supportStates().rows());
        assertEquals(10.5, t.supportStates().getDouble(0, 0), "the support is the onset set");
        assertEquals(-15.5, t.supportActions().getDouble(5, 0));
        assertEquals(48, t.queryStates().rows(), "the query is the window from the onset hour on");
        assertEquals(10.0, t.queryStates().getDouble(0, 0));
        assertEquals(57.0, t.queryStates().getDouble(47, 0));
        assertTrue(
                Training.task(rows(10, 10, 0), onset, 10, 6, 48, DataType.DOUBLE)
                        .isEmpty(),
                "no query, no task");
    }
}
