package org.moca.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParameterLayout;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Behaviour every {@link MetaLearner} must show (learn2learn's tests): a clone equals its parent, adapt lowers the
 * support loss and leaves the parent alone, the meta-gradient reaches every meta-parameter tensor, the loss is a mean
 * over tasks, meta-training beats a random initialization after 5 inner steps, runs are deterministic.
 * One ten-line subclass per implementation.
 */
abstract class MetaLearnerContractTest {
    static final DataType F = DataType.FLOAT;
    static final PolicyConfig SMALL = PolicyConfig.of(4, 2, 32, 32);
    static final SinusoidTaskFamily FAMILY = new SinusoidTaskFamily(4, 2, 10, 10, 0.05, 3);

    abstract MetaLearner<GaussianPolicy> create(GaussianPolicy policy, MetaLearnerConfig config);

    MetaLearnerConfig config() {
        return MetaLearnerConfig.defaults().withOuterLearningRate(0.003);
    }

    private MetaLearner<GaussianPolicy> fresh(long seed) {
        return create(GaussianPolicy.initialize(SMALL, F, seed), config());
    }

    @Test
    void cloneEqualsParentAndAdaptLeavesTheParentAlone() {
        try (MetaLearner<GaussianPolicy> learner = fresh(1)) {
            GaussianPolicy before = learner.policy().copy();
            assertTrue(before.sameAs(learner.policy()));
            LearningTask task = FAMILY.sample(new SplittableRandom(2), F);
            GaussianPolicy adapted = learner.adapt(task.supportStates(), task.supportActions());
            assertTrue(before.sameAs(learner.policy()), "adapt must not touch the meta-parameters");
            assertFalse(adapted.sameAs(learner.policy()));
        }
    }

    @Test
    void adaptLowersTheSupportLoss() {
        try (MetaLearner<GaussianPolicy> learner = fresh(2)) {
            LearningTask task = FAMILY.sample(new SplittableRandom(3), F);
            double before = learner.policy().negativeLogLikelihood(task.supportStates(), task.supportActions());
            GaussianPolicy adapted = learner.adapt(task.supportStates(), task.supportActions());
            double after = adapted.negativeLogLikelihood(task.supportStates(), task.supportActions());
            assertTrue(after < before, "support loss " + before + " -> " + after);
        }
    }

    /** Regression: the author's outer step updated nothing (the adapted copy was detached from the meta-parameters). */
    @Test
    void metaStepReachesEveryMetaParameterTensor() {
        try (MetaLearner<GaussianPolicy> learner = fresh(3)) {
            INDArray before = learner.policy().parameters();
            learner.metaStep(FAMILY.sample(4, new SplittableRandom(4), F));
            INDArray change = learner.policy().parameters().subi(before);
            ParameterLayout layout = learner.policy().layout();
            for (int l = 0; l < layout.layers(); l++) {
                assertTrue(layout.views(change).weights()[l].norm2Number().doubleValue() > 0, "layer " + l + " W");
                assertTrue(layout.views(change).biases()[l].norm2Number().doubleValue() > 0, "layer " + l + " b");
            }
            assertTrue(layout.views(change).logStd().norm2Number().doubleValue() > 0, "log-std");
        }
    }

    /** Regression: the author summed the meta-loss, so its scale grew with the meta-batch. */
    @Test
    void metaLossAndGradientAreMeansOverTheBatch() {
        try (MetaLearner<GaussianPolicy> learner = fresh(4)) {
            LearningTask task = FAMILY.sample(new SplittableRandom(5), F);
            MetaGradient one = learner.metaGradient(List.of(task));
            MetaGradient three = learner.metaGradient(List.of(task, task, task));
            assertEquals(one.meanQueryLoss(), three.meanQueryLoss(), 1e-6);
            assertTrue(one.gradient().equalsWithEps(three.gradient(), 1e-6));
        }
    }

    @Test
    void afterMetaTrainingFiveInnerStepsBeatARandomInitialization() {
        SplittableRandom rng = new SplittableRandom(6);
        List<LearningTask> heldOut = FAMILY.sample(16, new SplittableRandom(99), F);
        try (MetaLearner<GaussianPolicy> trained = fresh(5);
                MetaLearner<GaussianPolicy> random = fresh(5)) {
            for (int i = 0; i < 150; i++) {
                trained.metaStep(FAMILY.sample(4, rng, F));
            }
            double fromTrained = meanAdaptedQueryLoss(trained, heldOut);
            double fromRandom = meanAdaptedQueryLoss(random, heldOut);
            assertTrue(
                    fromTrained < fromRandom - 0.1,
                    "query loss after 5 steps: meta-trained " + fromTrained + " vs random init " + fromRandom);
        }
    }

    @Test
    void sameSeedSameWeightsAfterTrainingWithAnyNumberOfWorkers() {
        GaussianPolicy a = GaussianPolicy.initialize(SMALL, F, 7);
        GaussianPolicy b = GaussianPolicy.initialize(SMALL, F, 7);
        try (MetaLearner<GaussianPolicy> one = create(a, config());
                MetaLearner<GaussianPolicy> two = create(b, config().withWorkers(2))) {
            SplittableRandom ra = new SplittableRandom(8);
            SplittableRandom rb = new SplittableRandom(8);
            for (int i = 0; i < 5; i++) {
                one.metaStep(FAMILY.sample(4, ra, F));
                two.metaStep(FAMILY.sample(4, rb, F));
            }
        }
        assertTrue(a.sameAs(b));
    }

    static double meanAdaptedQueryLoss(MetaLearner<GaussianPolicy> learner, List<LearningTask> tasks) {
        double sum = 0;
        for (LearningTask t : tasks) {
            sum += learner.adapt(t.supportStates(), t.supportActions())
                    .negativeLogLikelihood(t.queryStates(), t.queryActions());
        }
        return sum / tasks.size();
    }

    /**
     * Flat resident memory: in ND4J 1.0.0-M2.1 every executed op leaves native memory behind until the garbage
     * collector frees its Java owner, which made RSS climb by gigabytes over a long meta-training run. So the hot
     * path runs on {@link org.moca.policy.DenseOps} only; this counts ND4J op executions (its profiler sees every
     * one, see {@link Nd4jOps}) over two meta-steps after a warm-up step, single- and multi-threaded.
     */
    @Test
    void aMetaStepExecutesNoNd4jOp() {
        for (int workers : new int[] {1, 2}) {
            try (MetaLearner<GaussianPolicy> learner =
                    create(GaussianPolicy.initialize(SMALL, F, 9), config().withWorkers(workers))) {
                List<LearningTask> batch = FAMILY.sample(4, new SplittableRandom(10), F);
                learner.metaStep(batch);
                String ops = Nd4jOps.executedBy(() -> {
                    learner.metaStep(batch);
                    learner.metaStep(batch);
                });
                assertNull(ops, "ND4J ops executed by two meta-steps with " + workers + " workers: " + ops);
            }
        }
    }
}
