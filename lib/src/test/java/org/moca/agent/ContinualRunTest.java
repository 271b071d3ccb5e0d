package org.moca.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.meta.ConsolidationPenalty;
import org.moca.meta.L2Consolidation;
import org.moca.meta.LearningTask;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ContinualRunTest {

    /** Same states, constant expert action: learning a task with the opposite action must undo this one. */
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

    /** Adapts through the tasks in order and takes the query loss of every task after each (the loss matrix). */
    private static ContinualScores scores(List<LearningTask> tasks, ConsolidationPenalty penalty) {
        ContinualRun run = new ContinualRun(START, CONFIG, null, penalty);
        double[][] loss = new double[tasks.size()][tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            run.adaptTo(tasks.get(i));
            for (int j = 0; j < tasks.size(); j++)
                loss[i][j] = run.policy()
                        .negativeLogLikelihood(
                                tasks.get(j).queryStates(), tasks.get(j).queryActions());
        }
        return ContinualScores.ofTasks(List.of("up", "down"), loss);
    }

    @Test
    void conflictingTasksAreForgotten() {
        ContinualScores s = scores(List.of(task(1), task(-1)), null);
        assertTrue(s.forgettingAfter(1) > 0.5, "learning 'down' must raise the loss of 'up': " + s.forgettingAfter(1));
        assertTrue(s.loss()[0][0] < s.loss()[0][1], "after 'up' its own loss is the lower one");
    }

    @Test
    void consolidationAnchoredAtTheStartForgetsLess() {
        List<LearningTask> tasks = List.of(task(1), task(-1));
        double plain = scores(tasks, null).forgettingAfter(1);
        double anchored = scores(tasks, L2Consolidation.anchoredAt(START, 5.0)).forgettingAfter(1);
        assertTrue(anchored < plain, "consolidated " + anchored + " vs plain " + plain);
    }

    @Test
    void adaptingToADisruptionIsOnsetStepsOnTheSupportThenHindsightStepsOnTheWholeWindow() {
        double[][] s = {{0.1, 1}, {0.2, 1}}, q = {{0.7, 1}, {0.9, 1}, {0.5, 1}};
        LearningTask disruption =
                LearningTask.of(s, new double[][] {{1}, {1}}, q, new double[][] {{-1}, {0}, {-1}}, DataType.DOUBLE);
        ContinualRun.Config onset = new ContinualRun.Config(3, 0.05, 10.0),
                hindsight = new ContinualRun.Config(4, 0.02, 10.0);
        ContinualRun run = new ContinualRun(START, onset, hindsight, null);
        run.adaptTo(disruption);

        GaussianPolicy expected = START.copy();
        ContinualRun.adapt(expected, disruption.supportStates(), disruption.supportActions(), onset, null);
        GaussianPolicy onsetOnly = expected.copy();
        ContinualRun.adapt(
                expected,
                Nd4j.vstack(disruption.supportStates(), disruption.queryStates()),
                Nd4j.vstack(disruption.supportActions(), disruption.queryActions()),
                hindsight,
                null);
        assertTrue(run.policy().sameAs(expected), "onset on the support set, then hindsight on support + query");
        assertTrue(!run.policy().sameAs(onsetOnly), "the hindsight steps moved the weights");

        ContinualRun withoutHindsight = new ContinualRun(START, onset, null, null);
        withoutHindsight.adaptTo(disruption);
        assertTrue(withoutHindsight.policy().sameAs(onsetOnly));
    }

    @Test
    void clippingBoundsEveryStep() {
        GaussianPolicy p = START.copy();
        double lr = 0.1, clip = 1e-3;
        ContinualRun.adapt(
                p, task(50).supportStates(), task(50).supportActions(), new ContinualRun.Config(1, lr, clip), null);
        double moved = p.parameters().sub(START.parameters()).norm2Number().doubleValue();
        assertEquals(lr * clip, moved, 1e-12, "one clipped step moves the weights by lr * maxGradientNorm");
    }

    @Test
    void startIsNotModifiedAndBadInputsAreRejected() {
        GaussianPolicy before = START.copy();
        new ContinualRun(START, CONFIG, CONFIG, L2Consolidation.anchoredAt(START, 1.0)).adaptTo(task(1));
        assertTrue(START.sameAs(before));
        assertThrows(NullPointerException.class, () -> new ContinualRun(START, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ContinualRun.Config(0, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ContinualRun.Config(1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new ContinualRun.Config(1, 0.1, 0));
    }
}
