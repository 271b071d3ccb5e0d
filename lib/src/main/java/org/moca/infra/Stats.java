package org.moca.infra;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Confidence intervals for reported figures: every rate the workbench reports carries one.
 * <ul>
 *   <li>{@link #wilson}: a proportion (recovery rate). Wilson (1927); unlike the normal "p +- z sqrt(p(1-p)/n)"
 *       interval it stays inside [0, 1] and is not degenerate at 0/n or n/n.</li>
 *   <li>{@link #meanT}: a mean over independent seeds, with Student's t quantile (exact for normal data, sound for
 *       few seeds, where a z quantile would be too narrow).</li>
 *   <li>{@link #bootstrap}: any statistic (median, a difference of means, ...) by the percentile bootstrap (Efron and
 *       Tibshirani, 1993), seeded.</li>
 *   <li>{@link #rateOverClusters}: a rate whose outcomes cluster (one trained model per seed): Student's t over the
 *       per-cluster rates, so that the interval reflects how much the models differ, not only how many episodes
 *       there are.</li>
 * </ul>
 * Paired tests on common random numbers, and their multiplicity correction:
 * <ul>
 *   <li>{@link #mcNemarExact}: two binary outcomes on the same units (recovered or not, method A vs B): the exact
 *       two-sided binomial test on the discordant pairs (McNemar 1947).</li>
 *   <li>{@link #wilcoxonSignedRank}: paired differences of a continuous outcome (unmet demand): the two-sided
 *       Wilcoxon (1945) signed-rank test, exact (ties included) up to 50 nonzero differences.</li>
 *   <li>{@link #holm}: Holm's (1979) step-down adjustment of a family of p-values (family-wise error rate).</li>
 * </ul>
 * Quantiles of the normal and t distributions come from Apache Commons Math.
 */
public final class Stats {

    /** The confidence level used when none is given. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    private Stats() {}

    /**
     * A point estimate with a two-sided confidence interval.
     *
     * @param estimate   the point estimate
     * @param lower      lower bound
     * @param upper      upper bound
     * @param confidence the level, e.g. 0.95
     */
    public record Interval(double estimate, double lower, double upper, double confidence) {
        public Interval {
            boolean undefined = Double.isNaN(lower) && Double.isNaN(upper);
            if (!undefined && !(lower <= upper))
                throw new IllegalArgumentException("lower " + lower + " must not exceed upper " + upper);
            checkConfidence(confidence);
        }

        /** An estimate without an interval (too few units to make one): both bounds NaN. */
        public static Interval undefined(double estimate, double confidence) {
            return new Interval(estimate, Double.NaN, Double.NaN, confidence);
        }

        /** Whether the bounds exist. */
        public boolean isDefined() {
            return !Double.isNaN(lower);
        }

        /** Half the width, upper - lower over 2. */
        public double halfWidth() {
            return (upper - lower) / 2;
        }
    }

    /** The 95% Wilson score interval of {@code successes} out of {@code trials}. */
    public static Interval wilson(long successes, long trials) {
        return wilson(successes, trials, DEFAULT_CONFIDENCE);
    }

    /**
     * The Wilson score interval of a binomial proportion:
     * <pre>
     *   (p + z^2/2n  +-  z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n),   p = k/n, z the 1 - (1-confidence)/2 normal quantile
     * </pre>
     * O(1).
     */
    public static Interval wilson(long successes, long trials, double confidence) {
        if (trials < 1) throw new IllegalArgumentException("trials must be a positive count, got " + trials);
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "successes must be in [0, trials] = [0, " + trials + "], got " + successes);
        }
        checkConfidence(confidence);
        double z = normalQuantile(confidence);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // at k = 0 and k = n the bounds are exactly 0 and 1; say so instead of leaving rounding residue
        double lower = successes == 0 ? 0 : Math.max(0, center - half);
        double upper = successes == trials ? 1 : Math.min(1, center + half);
        return new Interval(p, lower, upper, confidence);
    }

    /** The mean of {@code values} with its 95% Student-t interval. */
    public static Interval meanT(double[] values) {
        return meanT(values, DEFAULT_CONFIDENCE);
    }

    /**
     * The mean with the interval mean +- t(n-1) s / sqrt(n), s the sample standard deviation and t(n-1) the
     * 1 - (1-confidence)/2 quantile of Student's t with n - 1 degrees of freedom. Needs n >= 2. O(n).
     */
    public static Interval meanT(double[] values, double confidence) {
        checkValues(values);
        if (values.length < 2)
            throw new IllegalArgumentException("values must hold at least 2 numbers for a t interval, got 1");
        checkConfidence(confidence);
        int n = values.length;
        double mean = mean(values);
        double se = standardDeviation(values) / Math.sqrt(n);
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return new Interval(mean, mean - t * se, mean + t * se, confidence);
    }

    /**
     * The percentile bootstrap interval of {@code statistic}: the statistic of {@code resamples} resamples (drawn with
     * replacement, same size) is computed, and the (1-confidence)/2 and 1-(1-confidence)/2 quantiles of those values
     * (linear interpolation between order statistics) are the bounds; the estimate is the statistic of the data.
     * O(resamples (n + cost of the statistic)).
     *
     * @param random the only source of randomness; the same seed gives the same interval
     */
    public static Interval bootstrap(
            double[] values,
            ToDoubleFunction<double[]> statistic,
            int resamples,
            double confidence,
            SplittableRandom random) {
        checkValues(values);
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(random, "random");
        if (resamples < 100) throw new IllegalArgumentException("resamples must be at least 100, got " + resamples);
        checkConfidence(confidence);
        int n = values.length;
        double[] replicate = new double[n];
        double[] statistics = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) replicate[i] = values[random.nextInt(n)];
            statistics[b] = statistic.applyAsDouble(replicate);
        }
        Arrays.sort(statistics);
        double alpha = 1 - confidence;
        return new Interval(
                statistic.applyAsDouble(values.clone()),
                quantile(statistics, alpha / 2),
                quantile(statistics, 1 - alpha / 2),
                confidence);
    }

    /**
     * A rate whose outcomes cluster by model: the mean of the per-cluster rates with Student's t interval over them
     * (n - 1 degrees of freedom, n clusters), clipped to [0, 1]. With one cluster the interval is undefined: both
     * bounds are NaN (never a zero-width interval that would claim certainty). O(clusters).
     *
     * @param clusterRates the rate within each cluster (e.g. recovered episodes / episodes of one seed's model)
     */
    public static Interval rateOverClusters(double[] clusterRates, double confidence) {
        checkValues(clusterRates);
        for (double r : clusterRates) {
            if (r < 0 || r > 1) throw new IllegalArgumentException("clusterRates must lie in [0, 1], got " + r);
        }
        if (clusterRates.length < 2) return Interval.undefined(clusterRates[0], confidence);
        Interval t = meanT(clusterRates, confidence);
        return new Interval(t.estimate(), Math.max(0, t.lower()), Math.min(1, t.upper()), confidence);
    }

    /**
     * McNemar's exact test: of the pairs where the two outcomes differ, {@code b} favour the first method and
     * {@code c} the second; under the null each discordant pair goes either way with probability 1/2, so the two-sided
     * p-value is {@code min(1, 2 P(X <= min(b, c)))} for X ~ Binomial(b + c, 1/2). 1 when there is no discordant pair.
     * O(b + c).
     */
    public static double mcNemarExact(int b, int c) {
        if (b < 0 || c < 0) throw new IllegalArgumentException("discordant counts must be >= 0, got " + b + ", " + c);
        int n = b + c;
        if (n == 0) return 1;
        int k = Math.min(b, c);
        // log-space binomial terms: n can be in the hundreds
        double logHalfN = -n * Math.log(2), tail = 0;
        double logChoose = 0; // log C(n, 0)
        for (int i = 0; i <= k; i++) {
            if (i > 0) logChoose += Math.log((double) (n - i + 1) / i);
            tail += Math.exp(logChoose + logHalfN);
        }
        return Math.min(1, 2 * tail);
    }

    /**
     * Wilcoxon's signed-rank test of paired differences, two-sided. Zero differences are dropped (Wilcoxon's
     * convention); the absolute values of the rest are ranked with average ranks for ties; the statistic is the sum W+
     * of the ranks of positive differences. Up to 50 nonzero differences its null distribution (every sign equally
     * likely) is computed exactly, ties included, by dynamic programming over the doubled ranks; beyond, the normal
     * approximation with the tie-corrected variance {@code n(n+1)(2n+1)/24 - sum(t^3 - t)/48} and a continuity
     * correction. The p-value is {@code min(1, 2 min(P(W+ <= w), P(W+ >= w)))}; 1 when every difference is zero.
     * O(n^3) exact, O(n log n) approximate.
     */
    public static double wilcoxonSignedRank(double[] differences) {
        checkValues(differences);
        double[] d = Arrays.stream(differences).filter(x -> x != 0).toArray();
        int n = d.length;
        if (n == 0) return 1;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(d[a]), Math.abs(d[b])));
        int[] doubledRank = new int[n]; // 2 x average rank: an integer even with ties
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && Math.abs(d[order[j + 1]]) == Math.abs(d[order[i]])) j++;
            int twiceAverage = (i + 1) + (j + 1); // ranks i+1..j+1, average (i+j+2)/2
            for (int k = i; k <= j; k++) doubledRank[order[k]] = twiceAverage;
            int ties = j - i + 1;
            tieTerm += (double) ties * ties * ties - ties;
            i = j + 1;
        }
        int w = 0; // 2 W+
        for (int i = 0; i < n; i++) if (d[i] > 0) w += doubledRank[i];
        if (n <= 50) {
            int max = n * (n + 1); // 2 x the largest possible W+
            double[] count = new double[max + 1];
            count[0] = 1;
            for (int i = 0; i < n; i++) {
                for (int s = max; s >= doubledRank[i]; s--) count[s] += count[s - doubledRank[i]];
            }
            double total = Math.pow(2, n), below = 0, above = 0;
            for (int s = 0; s <= max; s++) {
                if (s <= w) below += count[s];
                if (s >= w) above += count[s];
            }
            return Math.min(1, 2 * Math.min(below, above) / total);
        }
        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1) * (2.0 * n + 1) / 24 - tieTerm / 48;
        double z = (Math.abs(w / 2.0 - mean) - 0.5) / Math.sqrt(variance);
        return Math.min(1, 2 * (1 - new NormalDistribution(null, 0, 1).cumulativeProbability(Math.max(0, z))));
    }

    /**
     * Holm's step-down adjustment: with the m p-values sorted ascending, the i-th (1-based) becomes
     * {@code max over j <= i of min(1, (m - j + 1) p_(j))}; returned in the input order. Controls the family-wise error
     * rate without assuming independence. NaN entries (tests that could not be made) stay NaN and do not count in m.
     * O(m log m).
     */
    public static double[] holm(double[] p) {
        Objects.requireNonNull(p, "p");
        Integer[] order = java.util.stream.IntStream.range(0, p.length)
                .filter(i -> !Double.isNaN(p[i]))
                .boxed()
                .sorted((a, b) -> Double.compare(p[a], p[b]))
                .toArray(Integer[]::new);
        double[] adjusted = new double[p.length];
        Arrays.fill(adjusted, Double.NaN);
        int m = order.length;
        double running = 0;
        for (int j = 0; j < m; j++) {
            double v = p[order[j]];
            if (v < 0 || v > 1) throw new IllegalArgumentException("p-values must lie in [0, 1], got " + v);
            running = Math.max(running, Math.min(1, (m - j) * v));
            adjusted[order[j]] = running;
        }
        return adjusted;
    }

    /** Arithmetic mean. */
    public static double mean(double[] values) {
        checkValues(values);
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }

    /** Sample standard deviation (divisor n - 1), by a two-pass sum for accuracy. */
    public static double standardDeviation(double[] values) {
        double mean = mean(values);
        if (values.length < 2) throw new IllegalArgumentException("values must hold at least 2 numbers, got 1");
        double squares = 0;
        for (double v : values) squares += (v - mean) * (v - mean);
        return Math.sqrt(squares / (values.length - 1));
    }

    /** The q-quantile of sorted values, linear between order statistics (Hyndman and Fan's type 7, R's default). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static double normalQuantile(double confidence) {
        return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    private static void checkValues(double[] values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) throw new IllegalArgumentException("values must not be empty");
        for (double v : values) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("values must be finite numbers, got " + v);
        }
    }

    private static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be a number in (0, 1), e.g. 0.95, got " + confidence);
        }
    }
}
