package org.moca.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.policy.Activation;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Article-faithful MOCA meta-training: the penalty inside the meta-update, its gradient against finite differences of
 * the whole inner loop (double precision), and the anchor that moves exactly on schedule and at no other time.
 */
class ConsolidatedMetaLearnerTest {
    private static final DataType D = DataType.DOUBLE;
    private static final MetaLearnerConfig CONFIG = MetaLearnerConfig.defaults()
            .withInnerLearningRate(0.5)
            .withInnerSteps(3)
            .withOuterLearningRate(0.05);
    private static final SinusoidTaskFamily FAMILY = new SinusoidTaskFamily(4, 2, 6, 5, 0.1, 7);

    private static GaussianPolicy policy() {
        PolicyConfig config = new PolicyConfig(4, List.of(6, 5), 2, Activation.TANH, -2.0, 1.0, -0.2);
        GaussianPolicy p = GaussianPolicy.initialize(config, D, 31);
        SplittableRandom rng = new SplittableRandom(32);
        for (INDArray b : p.parameterViews().biases()) {
            for (long j = 0; j < b.length(); j++) b.putScalar(j, rng.nextDouble(-0.5, 0.5));
        }
        return p;
    }

    private static List<LearningTask> batch(long seed) {
        return FAMILY.sample(2, new SplittableRandom(seed), D);
    }

    /** Mean over tasks of {@code L_q(theta_K) + lambda ||theta_K - anchor||^2}, adapting from the current theta. */
    private static double objective(
            MetaLearner<GaussianPolicy> learner, List<LearningTask> tasks, INDArray anchor, double lambda) {
        L2Consolidation p = new L2Consolidation(anchor, lambda);
        double sum = 0;
        for (LearningTask t : tasks) {
            GaussianPolicy adapted = learner.adapt(t.supportStates(), t.supportActions());
            sum += adapted.negativeLogLikelihood(t.queryStates(), t.queryActions()) + p.value(adapted.parameterView());
        }
        return sum / tasks.size();
    }

    private static INDArray finiteDifferences(
            MetaLearner<GaussianPolicy> learner, List<LearningTask> tasks, INDArray anchor, double lambda) {
        GaussianPolicy policy = learner.policy();
        INDArray theta = policy.parameters();
        INDArray numeric = Nd4j.zeros(D, theta.length());
        double eps = 1e-6;
        for (long i = 0; i < theta.length(); i++) {
            double old = theta.getDouble(i);
            theta.putScalar(i, old + eps);
            policy.setParameters(theta);
            double plus = objective(learner, tasks, anchor, lambda);
            theta.putScalar(i, old - eps);
            policy.setParameters(theta);
            double minus = objective(learner, tasks, anchor, lambda);
            theta.putScalar(i, old);
            numeric.putScalar(i, (plus - minus) / (2 * eps));
        }
        policy.setParameters(theta);
        return numeric;
    }

    private static double relativeError(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue()
                / Math.max(a.norm2Number().doubleValue(), b.norm2Number().doubleValue());
    }

    @Test
    void secondOrderPenalizedOuterGradientMatchesFiniteDifferencesAtAKeptAnchor() {
        double lambda = 0.5;
        OuterConsolidationConfig schedule = new OuterConsolidationConfig(lambda, 1000);
        GaussianPolicy policy = policy();
        try (ConsolidatedMetaLearner<GaussianPolicy> learner = ConsolidatedMetaLearner.maml(policy, CONFIG, schedule)) {
            // move the meta-parameters away from the kept anchor, so the penalty and its gradient are not zero
            for (int i = 0; i < 3; i++) learner.metaStep(batch(100 + i));
            INDArray anchor = learner.anchor();
            assertTrue(anchor.distance2(policy.parameterView()) > 1e-2, "the meta-parameters moved off the anchor");
            List<LearningTask> tasks = batch(8);
            INDArray analytic = learner.metaGradient(tasks).gradient();
            INDArray numeric = finiteDifferences(learner, tasks, anchor, lambda);
            double error = relativeError(analytic, numeric);
            assertTrue(error < 1e-5, "relative error " + error);

            // the penalty's share is large enough that dropping it (plain MAML) fails the same check
            try (MetaLearner<GaussianPolicy> plain = new Maml<>(policy, CONFIG)) {
                double plainError = relativeError(plain.metaGradient(tasks).gradient(), numeric);
                assertTrue(plainError > 1e-2, "plain MAML's gradient " + plainError + " should miss the penalty");
            }
        }
    }

