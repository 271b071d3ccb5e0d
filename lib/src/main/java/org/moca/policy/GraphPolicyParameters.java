package org.moca.policy;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link GraphPolicy}'s parameter vector held as a {@link ParametricPolicy}, so the meta-learners and consolidation
 * penalties run on the graph policy as they do on the MLP. The vector is in double precision (the graph policy's
 * arithmetic); it is not tied to a network: {@link #mean} takes the network's {@link GraphStructure} per call.
 */
public final class GraphPolicyParameters implements ParametricPolicy<GraphPolicyParameters> {

    private final GraphPolicy function;
    private final INDArray theta;

    private GraphPolicyParameters(GraphPolicy function, INDArray theta) {
        this.function = function;
        this.theta = theta;
    }

    /** {@code function}'s fresh parameters from {@code seed} ({@link GraphPolicy#initialParameters}). */
    public static GraphPolicyParameters initialize(GraphPolicy function, long seed) {
        Objects.requireNonNull(function, "function");
        return new GraphPolicyParameters(function, Nd4j.createFromArray(function.initialParameters(seed)));
    }

    /** {@code function} with a copy of {@code theta}. */
    public static GraphPolicyParameters of(GraphPolicy function, INDArray theta) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(theta, "theta");
        if (theta.length() != function.numParameters())
            throw new IllegalArgumentException("graph policy parameters must have length " + function.numParameters()
                    + " (" + function.config() + "), got " + theta.length());
        return new GraphPolicyParameters(
                function, theta.reshape(theta.length()).castTo(DataType.DOUBLE).dup());
    }

    /** The network-independent function these parameters are for. */
    public GraphPolicy function() {
        return function;
    }

    /** The mean action in {@code state} (a {@link org.moca.sim.StateEncoder} vector of {@code graph}'s network). */
    public double[] mean(GraphStructure graph, double[] state) {
        return function.mean(theta.toDoubleVector(), graph, state);
    }

    @Override
    public long numParameters() {
        return function.numParameters();
    }

    @Override
    public DataType dataType() {
        return DataType.DOUBLE;
    }

    @Override
    public INDArray parameterView() {
        return theta;
    }

    @Override
    public INDArray parameters() {
        return theta.dup();
    }

    @Override
    public GraphPolicyParameters withParameters(INDArray parameters) {
        return of(function, parameters);
    }
}
