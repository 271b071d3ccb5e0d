package org.moca.policy;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small seeded inputs for the policy tests. */
final class PolicyTestData {
    private PolicyTestData() {}

    static INDArray gaussian(DataType type, int rows, int cols, SplittableRandom rng) {
        double[][] data = new double[rows][cols];
        for (double[] row : data) {
            for (int j = 0; j < cols; j++) row[j] = rng.nextGaussian();
        }
        return Nd4j.createFromArray(data).castTo(type);
    }

    /** Random direction in parameter space, as a fresh rank-1 array. */
    static INDArray direction(DataType type, long length, SplittableRandom rng) {
        double[] d = new double[Math.toIntExact(length)];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextGaussian();
        return Nd4j.createFromArray(d).castTo(type);
    }

    static double relativeError(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue()
                / Math.max(
                        1e-300,
                        Math.max(a.norm2Number().doubleValue(), b.norm2Number().doubleValue()));
    }
}
