package org.moca.sim;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.ToDoubleFunction;

/**
 * The recovery metrics of DESIGN.md §4, defined once. Every method, table and plot of the workbench uses these.
 *
 * <p>Definitions, for a service curve s(t) (served-in-hour / demand-in-hour), a disruption onset t0 and a window of W
 * hours, the hours [t0, t0 + W):
 * <ul>
 *   <li>baseline s̄ = mean of s over the pre-onset hours [0, t0); it must be positive and finite: a network that
 *       serves nothing before the disruption has no recovery to measure, and that is an input error, never
 *       "recovered";</li>
 *   <li>trailing mean m(t) = mean of s over [t - k + 1, t] (k = trailing hours, 6), over the hours that exist; the
 *       threshold is θ·s̄ (θ = 0.95). Averaging k hours is how a hit is told from noise: one bad hour moves m by at
 *       most 1/k of its depth. Whether that is enough on a network is checked, not assumed: {@link #preOnsetDip} says
 *       whether m fell below the threshold before the onset, where nothing happened (the benchmark's health check
 *       flags a family where it does);</li>
 *   <li>the window W applies alike to the hit and to the hold. The disruption <em>hits</em> at the first hour h in
 *       the window with m(h) &lt; θ·s̄. If there is none, the episode is recovered with time-to-recover TTR 0: what
 *       happens after the window does not change the verdict;</li>
 *   <li>if it hits, the episode is <em>recovered</em> iff the trailing mean is back at the threshold at some hour r of
 *       the window and stays there through the window's last hour: m(u) ≥ θ·s̄ for every u in [r, t0 + W); r is the
 *       first such hour (one after the last hour of the window below the threshold) and TTR = r − t0 ≤ W − 1. A policy
 *       that dips, comes back and collapses again inside the window has not recovered; a dip after the window, or a
 *       first dip only after it, changes nothing;</li>
 *   <li>recovered within W: as above with the window W (48 h; 36 h also reported; a sweep of W from saved curves,
 *       {@link #timeToRecover(double[], int, RecoveryCriteria, int)});</li>
 *   <li>unmet demand L = sum over [t0, t0 + W) of (demand − demand served in its hour);</li>
 *   <li>recovered-loss share = (L_noaction − L_policy) / L_noaction on the same realization;</li>
 *   <li>resilience loss = sum over [t0, t0 + W) of max(0, s̄ − s(t)) (the resilience triangle, in hours);</li>
 *   <li>virgin share = virgin mass / (virgin mass + mass recovered by recyclers and remanufacturers) over the window;</li>
 *   <li>leakage and cost = their sums over the window; stranded inventory = stranded mass at the window's last hour.</li>
 * </ul>
 * Running time O(W) per verdict after an O(length) prefix sum.
 */
public final class RecoveryMetrics {

    private RecoveryMetrics() {}

    /**
     * Mean of s over [0, onset).
     *
     * @throws IllegalArgumentException if there are no pre-onset hours, or the mean is not a positive number
     */
    public static double baseline(double[] s, int onset) {
        if (onset < 1 || onset > s.length)
            throw new IllegalArgumentException(
                    "onset " + onset + " leaves no pre-onset hours in a curve of " + s.length);
        double sum = 0;
        for (int t = 0; t < onset; t++) sum += s[t];
        double mean = sum / onset;
        if (!(mean > 0) || !Double.isFinite(mean))
            throw new IllegalArgumentException("baseline service " + mean + " over the " + onset
                    + " pre-onset hours: the network serves no demand before the disruption, so no recovery can be"
                    + " measured (check that a lane delivers every market's product)");
        return mean;
    }

    /** Mean of s over [t - k + 1, t] ∩ [0, t]. */
    public static double trailingMean(double[] s, int t, int k) {
        int from = Math.max(0, t - k + 1);
        double sum = 0;
        for (int u = from; u <= t; u++) sum += s[u];
        return sum / (t - from + 1);
    }

    /** First hour h of the window [onset, onset + W) whose trailing mean is below threshold·baseline, if any. */
    public static OptionalInt hitHour(double[] s, int onset, RecoveryCriteria c) {
        return hitHour(s, onset, c, c.windowHours());
    }

    /** {@link #hitHour(double[], int, RecoveryCriteria)} for a window of {@code window} hours. */
    public static OptionalInt hitHour(double[] s, int onset, RecoveryCriteria c, int window) {
        double level = c.threshold() * baseline(s, onset);
        int end = windowEnd(s, onset, window);
        for (int t = onset; t < end; t++) if (trailingMean(s, t, c.trailingHours()) < level) return OptionalInt.of(t);
        return OptionalInt.empty();
    }

    /**
     * Time to recover within the criteria's window: 0 if the window saw no hit, r − onset if recovered (see the class
     * Javadoc), empty if hit and not recovered by the window's end.
     */
    public static OptionalInt timeToRecover(double[] s, int onset, RecoveryCriteria c) {
        return timeToRecover(s, onset, c, c.windowHours());
    }

