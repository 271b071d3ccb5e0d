package org.moca.rl;

/**
 * Generalized advantage estimation (J. Schulman, P. Moritz, S. Levine, M. Jordan, P. Abbeel, "High-dimensional
 * continuous control using generalized advantage estimation", ICLR 2016).
 *
 * <p>With TD residuals {@code delta_t = r_t + gamma V(s'_t) - V(s_t)}, {@code s'_t} the state after step t, the
 * advantage is the exponentially weighted sum {@code A_t = delta_t + gamma lambda (1 - end_t) A_(t+1)}, computed
 * backwards in one pass; the value target is {@code R_t = A_t + V(s_t)}. {@code lambda = 0} gives the one-step TD
 * advantage, {@code lambda = 1} the discounted return (bootstrapped at the episode's end) minus the baseline.
 *
 * <p><b>Time limits are not terminal states.</b> An episode of {@link SupplyChainEnv} ends because the simulation
 * stops, not because the supply chain does: the last step still bootstraps {@code V(s'_t)} of the state it reached
 * (F. Pardo, A. Tavakoli, V. Levdik, P. Kormushev, "Time limits in reinforcement learning", ICML 2018). Otherwise a
 * policy learns that whatever happens after the end is free — e.g. running the buffers down in the last hours — and
 * pays for it at deployment, where the network runs on. A true terminal state is expressed by {@code V(s'_t) = 0}.
 * An {@code end} flag only stops the sum from running into the next episode, so one array may hold several episodes
 * back to back. O(n).
 */
public final class Gae {

    private Gae() {}

    /**
     * The generalized advantage estimates of one batch of steps.
     *
     * @param rewards    r_t, length n
     * @param values     V(s_t), length n
     * @param nextValues V(s'_t), the value of the state each step reached (0 for a terminal state), length n
     * @param ends       whether step t was the last of its episode
     * @return the advantages A_t, length n
     */
    public static double[] advantages(
            double[] rewards, double[] values, double[] nextValues, boolean[] ends, double gamma, double lambda) {
        int n = rewards.length;
        if (values.length != n || nextValues.length != n || ends.length != n) {
            throw new IllegalArgumentException("rewards, values, nextValues and ends must have equal lengths, got " + n
                    + ", " + values.length + ", " + nextValues.length + ", " + ends.length);
        }
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        if (!(lambda >= 0 && lambda <= 1))
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        double[] adv = new double[n];
        double next = 0;
        for (int t = n - 1; t >= 0; t--) {
            double delta = rewards[t] + gamma * nextValues[t] - values[t];
            next = delta + (ends[t] ? 0 : gamma * lambda * next);
            adv[t] = next;
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
