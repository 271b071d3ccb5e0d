package org.moca.policy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam on a flat parameter vector (D. P. Kingma, J. Ba, "Adam: a method for stochastic optimization", ICLR 2015),
 * in the paper's efficient form: {@code theta -= lr sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps sqrt(1-b2^t))}.
 * Preallocated moments and scratch: a step allocates nothing. O(P) per step.
 */
public final class Adam {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final INDArray m;
    private final INDArray v;
    private final INDArray tmp;
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
        this.tmp = Nd4j.zeros(dataType, size);
    }

    /** One descent step on {@code params} (rank 1, updated in place) along {@code gradient}. */
    public void step(INDArray params, INDArray gradient) {
        t++;
        tmp.assign(gradient).muli(1 - beta1);
        m.muli(beta1).addi(tmp);
        tmp.assign(gradient).muli(gradient).muli(1 - beta2);
        v.muli(beta2).addi(tmp);
        double correction2 = Math.sqrt(1 - Math.pow(beta2, t));
        double stepSize = learningRate * correction2 / (1 - Math.pow(beta1, t));
        tmp.assign(v);
        Transforms.sqrt(tmp, false);
        tmp.addi(epsilon * correction2);
        m.div(tmp, tmp);
        params.subi(tmp.muli(stepSize));
    }

    /** Number of steps taken. */
    public long steps() {
        return t;
    }
}