    /**
     * Time to recover within a window of {@code window} hours after onset, by the class Javadoc's definition.
     *
     * @throws IllegalArgumentException if the curve ends before the window does (the verdict would depend on hours
     *     that were not simulated)
     */
    public static OptionalInt timeToRecover(double[] s, int onset, RecoveryCriteria c, int window) {
        OptionalInt hit = hitHour(s, onset, c, window);
        if (hit.isEmpty()) return OptionalInt.of(0);
        double level = c.threshold() * baseline(s, onset);
        int end = windowEnd(s, onset, window);
        int lastBelow = hit.getAsInt();
        for (int u = lastBelow; u < end; u++) if (trailingMean(s, u, c.trailingHours()) < level) lastBelow = u;
        return lastBelow == end - 1 ? OptionalInt.empty() : OptionalInt.of(lastBelow + 1 - onset);
    }

    /** Whether the episode is recovered within a window of {@code window} hours. */
    public static boolean recovered(double[] s, int onset, RecoveryCriteria c, int window) {
        return timeToRecover(s, onset, c, window).isPresent();
    }

    /**
     * Whether the trailing mean fell below the threshold before the onset (over the warm-up hours with a full
     * trailing window), where nothing happened: then noise alone could look like a hit, and the recovery verdicts of
     * such episodes do not measure what they claim. The benchmark's health check counts these.
     */
    public static boolean preOnsetDip(double[] s, int onset, RecoveryCriteria c) {
        double level = c.threshold() * baseline(s, onset);
        for (int t = c.trailingHours() - 1; t < onset; t++) {
            if (trailingMean(s, t, c.trailingHours()) < level) return true;
        }
        return false;
    }

    private static int windowEnd(double[] s, int onset, int window) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1 hour, got " + window);
        int end = onset + window;
        if (end > s.length)
            throw new IllegalArgumentException("the curve has " + s.length + " hours and ends before the " + window
                    + "-hour window after onset " + onset + " does (hour " + end + "): simulate at least " + window
                    + " hours after onset");
        return end;
    }

    /** Sum over [onset, onset + window) ∩ curve of max(0, baseline − s(t)). */
    public static double resilienceLoss(double[] s, int onset, int window) {
        double base = baseline(s, onset), loss = 0;
        for (int t = onset; t < Math.min(s.length, onset + window); t++) loss += Math.max(0, base - s[t]);
        return loss;
    }

    /** Sum of (demand − served in its hour) over [onset, onset + window). */
    public static double unmetDemand(EpisodeTrace trace, int onset, int window) {
        return sum(trace, onset, window, t -> trace.demand(t) - trace.served(t));
    }

    /** (L_noaction − L_policy) / L_noaction; 0 when no-action lost nothing. */
    public static double recoveredLossShare(double unmetNoAction, double unmetPolicy) {
        if (unmetNoAction < 0 || unmetPolicy < 0) throw new IllegalArgumentException("unmet demand cannot be negative");
        return unmetNoAction > 0 ? (unmetNoAction - unmetPolicy) / unmetNoAction : 0;
    }

    /** Sum of a per-hour quantity over [onset, onset + window) ∩ the simulated hours. */
    public static double sum(
            EpisodeTrace trace, int onset, int window, java.util.function.IntToDoubleFunction perHour) {
        double x = 0;
        for (int t = onset; t < Math.min(trace.hours(), onset + window); t++) x += perHour.applyAsDouble(t);
        return x;
    }

    /**
     * All metrics of one episode.
     *
     * @param circularity computes the circularity score from per-lane tracked mass shipped in the window
     */
    public static EpisodeMetrics evaluate(
            EpisodeTrace trace, int onset, RecoveryCriteria c, ToDoubleFunction<double[]> circularity) {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(c, "criteria");
        double[] s = trace.serviceCurve();
        int w = c.windowHours();
        OptionalInt ttr = timeToRecover(s, onset, c);
        OptionalInt early = timeToRecover(s, onset, c, c.earlyWindowHours());
        double virgin = sum(trace, onset, w, trace::virginMass);
        double recovered = sum(trace, onset, w, trace::recoveredMass);
        int lanes = trace.layout().network().lanes().size();
        double[] laneMass = new double[lanes];
        for (int t = onset; t < Math.min(trace.hours(), onset + w); t++) {
            for (int l = 0; l < lanes; l++) laneMass[l] += trace.laneFlow(t, l) * trace.layout().laneMassKg[l];
        }
        int last = Math.min(trace.hours(), onset + w) - 1;
        return new EpisodeMetrics(
                baseline(s, onset),
                hitHour(s, onset, c).orElse(-1),
                ttr.orElse(-1),
                ttr.isPresent(),
                early.isPresent(),
                sum(trace, onset, w, trace::demand),
                sum(trace, onset, w, t -> trace.served(t) + trace.backlogServed(t)),
                unmetDemand(trace, onset, w),
                resilienceLoss(s, onset, w),
                circularity.applyAsDouble(laneMass),
                virgin + recovered > 0 ? virgin / (virgin + recovered) : 0,
                sum(trace, onset, w, trace::leakageMass),
                sum(trace, onset, w, trace::cost),
                last >= 0 ? trace.strandedMass(last) : 0,
                preOnsetDip(s, onset, c));
    }
}
