package org.moca.policy;

/**
 * The shape of a {@link GraphPolicy}: nothing here depends on a network.
 *
 * @param hidden        width of every node, message and head layer
 * @param rounds        message-passing rounds (each with its own message and update weights)
 * @param logStdMin     lower bound of each head's log-std (the tanh parametrization of {@link PolicyConfig})
 * @param logStdMax     upper bound
 * @param initialLogStd the log-std at initialization, strictly inside the bounds
 */
public record GraphPolicyConfig(int hidden, int rounds, double logStdMin, double logStdMax, double initialLogStd) {

    public GraphPolicyConfig {
        if (hidden < 1) throw new IllegalArgumentException("hidden must be >= 1, got " + hidden);
        if (rounds < 0) throw new IllegalArgumentException("rounds must be >= 0, got " + rounds);
        if (!Double.isFinite(logStdMin) || !Double.isFinite(logStdMax) || !(logStdMin < logStdMax))
            throw new IllegalArgumentException(
                    "logStdMin < logStdMax must be finite, got [" + logStdMin + ", " + logStdMax + "]");
        if (!(initialLogStd > logStdMin && initialLogStd < logStdMax))
            throw new IllegalArgumentException("initialLogStd must lie strictly inside (" + logStdMin + ", " + logStdMax
                    + "), got " + initialLogStd);
    }

    /** 32 wide, 2 rounds, the MLP's log-std bounds [-2, 1] starting at 0. */
    public static GraphPolicyConfig defaults() {
        return new GraphPolicyConfig(32, 2, -2.0, 1.0, 0.0);
    }

    double logStdMid() {
        return 0.5 * (logStdMax + logStdMin);
    }

    double logStdHalfRange() {
        return 0.5 * (logStdMax - logStdMin);
    }
}
