package org.moca.meta;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link TaskLoss} computed on plain {@code double[]} parameter vectors (the graph policy's arithmetic): the
 * {@link INDArray} form, which the learners call, converts to and from it.
 */
public interface ArrayTaskLoss extends TaskLoss {

    /** The loss at {@code theta} and, into {@code gradient} if non-null (same length, overwriting), its gradient. */
    double lossAndGradient(double[] theta, double[] gradient);

    @Override
    default double lossAndGradient(INDArray theta, INDArray gradient) {
        double[] g = gradient == null ? null : new double[(int) theta.length()];
        double loss = lossAndGradient(theta.toDoubleVector(), g);
        if (gradient != null) gradient.assign(Nd4j.createFromArray(g).castTo(gradient.dataType()));
        return loss;
    }
}
