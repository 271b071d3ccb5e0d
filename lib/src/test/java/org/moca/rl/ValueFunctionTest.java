package org.moca.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.policy.Adam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ValueFunctionTest {

    private static INDArray states(int n, int d, SplittableRandom rng) {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, n, d);
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x.putScalar(i, j, rng.nextGaussian());
        return x;
    }

    @Test
    void lossIsHalfMeanSquaredError() {
        ValueFunction v = ValueFunction.initialize(3, List.of(5), DataType.DOUBLE, 1);
        SplittableRandom rng = new SplittableRandom(2);
        INDArray x = states(6, 3, rng);
        double[] targets = {1, -1, 0.5, 2, 0, -0.3};
        double[] pred = v.predict(x);
        double expected = 0;
        for (int i = 0; i < 6; i++) expected += (pred[i] - targets[i]) * (pred[i] - targets[i]) / 12;
        assertEquals(expected, v.loss(x, targets), 1e-12);
    }

    @Test
    void gradientMatchesCentralDifferences() {
        ValueFunction v = ValueFunction.initialize(4, List.of(7, 5), DataType.DOUBLE, 3);
        SplittableRandom rng = new SplittableRandom(4);
        INDArray x = states(9, 4, rng);
        double[] targets = new double[9];
        for (int i = 0; i < 9; i++) targets[i] = 2 * rng.nextGaussian();
        INDArray analytic = v.gradient(x, targets);
        INDArray theta = v.parameterView();
        double eps = 1e-6;
        INDArray numeric = Nd4j.zeros(DataType.DOUBLE, v.numParameters());
        for (long i = 0; i < theta.length(); i++) {
            double t = theta.getDouble(i);
            theta.putScalar(i, t + eps);
            double plus = v.loss(x, targets);
            theta.putScalar(i, t - eps);
            double minus = v.loss(x, targets);
            theta.putScalar(i, t);
            numeric.putScalar(i, (plus - minus) / (2 * eps));
        }
        double error = analytic.sub(numeric).norm2Number().doubleValue()
                / Math.max(
                        1e-12,
                        analytic.norm2Number().doubleValue()
                                + numeric.norm2Number().doubleValue());
        assertTrue(error < 1e-7, "relative error " + error);
    }

    @Test
    void adamOnTheGradientFitsTargets() {
        ValueFunction v = ValueFunction.initialize(2, List.of(16), DataType.DOUBLE, 5);
        SplittableRandom rng = new SplittableRandom(6);
        INDArray x = states(32, 2, rng);
        double[] targets = new double[32];
        for (int i = 0; i < 32; i++) targets[i] = x.getDouble(i, 0) - 0.5 * x.getDouble(i, 1);
        double before = v.loss(x, targets);
        Adam adam = new Adam(v.numParameters(), DataType.DOUBLE, 1e-2, 0.9, 0.999, 1e-8);
        for (int k = 0; k < 300; k++) adam.step(v.parameterView(), v.gradient(x, targets));
        assertTrue(v.loss(x, targets) < 0.05 * before, before + " -> " + v.loss(x, targets));
    }

    @Test
    void targetsMustMatchRows() {
        ValueFunction v = ValueFunction.initialize(2, List.of(3), DataType.DOUBLE, 1);
        assertThrows(IllegalArgumentException.class, () -> v.loss(Nd4j.zeros(DataType.DOUBLE, 3, 2), new double[2]));
    }
}