    @Test
    void firstOrderPenalizedDirectionIsTheGradientOfQueryLossPlusPenaltyAtTheAdaptedParameters() {
        double lambda = 0.5;
        GaussianPolicy policy = policy();
        try (ConsolidatedMetaLearner<GaussianPolicy> learner = new ConsolidatedMetaLearner<>(
                policy, CONFIG, new OuterConsolidationConfig(lambda, 1000), FirstOrderMaml::new)) {
            for (int i = 0; i < 3; i++) learner.metaStep(batch(200 + i));
            INDArray anchor = learner.anchor();
            LearningTask task = batch(9).get(0);
            INDArray analytic = learner.metaGradient(List.of(task)).gradient();
            // first order: d/d theta_K of L_q(theta_K) + P(theta_K), by central differences at theta_K
            GaussianPolicy adapted = learner.adapt(task.supportStates(), task.supportActions());
            L2Consolidation p = new L2Consolidation(anchor, lambda);
            INDArray theta = adapted.parameters();
            INDArray numeric = Nd4j.zeros(D, theta.length());
            double eps = 1e-6;
            for (long i = 0; i < theta.length(); i++) {
                double old = theta.getDouble(i);
                theta.putScalar(i, old + eps);
                adapted.setParameters(theta);
                double plus = adapted.negativeLogLikelihood(task.queryStates(), task.queryActions())
                        + p.value(adapted.parameterView());
                theta.putScalar(i, old - eps);
                adapted.setParameters(theta);
                double minus = adapted.negativeLogLikelihood(task.queryStates(), task.queryActions())
                        + p.value(adapted.parameterView());
                theta.putScalar(i, old);
                numeric.putScalar(i, (plus - minus) / (2 * eps));
            }
            double error = relativeError(analytic, numeric);
            assertTrue(error < 1e-6, "relative error " + error);
        }
    }

    /**
     * The anchor is the initialization until update E, then the parameters after update E until update 2E, and so
     * on: a test that fails if the anchor tracked the parameters on every call (as the article's re-copied base did)
     * or if it never moved.
     */
    @Test
    void anchorChangesExactlyOnScheduleAndIsNeverRecopiedInBetween() {
        int every = 3;
        GaussianPolicy policy = policy();
        try (ConsolidatedMetaLearner<GaussianPolicy> learner =
                ConsolidatedMetaLearner.maml(policy, CONFIG, new OuterConsolidationConfig(0.01, every))) {
            List<INDArray> after = new ArrayList<>();
            after.add(policy.parameters()); // after.get(n) = the parameters after n updates
            assertEquals(after.get(0), learner.anchor());
            for (int n = 1; n <= 8; n++) {
                // half the updates through metaStep, half through metaGradient + applyUpdate: both count
                if (n % 2 == 0) learner.metaStep(batch(n));
                else learner.applyUpdate(learner.metaGradient(batch(n)).gradient());
                after.add(policy.parameters());
                INDArray expected = after.get((n / every) * every);
                assertEquals(expected, learner.anchor(), "anchor after update " + n);
                assertEquals(n / every, learner.snapshots(), "snapshots after update " + n);
                assertEquals(n, learner.outerUpdates());
                if (n % every != 0) {
                    assertNotEquals(after.get(n), learner.anchor(), "update " + n + " must not re-copy the anchor");
                    assertTrue(learner.penaltyValue(policy.parameterView()) > 0);
                }
            }
        }
    }

    @Test
    void aMetaGradientAloneMovesNothing() {
        GaussianPolicy policy = policy();
        try (ConsolidatedMetaLearner<GaussianPolicy> learner =
                ConsolidatedMetaLearner.maml(policy, CONFIG, new OuterConsolidationConfig(0.01, 1))) {
            INDArray before = learner.anchor();
            for (int i = 0; i < 3; i++) learner.metaGradient(batch(i));
            assertEquals(0, learner.outerUpdates());
            assertEquals(before, learner.anchor());
        }
    }

    @Test
    void sameSeedSameMetaParameters() {
        INDArray[] results = new INDArray[2];
        for (int run = 0; run < 2; run++) {
            GaussianPolicy policy = policy();
            try (ConsolidatedMetaLearner<GaussianPolicy> learner =
                    ConsolidatedMetaLearner.maml(policy, CONFIG, new OuterConsolidationConfig(0.1, 2))) {
                for (int i = 0; i < 5; i++) learner.metaStep(batch(i));
            }
            results[run] = policy.parameters();
        }
        assertEquals(results[0], results[1]);
    }

    @Test
    void badScheduleValuesNameTheirField() {
        IllegalArgumentException lambda =
                assertThrows(IllegalArgumentException.class, () -> new OuterConsolidationConfig(-0.1, 5));
        assertTrue(lambda.getMessage().startsWith("lambda"), lambda.getMessage());
        IllegalArgumentException every =
                assertThrows(IllegalArgumentException.class, () -> new OuterConsolidationConfig(0.01, 0));
        assertTrue(every.getMessage().startsWith("anchorEvery"), every.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OuterConsolidationConfig(Double.NaN, 5));
    }
}
