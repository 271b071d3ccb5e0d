package org.moca.rl;

import java.util.List;
import java.util.Objects;
import org.moca.policy.Activation;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PPO's critic: a state-value network {@code V(s)}, a tanh MLP with one linear output, trained by least squares
 * {@code L = 1/(2n) sum_i (V(s_i) - R_i)^2} on GAE's targets.
 *
 * <p>Built on the policy's kernel rather than a second hand-written MLP: a {@link GaussianPolicy} with one output and
 * its log-std pinned to 0 ({@code logStdMin = logStdMax = 0}) has mean {@code V(s)} and mean NLL
 * {@code 1/(2n) sum_i (V(s_i) - R_i)^2 + ln(2 pi)/2}, whose gradient is exactly the least-squares gradient — checked
 * again against central differences in this package's tests. A forward and a gradient cost one GEMM pass each.
 */
public final class ValueFunction {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final GaussianPolicy net;

    private ValueFunction(GaussianPolicy net) {
        this.net = net;
    }

    /** A freshly initialized value network (He-uniform hidden weights, zero biases), seeded. */
    public static ValueFunction initialize(int stateDim, List<Integer> hiddenSizes, DataType dataType, long seed) {
        PolicyConfig config = new PolicyConfig(stateDim, hiddenSizes, 1, Activation.TANH, 0.0, 0.0, 0.0);
        return new ValueFunction(GaussianPolicy.initialize(config, dataType, seed));
    }

    /** An independent copy. */
    public ValueFunction copy() {
        return new ValueFunction(net.copy());
    }

    /** {@code V(s_i)} for each row of {@code states} ({@code n x stateDim}). */
    public double[] predict(INDArray states) {
        return net.mean(states).toDoubleVector();
    }

    /** The least-squares loss {@code 1/(2n) sum_i (V(s_i) - R_i)^2}. */
    public double loss(INDArray states, double[] targets) {
        return net.negativeLogLikelihood(states, column(targets, states)) - HALF_LOG_TWO_PI;
    }

    /** Gradient of {@link #loss} with respect to {@link #parameterView()} (a new rank-1 array). */
    public INDArray gradient(INDArray states, double[] targets) {
        return net.gradient(states, column(targets, states));
    }

    /** The live flat parameters: writes change this network. */
    public INDArray parameterView() {
        return net.parameterView();
    }

    public long numParameters() {
        return net.numParameters();
    }

    public DataType dataType() {
        return net.dataType();
    }

    /** True if both networks have equal shapes and bitwise-equal parameters. */
    public boolean sameAs(ValueFunction other) {
        return net.sameAs(other.net);
    }

    private INDArray column(double[] targets, INDArray states) {
        Objects.requireNonNull(targets, "targets");
        if (targets.length != states.rows()) {
            throw new IllegalArgumentException(
                    "targets must have one entry per state row (" + states.rows() + "), got " + targets.length);
        }
        return Nd4j.createFromArray(targets).castTo(net.dataType()).reshape(targets.length, 1);
    }
}
