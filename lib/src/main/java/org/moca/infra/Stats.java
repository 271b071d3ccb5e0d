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
            if (!(lower <= upper))
                throw new IllegalArgumentException("lower " + lower + " must not exceed upper " + upper);
            checkConfidence(confidence);
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
