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

    private static List<AdaptationExample> examples(MetaLearner<GaussianPolicy> learner, List<LearningTask> tasks) {
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
        try (MetaLearner<GaussianPolicy> anil = new Anil(policy, MetaLearnerConfig.defaults())) {
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
        try (MetaLearner<GaussianPolicy> anil = new Anil(policy, MetaLearnerConfig.defaults())) {
            examples = examples(anil, FAMILY.sample(20, new SplittableRandom(2), F));
        }
        HeadHyperNetwork a = new HeadHyperNetwork(policy, HyperNetworkConfig.defaults(), 3);
        HeadHyperNetwork b = new HeadHyperNetwork(policy, HyperNetworkConfig.defaults(), 3);
        assertEquals(a.fit(examples, 20, new SplittableRandom(4)), b.fit(examples, 20, new SplittableRandom(4)));
        assertEquals(
                a.headDelta(examples.get(0).context()),
                b.headDelta(examples.get(0).context()));
    }

    /** A hypernetwork fitted to ANIL's adaptations of 64 sinusoid tasks, and those training examples. */
    private record Fitted(GaussianPolicy policy, HeadHyperNetwork hyper, List<AdaptationExample> train) {}

    private static Fitted fitted(HyperNetworkConfig config) {
        GaussianPolicy policy = GaussianPolicy.initialize(PolicyConfig.of(4, 2, 16, 16), F, 1);
        try (MetaLearner<GaussianPolicy> anil = new Anil(policy, MetaLearnerConfig.defaults())) {
            List<AdaptationExample> train = examples(anil, FAMILY.sample(64, new SplittableRandom(2), F));
            HeadHyperNetwork hyper = new HeadHyperNetwork(policy, config.withLearningRate(3e-3), 4);
            hyper.fit(train, 200, new SplittableRandom(5));
            return new Fitted(policy, hyper, train);
        }
    }

    private static INDArray headChange(GaussianPolicy adapted, GaussianPolicy base) {
        long head = base.layout().headOffset();
        return adapted.parameterView()
                .sub(base.parameterView())
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(
                        head, head + base.layout().headSize()));
    }

    @Test
    void theBoundIsTheScaleTimesTheLargestTrainingDeltaNorm() {
        for (double scale : new double[] {1.0, 0.5}) {
            Fitted f = fitted(HyperNetworkConfig.defaults().withDeltaBoundScale(scale));
            double largest = f.train().stream()
                    .mapToDouble(e -> e.headDelta().norm2Number().doubleValue())
                    .max()
                    .orElseThrow();
            assertEquals(scale * largest, f.hyper().deltaBound(), 1e-6 * largest);
        }
    }

    /**
     * Out of distribution (support states scaled by 10 and 100, far outside the training contexts) the ReLU generator
     * extrapolates linearly; the bound caps what reaches the policy, on the ND4J path and the real-time path alike.
     */
    @Test
    void theBoundHoldsOnOutOfDistributionSupportSets() {
        Fitted f = fitted(HyperNetworkConfig.defaults());
        double bound = f.hyper().deltaBound();
        GaussianPolicy kept = f.policy().copy();
        LearningTask t = FAMILY.sample(new SplittableRandom(11), F);
        for (double factor : new double[] {10, 100}) {
            INDArray states = t.supportStates().mul(factor);
            INDArray context = HeadHyperNetwork.context(states, t.supportActions());
            double unbounded =
                    f.hyper().unboundedHeadDelta(context).norm2Number().doubleValue();
            assertTrue(
                    unbounded > 1.2 * bound,
                    "x" + factor + ": the generator extrapolates, " + unbounded + " vs " + bound);
            double predicted = f.hyper().headDelta(context).norm2Number().doubleValue();
            assertTrue(predicted <= bound * (1 + 1e-5), "x" + factor + ": " + predicted + " > bound " + bound);
            assertEquals(bound, predicted, 1e-4 * bound, "a clipped delta lies on the sphere of radius R");
            double applied = headChange(f.hyper().adapt(states, t.supportActions()), f.policy())
                    .norm2Number()
                    .doubleValue();
            assertTrue(applied <= bound * (1 + 1e-4), "adapt: " + applied + " > bound " + bound);
            f.hyper().adaptInto(states, t.supportActions(), kept);
            double intoKept = headChange(kept, f.policy()).norm2Number().doubleValue();
            assertTrue(intoKept <= bound * (1 + 1e-4), "adaptInto: " + intoKept + " > bound " + bound);
            // the direction is the generator's
            INDArray raw = f.hyper().unboundedHeadDelta(context);
            INDArray got = f.hyper().headDelta(context);
            double cosine = raw.mul(got).sumNumber().doubleValue() / (unbounded * predicted);
            assertEquals(1.0, cosine, 1e-5);
        }
    }

    /** In distribution, where the prediction lies within the training range, the bound changes nothing. */
    @Test
    void anInDistributionPredictionIsUnchangedByTheBound() {
        Fitted f = fitted(HyperNetworkConfig.defaults());
        double bound = f.hyper().deltaBound();
        int inside = 0;
        for (AdaptationExample e : f.train()) {
            INDArray raw = f.hyper().unboundedHeadDelta(e.context());
            if (raw.norm2Number().doubleValue() >= bound) continue;
            inside++;
            assertEquals(raw, f.hyper().headDelta(e.context()), "training example " + inside);
        }
        assertTrue(inside >= f.train().size() / 2, inside + " of " + f.train().size() + " inside the bound");
        // ... and the adapted policy of an in-distribution support set is the base plus the unbounded delta
        LearningTask t = FAMILY.sample(new SplittableRandom(12), F);
        INDArray raw = f.hyper().unboundedHeadDelta(HeadHyperNetwork.context(t.supportStates(), t.supportActions()));
        assertTrue(raw.norm2Number().doubleValue() < bound, "a fresh in-distribution task lies inside the bound");
        INDArray applied = headChange(f.hyper().adapt(t.supportStates(), t.supportActions()), f.policy());
        assertEquals(
                0.0,
                applied.sub(raw).norm2Number().doubleValue(),
                1e-5 * (1 + raw.norm2Number().doubleValue()));
    }

    @Test
    void aBadBoundScaleNamesItsField() {
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> HyperNetworkConfig.defaults().withDeltaBoundScale(bad));
            assertTrue(e.getMessage().startsWith("deltaBoundScale"), e.getMessage());
        }
    }
}
