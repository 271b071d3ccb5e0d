package org.moca.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.meta.L2Consolidation;
import org.moca.meta.LearningTask;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;

class ContinualRunTest {

    /** Same states, opposite expert actions: learning the second task must undo the first. */
    private static LearningTask task(double action) {
        double[][] s = new double[8][2], a = new double[8][1];
        for (int i = 0; i < 8; i++) {
            s[i][0] = i / 8.0;
            s[i][1] = 1.0;
            a[i][0] = action;
        }
        return LearningTask.of(s, a, s, a, DataType.DOUBLE);
    }

    private static final GaussianPolicy START = GaussianPolicy.initialize(PolicyConfig.of(2, 1, 8), DataType.DOUBLE, 3);
    private static final ContinualRun.Config CONFIG = new ContinualRun.Config(40, 0.05, 10.0);

    @Test
    void conflictingTasksAreForgottenAndTheLossMatrixIsLowerTriangular() {
        ContinualRun.Result r =
                ContinualRun.run(START, List.of(task(1), task(-1)), List.of("up", "down"), CONFIG, null);
        assertTrue(Double.isNaN(r.loss()[0][1]));
        assertTrue(Double.isNaN(r.forgettingAfter(0)));
        assertTrue(r.forgettingAfter(1) > 0, "learning 'down' must raise the loss of 'up': " + r.forgettingAfter(1));
        assertEquals(r.loss()[1][0] - r.loss()[0][0], r.forgetting()[1], 1e-12);
        assertEquals((r.loss()[1][0] + r.loss()[1][1]) / 2, r.meanSeenLoss(1), 1e-12);
    }

    @Test
    void consolidationAnchoredAtTheStartForgetsLess() {
        List<LearningTask> tasks = List.of(task(1), task(-1));
        List<String> labels = List.of("up", "down");
        double plain = ContinualRun.run(START, tasks, labels, CONFIG, null).forgettingAfter(1);
        double anchored = ContinualRun.run(START, tasks, labels, CONFIG, L2Consolidation.anchoredAt(START, 5.0))
                .forgettingAfter(1);
        assertTrue(anchored < plain, "consolidated " + anchored + " vs plain " + plain);
    }

    @Test
    void startIsNotModifiedAndBadInputsAreRejected() {
        GaussianPolicy before = START.copy();
        ContinualRun.run(START, List.of(task(1)), List.of("up"), CONFIG, null);
        assertTrue(START.sameAs(before));
        assertThrows(
                IllegalArgumentException.class,
                () -> ContinualRun.run(START, List.of(task(1)), List.of(), CONFIG, null));
        assertThrows(IllegalArgumentException.class, () -> new ContinualRun.Config(0, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ContinualRun.Config(1, Double.NaN, 1));
    }
}
