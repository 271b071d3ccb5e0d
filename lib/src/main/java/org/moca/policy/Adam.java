package org.moca.policy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam on a flat parameter vector (D. P. Kingma, J. Ba, "Adam: a method for stochastic optimization", ICLR 2015),
 * in the paper's efficient form: {@code theta -= lr sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps sqrt(1-b2^t))}.
 * Preallocated moments, one fused loop: a step allocates nothing. O(P) per step.
 */
public final class Adam {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final INDArray m;
    private final INDArray v;
    private long t;

    public Adam(long size, DataType dataType, double learningRate, double beta1, double beta2, double epsilon) {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(epsilon > 0)) throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = Nd4j.zeros(dataType, size);
        this.v = Nd4j.zeros(dataType, size);
    }

    /** One descent step on {@code params} (rank 1, contiguous, updated in place) along {@code gradient}. */
    public void step(INDArray params, INDArray gradient) {
        t++;
        double correction2 = Math.sqrt(1 - Math.pow(beta2, (double) t));
        double stepSize = learningRate * correction2 / (1 - Math.pow(beta1, (double) t));
        // one fused pass over native memory: ND4J ops would allocate native op state on every call (see DenseOps)
        if (DenseOps.dense(params) != params) {
            throw new IllegalArgumentException("params must be a contiguous vector (it is updated in place)");
        }
        INDArray g = DenseOps.dense(gradient);
        if (g.length() != params.length()) {
            throw new IllegalArgumentException("gradient must have length " + params.length() + ", got " + g.length());
        }
        if (g.dataType() != params.dataType()) {
            g = g.castTo(params.dataType());
        }
        DenseOps.adamUpdate(params, g, m, v, beta1, beta2, stepSize, epsilon * correction2);
    }

    /** Number of steps taken. */
    public long steps() {
        return t;
    }
}
