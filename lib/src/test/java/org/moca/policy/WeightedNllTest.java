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

    /** Signed weights, as PPO's advantages give. */
    private static INDArray weights(int n, SplittableRandom rng) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = rng.nextDouble(-1, 1);
        return Nd4j.createFromArray(w);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void valueIsMinusWeightedSumOfLogLikelihoods(Activation activation) {
        GaussianPolicy p = policy(activation, 5);
        SplittableRandom rng = new SplittableRandom(1);
        INDArray x = gaussian(D, 9, 5, rng);
        INDArray y = gaussian(D, 9, 3, rng);
        INDArray w = weights(9, rng);
        double expected = -p.logLikelihood(x, y).mul(w).sumNumber().doubleValue();
        assertEquals(expected, p.weightedNll(x, y, w, null), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientMatchesCentralDifferences(Activation activation) {
        GaussianPolicy p = policy(activation, 6);
        SplittableRandom rng = new SplittableRandom(2);
        INDArray x = gaussian(D, 9, 5, rng);
        INDArray y = gaussian(D, 9, 3, rng);
        INDArray w = weights(9, rng);
        INDArray analytic = Nd4j.zeros(D, p.numParameters());
        p.weightedNll(x, y, w, analytic);
        INDArray theta = p.parameters();
        INDArray numeric = Nd4j.zeros(D, p.numParameters());
        double eps = 1e-6;
        for (long i = 0; i < theta.length(); i++) {
            double old = theta.getDouble(i);
            theta.putScalar(i, old + eps);
            p.setParameters(theta);
            double plus = p.weightedNll(x, y, w, null);
            theta.putScalar(i, old - eps);
            p.setParameters(theta);
            double minus = p.weightedNll(x, y, w, null);
            theta.putScalar(i, old);
            numeric.putScalar(i, (plus - minus) / (2 * eps));
        }
        p.setParameters(theta);
        assertTrue(relativeError(analytic, numeric) < 1e-7, "relative error " + relativeError(analytic, numeric));
    }

    @Test
    void uniformWeightsGiveTheMeanNllGradient() {
        GaussianPolicy p = policy(Activation.RELU, 7);
        SplittableRandom rng = new SplittableRandom(3);
        INDArray x = gaussian(D, 8, 5, rng);
        INDArray y = gaussian(D, 8, 3, rng);
        INDArray weighted = Nd4j.zeros(D, p.numParameters());
        p.weightedNll(x, y, Nd4j.ones(D, 8).divi(8 * 3), weighted);
        assertTrue(relativeError(weighted, p.gradient(x, y)) < 1e-12);
    }

    @Test
    void zeroWeightsGiveZeroGradientAndMismatchedWeightsFail() {
        GaussianPolicy p = policy(Activation.TANH, 8);
        SplittableRandom rng = new SplittableRandom(4);
        INDArray x = gaussian(D, 4, 5, rng);
        INDArray y = gaussian(D, 4, 3, rng);
        INDArray g = Nd4j.ones(D, p.numParameters());
        p.weightedNll(x, y, Nd4j.zeros(D, 4), g);
        assertEquals(0.0, g.norm2Number().doubleValue(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> p.weightedNll(x, y, Nd4j.zeros(D, 3), null));
        assertThrows(IllegalArgumentException.class,
                () -> p.weightedNll(x, y, Nd4j.zeros(D, 4), Nd4j.zeros(DataType.FLOAT, p.numParameters())));
    }
}
