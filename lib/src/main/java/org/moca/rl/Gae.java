package org.moca.rl;

/**
 * Generalized advantage estimation (J. Schulman, P. Moritz, S. Levine, M. Jordan, P. Abbeel, "High-dimensional
 * continuous control using generalized advantage estimation", ICLR 2016).
 *
 * <p>With TD residuals {@code delta_t = r_t + gamma (1 - done_t) V(s_(t+1)) - V(s_t)}, the advantage is the
 * exponentially weighted sum {@code A_t = delta_t + gamma lambda (1 - done_t) A_(t+1)}, computed backwards in one pass;
 * the value target is {@code R_t = A_t + V(s_t)}. {@code lambda = 0} gives the one-step TD advantage, {@code lambda = 1}
 * the Monte-Carlo return minus the baseline. A {@code done} flag cuts both sums, so one array may hold several episodes
 * back to back. O(n).
 */
public final class Gae {

    private Gae() {}

    /**
     * @param rewards   r_t, length n
     * @param values    V(s_t), length n
     * @param dones     whether step t ended its episode (then s_(t+1) is not bootstrapped)
     * @param lastValue V(s_n), the bootstrap after the last step when it did not end an episode
     * @return the advantages A_t, length n
     */
    public static double[] advantages(double[] rewards, double[] values, boolean[] dones, double lastValue,
                                      double gamma, double lambda) {
        int n = rewards.length;
        if (values.length != n || dones.length != n) {
            throw new IllegalArgumentException("rewards, values and dones must have equal lengths, got " + n + ", "
                    + values.length + ", " + dones.length);
        }
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        double[] adv = new double[n];
        double next = 0;
        double nextValue = lastValue;
        for (int t = n - 1; t >= 0; t--) {
            double keep = dones[t] ? 0 : 1;
            double delta = rewards[t] + gamma * keep * nextValue - values[t];
            next = delta + gamma * lambda * keep * next;
            adv[t] = next;
            nextValue = values[t];
        }
        return adv;
    }

    /** Standardizes in place to mean 0 and standard deviation 1 (unchanged spread if all are equal). */
    public static void normalize(double[] a) {
        if (a.length == 0) return;
        double mean = 0;
        for (double v : a) mean += v;
        mean /= a.length;
        double var = 0;
        for (double v : a) var += (v - mean) * (v - mean);
        double std = Math.sqrt(var / a.length);
        double scale = std > 1e-12 ? 1 / std : 1;
        for (int i = 0; i < a.length; i++) a[i] = (a[i] - mean) * scale;
    }
}
