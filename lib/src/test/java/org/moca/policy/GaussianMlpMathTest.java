package org.moca.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.moca.policy.PolicyTestData.direction;
import static org.moca.policy.PolicyTestData.gaussian;
import static org.moca.policy.PolicyTestData.relativeError;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Numerical checks, in double precision, of every derivative the kernel composes by hand. */
class GaussianMlpMathTest {
    private static final DataType D = DataType.DOUBLE;

    private static PolicyConfig small(Activation activation) {
        return new PolicyConfig(5, List.of(7, 6), 3, activation, -2.0, 1.0, -0.3);
    }

    /** Policy with a log-std away from zero so that its tanh parametrization is exercised. */
    private static GaussianPolicy policy(Activation activation, long seed) {
        GaussianPolicy p = GaussianPolicy.initialize(small(activation), D, seed);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        p.parameterViews().logStd().assign(direction(D, 3, rng).muli(0.5).reshape(1, 3));
        p.parameterViews().biases()[0].assign(direction(D, 7, rng).muli(0.1).reshape(1, 7));
        return p;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientMatchesCentralDifferences(Activation activation) {
        GaussianPolicy p = policy(activation, 11);
        SplittableRandom rng = new SplittableRandom(3);
        INDArray x = gaussian(D, 9, 5, rng);
        INDArray y = gaussian(D, 9, 3, rng);
        INDArray analytic = p.gradient(x, y);
        INDArray numeric = Nd4j.zeros(D, p.numParameters());
        INDArray theta = p.parameters();
        double eps = 1e-6;
        for (long i = 0; i < theta.length(); i++) {
            double old = theta.getDouble(i);
            theta.putScalar(i, old + eps);
            p.setParameters(theta);
            double plus = p.negativeLogLikelihood(x, y);
            theta.putScalar(i, old - eps);
            p.setParameters(theta);
            double minus = p.negativeLogLikelihood(x, y);
            theta.putScalar(i, old);
            numeric.putScalar(i, (plus - minus) / (2 * eps));
        }
        p.setParameters(theta);
        assertTrue(relativeError(analytic, numeric) < 1e-7, "relative error " + relativeError(analytic, numeric));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void hessianVectorProductMatchesDifferencesOfGradients(Activation activation) {
        GaussianPolicy p = policy(activation, 12);
        SplittableRandom rng = new SplittableRandom(4);
        INDArray x = gaussian(D, 8, 5, rng);
        INDArray y = gaussian(D, 8, 3, rng);
        INDArray v = direction(D, p.numParameters(), rng);
        GaussianMlpMath k = p.kernel();
        ParameterLayout layout = p.layout();
        GaussianMlpMath.Tape tape = k.newTape(8);
        INDArray grad = Nd4j.zeros(D, layout.size());
        k.lossAndGradient(p.parameterViews(), x, y, tape, layout.views(grad));
        INDArray hv = Nd4j.zeros(D, layout.size());
        k.hessianVectorProduct(p.parameterViews(), tape, layout.views(v), layout.views(hv));

        double eps = 1e-5;
        INDArray theta = p.parameters();
        GaussianPolicy plus = GaussianPolicy.fromParameters(p.config(), D, theta.add(v.mul(eps)));
        GaussianPolicy minus = GaussianPolicy.fromParameters(p.config(), D, theta.sub(v.mul(eps)));
        INDArray numeric = plus.gradient(x, y).subi(minus.gradient(x, y)).divi(2 * eps);
        assertTrue(relativeError(hv, numeric) < 1e-6, "relative error " + relativeError(hv, numeric));
    }

    @Test
    void fisherIsMeanOfSquaredPerSampleGradientsNotSquaredMean() {
        GaussianPolicy p = policy(Activation.RELU, 13);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 6;
        INDArray x = gaussian(D, n, 5, rng);
        INDArray y = gaussian(D, n, 3, rng);
        INDArray expected = Nd4j.zeros(D, p.numParameters());
        for (int i = 0; i < n; i++) {
            INDArray gi = p.gradient(x.getRows(i), y.getRows(i));
            expected.addi(gi.mul(gi));
        }
        expected.divi(n);
        INDArray fisher = p.kernel().fisherDiagonal(p.parameterViews(), x, y);
        assertTrue(relativeError(fisher, expected) < 1e-10, "relative error " + relativeError(fisher, expected));

        INDArray meanGradient = p.gradient(x, y);
        INDArray squaredMean = meanGradient.mul(meanGradient);
        assertTrue(relativeError(squaredMean, expected) > 0.1, "the two estimates must differ on this case");
    }

    @Test
    void lossIsGaussianNllAveragedOverSamplesAndDimensions() {
        GaussianPolicy p = policy(Activation.RELU, 14);
        SplittableRandom rng = new SplittableRandom(6);
        INDArray x = gaussian(D, 4, 5, rng);
        INDArray y = gaussian(D, 4, 3, rng);
        INDArray mean = p.mean(x);
        INDArray s = p.logStd();
        double total = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                double sd = Math.exp(s.getDouble(0, j));
                double z = (y.getDouble(i, j) - mean.getDouble(i, j)) / sd;
                total += 0.5 * z * z + Math.log(sd) + 0.5 * Math.log(2 * Math.PI);
            }
        }
        assertEquals(total / 12, p.negativeLogLikelihood(x, y), 1e-12);
        assertEquals(-total, p.logLikelihood(x, y).sumNumber().doubleValue(), 1e-10);
    }
}
