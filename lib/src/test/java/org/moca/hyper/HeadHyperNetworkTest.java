package org.moca.hyper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.meta.Anil;
import org.moca.meta.LearningTask;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.meta.SinusoidTaskFamily;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class HeadHyperNetworkTest {
    private static final DataType F = DataType.FLOAT;
    private static final SinusoidTaskFamily FAMILY = new SinusoidTaskFamily(4, 2, 16, 16, 0.05, 9);

    private static List<AdaptationExample> examples(MetaLearner learner, List<LearningTask> tasks) {
        List<AdaptationExample> out = new ArrayList<>();
        for (LearningTask t : tasks) {
            GaussianPolicy adapted = learner.adapt(t.supportStates(), t.supportActions());
            out.add(AdaptationExample.of(learner.policy(), adapted, t.supportStates(), t.supportActions()));
        }
        return out;
    }

    private static double meanSquaredError(HeadHyperNetwork hyper, List<AdaptationExample> examples, boolean zero) {
        double sum = 0;
        for (AdaptationExample e : examples) {
            INDArray predicted = zero ? e.headDelta().mul(0) : hyper.headDelta(e.context());
            INDArray d = predicted.sub(e.headDelta().castTo(predicted.dataType()));
            sum += d.mul(d).meanNumber().doubleValue();
        }
        return sum / examples.size();
    }

    @Test
    void reproducesAdaptedHeadsOnHeldOutTasksBetterThanZeroOrTheMeanDelta() {
        GaussianPolicy policy = GaussianPolicy.initialize(PolicyConfig.of(4, 2, 16, 16), F, 1);
        try (MetaLearner anil = new Anil(policy, MetaLearnerConfig.defaults())) {
            List<AdaptationExample> train = examples(anil, FAMILY.sample(128, new SplittableRandom(2), F));
            List<AdaptationExample> heldOut = examples(anil, FAMILY.sample(40, new SplittableRandom(3), F));
            HeadHyperNetwork hyper =
                    new HeadHyperNetwork(policy, HyperNetworkConfig.defaults().withLearningRate(3e-3), 4);
            hyper.fit(train, 300, new SplittableRandom(5));

            double zero = meanSquaredError(hyper, heldOut, true);
            double learned = meanSquaredError(hyper, heldOut, false);
            INDArray meanDelta = train.get(0).headDelta().mul(0);
            for (AdaptationExample e : train) meanDelta.addi(e.headDelta());
            meanDelta.divi(train.size());
            double constant = 0;
            for (AdaptationExample e : heldOut) {
                INDArray d = e.headDelta().sub(meanDelta);
                constant += d.mul(d).meanNumber().doubleValue() / heldOut.size();
            }
            assertTrue(learned < 0.3 * zero, "held-out MSE " + learned + " vs zero delta " + zero);
            assertTrue(learned < 0.5 * constant, "held-out MSE " + learned + " vs mean delta " + constant);

            // amortized adaptation only moves the head, by the predicted delta
            LearningTask t = FAMILY.sample(new SplittableRandom(6), F);
            GaussianPolicy adapted = hyper.adapt(t.supportStates(), t.supportActions());
            INDArray change = adapted.parameterView().sub(policy.parameterView());
            long head = policy.layout().headOffset();
            assertEquals(
                    0.0,
                    change.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, head))
                            .norm2Number()
                            .doubleValue(),
                    0.0);
            // ... and the real-time path (DenseOps on kept buffers) gives what the ND4J path gives, call after call
            INDArray want = hyper.headDelta(HeadHyperNetwork.context(t.supportStates(), t.supportActions()));
            for (int call = 0; call < 3; call++) {
                GaussianPolicy again = hyper.adapt(t.supportStates(), t.supportActions());
                INDArray got = again.parameterView()
                        .sub(policy.parameterView())
                        .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(
                                head, head + policy.layout().headSize()));
                assertEquals(
                        0.0,
                        got.sub(want).norm2Number().doubleValue(),
                        1e-5 * (1 + want.norm2Number().doubleValue()));
            }
            LearningTask other = FAMILY.sample(new SplittableRandom(7), F);
            INDArray otherWant =
                    hyper.headDelta(HeadHyperNetwork.context(other.supportStates(), other.supportActions()));
            INDArray otherGot = hyper.adapt(other.supportStates(), other.supportActions())
                    .parameterView()
                    .sub(policy.parameterView())
                    .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(
                            head, head + policy.layout().headSize()));
            assertEquals(
                    0.0,
                    otherGot.sub(otherWant).norm2Number().doubleValue(),
                    1e-5 * (1 + otherWant.norm2Number().doubleValue()));
        }
    }

    @Test
    void mustBeFittedBeforeUse() {
        GaussianPolicy policy = GaussianPolicy.initialize(PolicyConfig.of(4, 2, 8), F, 1);
        HeadHyperNetwork hyper = new HeadHyperNetwork(policy, HyperNetworkConfig.defaults(), 2);
        LearningTask t = FAMILY.sample(new SplittableRandom(1), F);
        assertThrows(IllegalStateException.class, () -> hyper.adapt(t.supportStates(), t.supportActions()));
    }

    @Test
    void sameSeedSameTraining() {
        GaussianPolicy policy = GaussianPolicy.initialize(PolicyConfig.of(4, 2, 8), F, 1);
        List<AdaptationExample> examples;
        try (MetaLearner anil = new Anil(policy, MetaLearnerConfig.defaults())) {
            examples = examples(anil, FAMILY.sample(20, new SplittableRandom(2), F));
        }
        HeadHyperNetwork a = new HeadHyperNetwork(policy, HyperNetworkConfig.defaults(), 3);
        HeadHyperNetwork b = new HeadHyperNetwork(policy, HyperNetworkConfig.defaults(), 3);
        assertEquals(a.fit(examples, 20, new SplittableRandom(4)), b.fit(examples, 20, new SplittableRandom(4)));
        assertEquals(
                a.headDelta(examples.get(0).context()),
                b.headDelta(examples.get(0).context()));
    }
}
