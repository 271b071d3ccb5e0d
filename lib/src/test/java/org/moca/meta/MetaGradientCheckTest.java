package org.moca.meta;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.moca.policy.Activation;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact meta-gradients against central finite differences of the WHOLE inner loop (adapt K steps, then the
 * query loss), in double precision: the differential test for everything second-order MAML composes by hand.
 */
class MetaGradientCheckTest {
    private static final DataType D = DataType.DOUBLE;
    /** A larger inner step than the default so that the second-order terms are large enough to matter. */
    private static final MetaLearnerConfig CONFIG =
            MetaLearnerConfig.defaults().withInnerLearningRate(0.5).withInnerSteps(3);

    private static GaussianPolicy policy(Activation activation) {
        PolicyConfig config = new PolicyConfig(4, List.of(6, 5), 2, activation, -2.0, 1.0, -0.2);
        GaussianPolicy p = GaussianPolicy.initialize(config, D, 31);
        p.parameterViews().logStd().assign(Nd4j.createFromArray(new double[][] {{0.3, -0.4}}));
        // nonzero biases: with zero biases a sample whose first-layer units are all off sits exactly on a ReLU kink
        // of the second layer, where the inner-loop map (through the gradient) is discontinuous and differences fail
        SplittableRandom rng = new SplittableRandom(32);
        for (INDArray b : p.parameterViews().biases()) {
            for (long j = 0; j < b.length(); j++) b.putScalar(j, rng.nextDouble(-0.5, 0.5));
        }
        return p;
    }

    private static List<LearningTask> tasks() {
        return new SinusoidTaskFamily(4, 2, 6, 5, 0.1, 7).sample(2, new SplittableRandom(8), D);
    }

    /** Mean over tasks of the outer objective after adapting from the policy's current parameters. */
    private static double objective(
            MetaLearner<GaussianPolicy> learner, List<LearningTask> tasks, ConsolidationPenalty outer) {
        double sum = 0;
        for (LearningTask t : tasks) {
            GaussianPolicy adapted = learner.adapt(t.supportStates(), t.supportActions());
            sum += adapted.negativeLogLikelihood(t.queryStates(), t.queryActions());
            if (outer != null) sum += outer.value(adapted.parameterView());
        }
        return sum / tasks.size();
    }

    private static INDArray finiteDifferences(
            MetaLearner<GaussianPolicy> learner, List<LearningTask> tasks, ConsolidationPenalty outer) {
        GaussianPolicy policy = learner.policy();
        INDArray theta = policy.parameters();
        INDArray numeric = Nd4j.zeros(D, theta.length());
        double eps = 1e-6;
        for (long i = 0; i < theta.length(); i++) {
            double old = theta.getDouble(i);
            theta.putScalar(i, old + eps);
            policy.setParameters(theta);
            double plus = objective(learner, tasks, outer);
            theta.putScalar(i, old - eps);
            policy.setParameters(theta);
            double minus = objective(learner, tasks, outer);
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

    private static void check(
            BiFunction<GaussianPolicy, ConsolidationPenalty, MetaLearner<GaussianPolicy>> factory,
            Activation activation,
            boolean withConsolidation) {
        GaussianPolicy policy = policy(activation);
        ConsolidationPenalty outer = null;
        if (withConsolidation) {
            INDArray anchor = policy.parameters().addi(0.3);
            outer = new L2Consolidation(anchor, 0.05);
        }
        List<LearningTask> tasks = tasks();
        try (MetaLearner<GaussianPolicy> learner = factory.apply(policy, outer)) {
            INDArray analytic = learner.metaGradient(tasks).gradient();
            INDArray numeric = finiteDifferences(learner, tasks, outer);
            double error = relativeError(analytic, numeric);
            assertTrue(error < 1e-5, "relative error " + error);

            // the second-order terms matter here, so a first-order answer would fail this check
            try (MetaLearner<GaussianPolicy> firstOrder = new FirstOrderMaml<>(policy, CONFIG, outer)) {
                double foError = relativeError(firstOrder.metaGradient(tasks).gradient(), numeric);
                assertTrue(foError > 1e-2, "first-order error " + foError + " should be far from exact");
            }
        }
    }

    @Test
    void secondOrderMamlMatchesFiniteDifferencesOfTheWholeInnerLoop() {
        check((p, c) -> new Maml<>(p, CONFIG, c), Activation.RELU, false);
    }

    @Test
    void secondOrderMamlWithTanhAndConsolidationMatchesFiniteDifferences() {
        check((p, c) -> new Maml<>(p, CONFIG, c), Activation.TANH, true);
    }

    @Test
    void anilMetaGradientMatchesFiniteDifferencesOfTheHeadOnlyInnerLoop() {
        check((p, c) -> new Anil(p, CONFIG, c), Activation.TANH, false);
    }
}
