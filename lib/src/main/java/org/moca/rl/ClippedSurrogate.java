package org.moca.rl;

/**
 * PPO's clipped surrogate objective (J. Schulman, F. Wolski, P. Dhariwal, A. Radford, O. Klimov, "Proximal policy
 * optimization algorithms", arXiv:1707.06347, 2017), as a loss to minimize over a minibatch of m samples:
 * <pre>  L(theta) = -1/m sum_i min(rho_i A_i, clip(rho_i, 1 - eps, 1 + eps) A_i),   rho_i = pi_theta(a_i|s_i) / pi_old(a_i|s_i).</pre>
 *
 * <p><b>Gradient.</b> Where the minimum picks the clipped term, that term is constant in theta and contributes
 * nothing: exactly when {@code A_i > 0} and {@code rho_i > 1 + eps}, or {@code A_i < 0} and {@code rho_i < 1 - eps}.
 * Elsewhere {@code d(rho_i A_i) = A_i rho_i grad log pi_theta(a_i|s_i)}. So
 * <pre>  grad L = sum_i w_i grad(-log pi_theta(a_i|s_i)),   w_i = A_i rho_i / m if unclipped, else 0,</pre>
 * a weighted negative log-likelihood gradient ({@link org.moca.policy.GaussianPolicy#weightedNll}). O(m).
 */
public final class ClippedSurrogate {

    /** Loss value, the per-sample weights of its gradient, and the share of samples whose gradient was clipped. */
    public record Evaluation(double loss, double[] weights, double clippedFraction) {}

    private ClippedSurrogate() {}

    /**
     * The clipped surrogate objective and its per-sample gradient weights.
     *
     * @param logRatio   {@code log pi_theta(a_i|s_i) - log pi_old(a_i|s_i)}
     * @param advantages A_i
     * @param clip       eps, in (0, 1)
     */
    public static Evaluation evaluate(double[] logRatio, double[] advantages, double clip) {
        int m = logRatio.length;
        if (advantages.length != m) {
            throw new IllegalArgumentException(
                    "logRatio and advantages must have equal lengths, got " + m + " and " + advantages.length);
        }
        if (!(clip > 0 && clip < 1)) throw new IllegalArgumentException("clip must be in (0, 1), got " + clip);
        double[] w = new double[m];
        double loss = 0;
        int clipped = 0;
        for (int i = 0; i < m; i++) {
            double rho = Math.exp(logRatio[i]);
            double a = advantages[i];
            double unclipped = rho * a;
            double bounded = Math.max(1 - clip, Math.min(1 + clip, rho)) * a;
            loss -= Math.min(unclipped, bounded);
            boolean flat = (a > 0 && rho > 1 + clip) || (a < 0 && rho < 1 - clip);
            if (flat) clipped++;
            else w[i] = a * rho / m;
        }
        return new Evaluation(loss / m, w, m == 0 ? 0 : (double) clipped / m);
    }
}
