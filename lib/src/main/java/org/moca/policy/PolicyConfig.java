package org.moca.policy;

import java.util.List;

/**
 * Shape and log-std bounds of a {@link GaussianPolicy}.
 *
 * <p>The standard deviation is {@code exp(s)} per action dimension with
 * {@code s = (logStdMax + logStdMin)/2 + (logStdMax - logStdMin)/2 * tanh(rho)}, {@code rho} the learnable parameter.
 * The author's sketch leaves {@code s} unconstrained; since the NLL's gradient with respect to the mean scales with
 * {@code exp(-2 s)}, an unbounded {@code s} lets the inner SGD step size explode. With the defaults
 * ({@code s} in [-2, 1]) that factor is at most {@code e^4 ~ 55}.
 *
 * @param stateDim      width of the state vector (input)
 * @param hiddenSizes   widths of the hidden layers, in order (may be empty: a linear policy)
 * @param actionDim     width of the action vector (output mean and log-std)
 * @param activation    hidden-layer nonlinearity
 * @param logStdMin     lower bound of the log-std
 * @param logStdMax     upper bound of the log-std; equal to {@code logStdMin} gives a fixed std
 * @param initialLogStd log-std at initialization, strictly inside the bounds (or equal to them when they coincide)
 */
public record PolicyConfig(
        int stateDim,
        List<Integer> hiddenSizes,
        int actionDim,
        Activation activation,
        double logStdMin,
        double logStdMax,
        double initialLogStd) {

    public PolicyConfig {
        if (stateDim < 1) throw new IllegalArgumentException("stateDim must be >= 1, got " + stateDim);
        if (actionDim < 1) throw new IllegalArgumentException("actionDim must be >= 1, got " + actionDim);
        if (hiddenSizes == null) throw new IllegalArgumentException("hiddenSizes must be a list (possibly empty)");
        hiddenSizes = List.copyOf(hiddenSizes);
        for (int h : hiddenSizes) {
            if (h < 1) throw new IllegalArgumentException("hiddenSizes must hold widths >= 1, got " + hiddenSizes);
        }
        if (activation == null) throw new IllegalArgumentException("activation must be RELU or TANH, got null");
        if (!Double.isFinite(logStdMin) || !Double.isFinite(logStdMax) || logStdMin > logStdMax) {
            throw new IllegalArgumentException(
                    "logStdMin and logStdMax must be finite with logStdMin <= logStdMax, got [" + logStdMin + ", "
                            + logStdMax + "]");
        }
        boolean fixed = logStdMin == logStdMax;
        if (fixed ? initialLogStd != logStdMin : !(initialLogStd > logStdMin && initialLogStd < logStdMax)) {
            throw new IllegalArgumentException("initialLogStd must lie strictly inside (logStdMin, logStdMax) = ("
                    + logStdMin + ", " + logStdMax + "), got " + initialLogStd);
        }
    }

    /** The author's shape: 128 -> 256 -> 256 -> 64, ReLU, log-std in [-2, 1] starting at 0. */
    public static PolicyConfig defaults() {
        return of(128, 64, 256, 256);
    }

    /** A ReLU policy with the default log-std bounds ([-2, 1], start 0) and the given widths. */
    public static PolicyConfig of(int stateDim, int actionDim, int... hiddenSizes) {
        return new PolicyConfig(
                stateDim,
                java.util.Arrays.stream(hiddenSizes).boxed().toList(),
                actionDim,
                Activation.RELU,
                -2.0,
                1.0,
                0.0);
    }

    /** This configuration with another activation. */
    public PolicyConfig withActivation(Activation newActivation) {
        return new PolicyConfig(stateDim, hiddenSizes, actionDim, newActivation, logStdMin, logStdMax, initialLogStd);
    }

    /** Layer widths from input to output: {@code [stateDim, hidden..., actionDim]}. */
    public int[] layerSizes() {
        int[] sizes = new int[hiddenSizes.size() + 2];
        sizes[0] = stateDim;
        for (int i = 0; i < hiddenSizes.size(); i++) sizes[i + 1] = hiddenSizes.get(i);
        sizes[sizes.length - 1] = actionDim;
        return sizes;
    }

    /** Midpoint of the log-std interval. */
    double logStdMid() {
        return 0.5 * (logStdMax + logStdMin);
    }

    /** Half-width of the log-std interval. */
    double logStdHalfRange() {
        return 0.5 * (logStdMax - logStdMin);
    }
}
