package org.moca.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.moca.policy.PolicyTestData.gaussian;
import static org.moca.policy.PolicyTestData.relativeError;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightedNllTest {
    private static final DataType D = DataType.DOUBLE;

    private static GaussianPolicy policy(Activation activation, long seed) {
        PolicyConfig config = new PolicyConfig(5, java.util.List.of(7, 6), 3, activation, -2.0, 1.0, -0.3);
        GaussianPolicy p = GaussianPolicy.initialize(config, D, seed);
        // move log-std off its initial value so its gradient is exercised away from a symmetric point
        p.parameterViews().logStd().assign(Nd4j.createFromArray(new double[][] {{0.4, -0.7, 0.1}}));
        return p;
    }

    private static INDArray weights(int n, SplittableRandom rng) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = rng.nextDouble(-1, 1);
        return Nd4j.createFromArray(w);
    }

    /** A policy, states, actions and signed weights (as PPO's advantages give). */
    private record Case(GaussianPolicy p, INDArray x, INDArray y, INDArray w) {
        static Case of(Activation activation, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            return new Case(policy(activation, seed), gaussian(D, 9, 5, rng), gaussian(D, 9, 3, rng), weights(9, rng));
        }

        double loss() {
            return p.weightedNll(x, y, w, null);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void valueIsMinusWeightedSumOfLogLikelihoods(Activation activation) {
        Case c = Case.of(activation, 5);
        double expected =
                -c.p().logLikelihood(c.x(), c.y()).mul(c.w()).sumNumber().doubleValue();
        assertEquals(expected, c.loss(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientMatchesCentralDifferences(Activation activation) {
        Case c = Case.of(activation, 6);
        INDArray analytic = Nd4j.zeros(D, c.p().numParameters());
        c.p().weightedNll(c.x(), c.y(), c.w(), analytic);
        INDArray live = c.p().parameterView();
        INDArray numeric = Nd4j.zeros(D, live.length());
        double eps = 1e-6;
        for (long i = 0; i < live.length(); i++) {
            double at = live.getDouble(i);
            live.putScalar(i, at + eps);
            double up = c.loss();
            live.putScalar(i, at - eps);
            numeric.putScalar(i, (up - c.loss()) / (2 * eps));
            live.putScalar(i, at);
        }
        assertTrue(relativeError(analytic, numeric) < 1e-7, "relative error " + relativeError(analytic, numeric));
    }

    /** Regression: weightedNll read the lazily made parameter views without making them (NPE on a fresh copy). */
    @Test
    void worksAsTheFirstCallOnAFreshPolicy() {
        Case c = Case.of(Activation.RELU, 8);
        GaussianPolicy fresh = c.p().copy();
        assertEquals(c.loss(), fresh.weightedNll(c.x(), c.y(), c.w(), null), 0.0);
    }

    @Test
    void uniformWeightsGiveTheMeanNllGradient() {
        Case c = Case.of(Activation.RELU, 7);
        INDArray weighted = Nd4j.zeros(D, c.p().numParameters());
        c.p().weightedNll(c.x(), c.y(), Nd4j.ones(D, 9).divi(9 * 3), weighted);
        assertTrue(relativeError(weighted, c.p().gradient(c.x(), c.y())) < 1e-12);
    }

    @Test
    void zeroWeightsGiveZeroGradientAndMismatchedWeightsFail() {
        Case c = Case.of(Activation.TANH, 8);
        GaussianPolicy p = c.p();
        INDArray g = Nd4j.ones(D, p.numParameters());
        p.weightedNll(c.x(), c.y(), Nd4j.zeros(D, 9), g);
        assertEquals(0.0, g.norm2Number().doubleValue(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> p.weightedNll(c.x(), c.y(), Nd4j.zeros(D, 3), null));
        assertThrows(
                IllegalArgumentException.class,
                () -> p.weightedNll(c.x(), c.y(), Nd4j.zeros(D, 9), Nd4j.zeros(DataType.FLOAT, p.numParameters())));
    }
}
