package org.moca.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.moca.policy.PolicyTestData.gaussian;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The vector-Jacobian product of the mean against central differences, in double precision. */
class MeanBackwardTest {
    private static final DataType D = DataType.DOUBLE;

    private static GaussianPolicy policy(Activation activation) {
        PolicyConfig config = new PolicyConfig(5, java.util.List.of(7, 6), 3, activation, -2.0, 1.0, -0.3);
        GaussianPolicy p = GaussianPolicy.initialize(config, D, 41);
        // nonzero biases keep the ReLU units away from their kink at the test points
        SplittableRandom rng = new SplittableRandom(42);
        for (INDArray b : p.parameterViews().biases()) {
            for (long j = 0; j < b.length(); j++) b.putScalar(j, rng.nextDouble(-0.5, 0.5));
        }
        return p;
    }

    /** {@code sum_ij C_ij mean(X)_ij}. */
    private static double objective(GaussianPolicy p, INDArray x, INDArray c) {
        return p.mean(x).mul(c).sumNumber().doubleValue();
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void parameterAndInputGradientsMatchCentralDifferences(Activation activation) {
        GaussianPolicy p = policy(activation);
        SplittableRandom rng = new SplittableRandom(43);
        INDArray x = gaussian(D, 4, 5, rng), c = gaussian(D, 4, 3, rng);
        INDArray grad = Nd4j.zeros(D, p.numParameters());
        INDArray dx = p.meanBackward(x, c, grad);
        INDArray theta = p.parameterView();
        double h = 1e-6;
        for (long i = 0; i < theta.length(); i++) {
            double keep = theta.getDouble(i);
            theta.putScalar(i, keep + h);
            double up = objective(p, x, c);
            theta.putScalar(i, keep - h);
            double down = objective(p, x, c);
            theta.putScalar(i, keep);
            assertEquals((up - down) / (2 * h), grad.getDouble(i), 1e-7, "parameter " + i);
        }
        long logStd = p.layout().logStdOffset();
        for (int j = 0; j < 3; j++) assertEquals(0.0, grad.getDouble(logStd + j), "the mean ignores the log-std");
        for (int r = 0; r < 4; r++) {
            for (int i = 0; i < 5; i++) {
                double keep = x.getDouble(r, i);
                x.putScalar(r, i, keep + h);
                double up = objective(p, x, c);
                x.putScalar(r, i, keep - h);
                double down = objective(p, x, c);
                x.putScalar(r, i, keep);
                assertEquals((up - down) / (2 * h), dx.getDouble(r, i), 1e-7, "input " + r + "," + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void theKernelCanSkipEitherOutput(Activation activation) {
        GaussianPolicy p = policy(activation);
        SplittableRandom rng = new SplittableRandom(44);
        INDArray x = gaussian(D, 3, 5, rng), c = gaussian(D, 3, 3, rng);
        INDArray full = Nd4j.zeros(D, p.numParameters());
        INDArray dx = p.meanBackward(x, c, full);
        GaussianMlpMath k = p.kernel();
        GaussianMlpMath.Tape tape = k.newTape(3);
        k.forwardMean(p.parameterViews(), x, tape);
        INDArray onlyInput = Nd4j.zeros(D, 3, 5);
        k.meanBackward(p.parameterViews(), tape, c, null, onlyInput);
        assertEquals(0.0, onlyInput.sub(dx).amaxNumber().doubleValue(), 1e-15);
        k.forwardMean(p.parameterViews(), x, tape);
        INDArray onlyParameters = Nd4j.zeros(D, p.numParameters());
        k.meanBackward(p.parameterViews(), tape, c, p.layout().views(onlyParameters), null);
        assertEquals(0.0, onlyParameters.sub(full).amaxNumber().doubleValue(), 1e-15);
        assertThrows(
                IllegalArgumentException.class,
                () -> k.meanBackward(p.parameterViews(), tape, Nd4j.zeros(D, 2, 3), null, null));
    }
}
