package org.moca.twin;

import java.util.Objects;
import org.moca.opt.WindowForecast;
import org.moca.sim.Controls;
import org.moca.sim.NetworkIndex;

/**
 * Service-weighted imitation, the cheap alternative to rollout gradients: each expert label is weighted by how much
 * the recovery objective depends on that hour's decision, so that the imitation loss spends its capacity where the
 * plan matters. The expert's hour-by-hour actions are run open loop through a {@link DifferentiableTwin} from the
 * state the labels start in, on the expert's forecast; one backward pass gives {@code g_k = ||dJ/dc_k||_2}, the norm of
 * the objective's gradient with respect to hour k's decoded controls (the marginal value of every procurement,
 * utilization, mode, release and routing share, defined at their bounds too, unlike the gradient with respect to the
 * action vector, which the decoder's clamps zero there). An early commitment (ordering from the backup supplier,
 * rerouting returns to a recycler) moves every later hour of the window, so its weight is large; an hour whose
 * decisions no longer reach the window's demand gets little.
 *
 * <p>Weights are normalized to sum to 1 and mixed with a uniform floor, {@code w_k = (1 - f) g_k / sum g + f / n}, so
 * no label is dropped entirely (with {@code sum g = 0}, uniform). With these weights divided by the action width,
 * {@link org.moca.policy.GaussianPolicy#weightedNll} has the scale of the plain mean NLL (the two coincide for uniform
 * weights). Cost: one twin forward and backward over the labels' hours.
 */
public final class ServiceWeights {

    /**
     * Settings.
     *
     * @param objective  the objective whose sensitivity weighs the labels
     * @param floorShare share of the weight spread uniformly, in [0, 1] (1: plain imitation)
     */
    public record Config(TwinObjective objective, double floorShare) {
        public Config {
            Objects.requireNonNull(objective, "objective");
            if (!(floorShare >= 0 && floorShare <= 1))
                throw new IllegalArgumentException("floorShare must be in [0, 1], got " + floorShare);
        }

        /** The default objective, a 10% uniform floor. */
        public static Config defaults() {
            return new Config(TwinObjective.defaults(), 0.1);
        }

        public Config withObjective(TwinObjective o) {
            return new Config(o, floorShare);
        }

        public Config withFloorShare(double f) {
            return new Config(objective, f);
        }
    }

    private final DifferentiableTwin twin;
    private final Config config;

    public ServiceWeights(NetworkIndex layout, Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.twin = new DifferentiableTwin(Objects.requireNonNull(layout, "layout"), config.objective());
    }

    public Config config() {
        return config;
    }

    /**
     * One weight per row of {@code expertActions} (the expert's action vectors of consecutive hours from
     * {@code start}), summing to 1.
     */
    public double[] weights(TwinState start, WindowForecast forecast, double[][] expertActions) {
        int n = expertActions.length;
        double[][] scratch = new double[n][twin.codec().dimension()];
        twin.reset(start, forecast, n);
        for (double[] a : expertActions) twin.step(a);
        twin.beginBackward();
        double[] g = new double[n];
        double sum = 0;
        for (int k = n - 1; k >= 0; k--) {
            twin.backwardHour(scratch[k]);
            g[k] = norm(twin.controlsGradient());
            sum += g[k];
        }
        double[] w = new double[n];
        double f = config.floorShare();
        for (int k = 0; k < n; k++) w[k] = sum > 0 ? (1 - f) * g[k] / sum + f / n : 1.0 / n;
        return w;
    }

    /**
     * The norm of a gradient over the decisions: the shares of a split move only along the simplex (their gradient
     * minus its mean), and a split with one entry is no decision at all.
     */
    private static double norm(Controls c) {
        double s = 0;
        for (double v : c.procurement()) s += v * v;
        for (double v : c.utilization()) s += v * v;
        for (double v : c.release()) s += v * v;
        for (double[] x : c.modeShares()) s += simplexSquares(x);
        for (double[] x : c.routing()) s += simplexSquares(x);
        return Math.sqrt(s);
    }

    private static double simplexSquares(double[] x) {
        if (x.length < 2) return 0;
        double mean = 0;
        for (double v : x) mean += v / x.length;
        double s = 0;
        for (double v : x) s += (v - mean) * (v - mean);
        return s;
    }
}
