package org.moca.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConsolidationTest {
    private static final DataType D = DataType.DOUBLE;
    private static final SinusoidTaskFamily FAMILY = new SinusoidTaskFamily(4, 2, 12, 12, 0.05, 5);

    private static GaussianPolicy policy() {
        return GaussianPolicy.initialize(PolicyConfig.of(4, 2, 8, 8), D, 41);
    }

    /**
     * Regression: the author re-copied the "stable base" from the current parameters on every call, so the penalty
     * was always measured against where the parameters already were. Ours keeps the snapshot.
     */
    @Test
    void anchorIsAKeptSnapshotNotRecopiedFromTheMovingParameters() {
        GaussianPolicy policy = policy();
        INDArray original = policy.parameters();
        L2Consolidation penalty = L2Consolidation.anchoredAt(policy, L2Consolidation.DEFAULT_LAMBDA);
        assertEquals(0.0, penalty.value(policy.parameterView()), 0.0);
        try (MetaLearner<GaussianPolicy> learner =
                new Maml<>(policy, MetaLearnerConfig.defaults().withOuterLearningRate(0.01), penalty)) {
            for (int i = 0; i < 5; i++) {
                learner.metaStep(FAMILY.sample(2, new SplittableRandom(i), D));
            }
        }
        assertEquals(original, penalty.anchor(), "the anchor must not follow the meta-parameters");
        double moved = policy.parameterView().sub(original).norm2Number().doubleValue();
        assertEquals(0.01 * moved * moved, penalty.value(policy.parameterView()), 1e-12);
    }

    @Test
    void penalizedAdaptationStaysCloserToTheAnchor() {
        GaussianPolicy policy = policy();
        LearningTask task = FAMILY.sample(new SplittableRandom(1), D);
        MetaLearnerConfig config =
                MetaLearnerConfig.defaults().withInnerLearningRate(0.5).withInnerSteps(10);
        try (MetaLearner<GaussianPolicy> learner = new FirstOrderMaml<>(policy, config)) {
            INDArray anchor = policy.parameters();
            GaussianPolicy free = learner.adapt(task.supportStates(), task.supportActions());
            GaussianPolicy held =
                    learner.adapt(task.supportStates(), task.supportActions(), new L2Consolidation(anchor, 1.0));
            double freeDistance = free.parameterView().sub(anchor).norm2Number().doubleValue();
            double heldDistance = held.parameterView().sub(anchor).norm2Number().doubleValue();
            assertTrue(heldDistance < 0.8 * freeDistance, heldDistance + " vs " + freeDistance);
        }
    }

    /** The per-sample form (any flat-parameter policy) gives the MLP kernel's batched Fisher from one-row losses. */
    @Test
    void ewcFromPerSampleLossesEqualsTheKernelsBatchedFisher() {
        GaussianPolicy policy = policy();
        LearningTask task = FAMILY.sample(new SplittableRandom(4), D);
        EwcConsolidation batched =
                EwcConsolidation.anchoredAt(policy, task.supportStates(), task.supportActions(), 2.0);
        List<ImitationLoss> rows = new java.util.ArrayList<>();
        for (int i = 0; i < task.supportStates().rows(); i++)
            rows.add(new ImitationLoss(
                    policy.config(),
                    D,
                    task.supportStates().getRows(i),
                    task.supportActions().getRows(i)));
        EwcConsolidation perSample = EwcConsolidation.anchoredAt(policy, rows, 2.0);
        assertTrue(perSample.fisher().equalsWithEps(batched.fisher(), 1e-12), "the same Fisher");
        INDArray theta = policy.parameters().addi(0.05);
        assertEquals(batched.value(theta), perSample.value(theta), 1e-12);
        assertThrows(
                IllegalArgumentException.class, () -> EwcConsolidation.anchoredAt(policy, List.<TaskLoss>of(), 1.0));
    }

    @Test
    void ewcWeightsTheAnchorByTheFisherOfTheAnchoredTask() {
        GaussianPolicy policy = policy();
        LearningTask task = FAMILY.sample(new SplittableRandom(2), D);
        EwcConsolidation ewc = EwcConsolidation.anchoredAt(policy, task.supportStates(), task.supportActions(), 2.0);
        INDArray fisher = ewc.fisher();
        INDArray expected = Nd4j.zeros(D, policy.numParameters());
        int n = task.supportStates().rows();
        for (int i = 0; i < n; i++) {
            INDArray g = policy.gradient(
                    task.supportStates().getRows(i), task.supportActions().getRows(i));
            expected.addi(g.muli(g));
        }
        expected.divi(n);
        assertTrue(fisher.equalsWithEps(expected, 1e-12), "Fisher = mean of squared per-sample gradients");

        SplittableRandom rng = new SplittableRandom(3);
        INDArray theta = policy.parameters();
        for (long i = 0; i < theta.length(); i++) theta.putScalar(i, theta.getDouble(i) + 0.1 * rng.nextGaussian());
        INDArray d = theta.sub(policy.parameterView());
        assertEquals(2.0 * d.mul(d).muli(fisher).sumNumber().doubleValue(), ewc.value(theta), 1e-12);
        INDArray gradient = Nd4j.zeros(D, theta.length());
        ewc.addGradient(theta, gradient);
        assertTrue(gradient.equalsWithEps(d.mul(fisher).muli(4.0), 1e-12));
    }

    @Test
    void lambdaMustBeNonNegative() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new L2Consolidation(Nd4j.zeros(D, 3), -1));
        assertTrue(e.getMessage().contains("lambda"));
    }

    /** The penalties run inside inner loops (deployment, the online agent): no ND4J op, so no native garbage. */
    @Test
    void aPenalizedMetaStepExecutesNoNd4jOp() {
        GaussianPolicy policy = policy();
        INDArray fisher = Nd4j.rand(D, policy.numParameters());
        for (ConsolidationPenalty penalty : new ConsolidationPenalty[] {
            L2Consolidation.anchoredAt(policy, 0.1), new EwcConsolidation(policy.parameters(), fisher, 0.1)
        }) {
            try (MetaLearner<GaussianPolicy> learner =
                    new Maml<>(policy.copy(), MetaLearnerConfig.defaults(), penalty)) {
                List<LearningTask> batch = FAMILY.sample(2, new SplittableRandom(7), D);
                learner.metaStep(batch);
                String ops = Nd4jOps.executedBy(() -> learner.metaStep(batch));
                assertNull(ops, penalty.getClass().getSimpleName() + ": " + ops);
            }
        }
    }
}
