package org.moca.sim;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.ToDoubleFunction;

/**
 * The recovery metrics of DESIGN.md §4, defined once. Every method, table and plot of the workbench uses these.
 *
 * <p>Definitions, for a service curve s(t) (served-in-hour / demand-in-hour) and a disruption onset t0:
 * <ul>
 *   <li>baseline s̄ = mean of s over the pre-onset hours [0, t0);</li>
 *   <li>trailing mean m(t) = mean of s over [t - k + 1, t] (k = trailing hours, 6), over the hours that exist;</li>
 *   <li>the disruption <em>hits</em> at the first hour h ≥ t0 with m(h) &lt; θ·s̄ (θ = 0.95); if there is none before
 *       the end of the curve, service never dropped and time-to-recover is 0;</li>
 *   <li>recovered at the first hour r ≥ h + k from which the recovery <em>holds</em>: m(u) ≥ θ·s̄ for every hour u from
 *       r to the end of the recovery window t0 + W, and for at least k hours in any case (r ≥ h + k puts a whole
 *       trailing window after the hit); time-to-recover TTR = r - t0 (absent when service never came back for good
 *       within the curve). Requiring the recovery to hold closes a loophole of "first return to threshold": a policy
 *       that dips once early, comes back for six hours and then collapses inside the window has not recovered;</li>
 *   <li>recovered within W hours: TTR present and ≤ W (W = 48; 36 also reported);</li>
 *   <li>unmet demand L = sum over [t0, t0 + W) of (demand − demand served in its hour);</li>
 *   <li>recovered-loss share = (L_noaction − L_policy) / L_noaction on the same realization;</li>
 *   <li>resilience loss = sum over [t0, t0 + W) of max(0, s̄ − s(t)) (the resilience triangle, in hours);</li>
 *   <li>virgin share = virgin mass / (virgin mass + mass recovered by recyclers and remanufacturers) over the window;</li>
 *   <li>leakage and cost = their sums over the window; stranded inventory = stranded mass at the window's last hour.</li>
 * </ul>
 */
public final class RecoveryMetrics {

    private RecoveryMetrics() {}

    /** Mean of s over [0, onset). */
    public static double baseline(double[] s, int onset) {
        if (onset < 1 || onset > s.length)
            throw new IllegalArgumentException(
                    "onset " + onset + " leaves no pre-onset hours in a curve of " + s.length);
        double sum = 0;
        for (int t = 0; t < onset; t++) sum += s[t];
        return sum / onset;
    }

    /** Mean of s over [t - k + 1, t] ∩ [0, t]. */
    public static double trailingMean(double[] s, int t, int k) {
        int from = Math.max(0, t - k + 1);
        double sum = 0;
        for (int u = from; u <= t; u++) sum += s[u];
        return sum / (t - from + 1);
    }

    /** First hour h ≥ onset whose trailing mean is below threshold·baseline, if any. */
    public static OptionalInt hitHour(double[] s, int onset, RecoveryCriteria c) {
        double level = c.threshold() * baseline(s, onset);
        for (int t = onset; t < s.length; t++)
            if (trailingMean(s, t, c.trailingHours()) < level) return OptionalInt.of(t);
        return OptionalInt.empty();
    }

    /**
     * Time to recover in hours after onset: 0 if never hit, empty if hit and not recovered for good within the curve.
     * Running time O(length × trailing hours).
     */
    public static OptionalInt timeToRecover(double[] s, int onset, RecoveryCriteria c) {
        OptionalInt hit = hitHour(s, onset, c);
        if (hit.isEmpty()) return OptionalInt.of(0);
        double level = c.threshold() * baseline(s, onset);
        int k = c.trailingHours(), windowEnd = onset + c.windowHours();
        for (int r = hit.getAsInt() + k; r < s.length; r++) {
            int holdUntil = Math.max(r + k, windowEnd); // exclusive
            if (holdUntil > s.length) break; // cannot confirm that it holds
            boolean holds = true;
            for (int u = r; u < holdUntil && holds; u++) holds = trailingMean(s, u, k) >= level;
            if (holds) return OptionalInt.of(r - onset);
        }
        return OptionalInt.empty();
    }

    /** Whether TTR exists and is at most {@code window} hours. */
    public static boolean recoveredWithin(OptionalInt ttr, int window) {
        return ttr.isPresent() && ttr.getAsInt() <= window;
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
                recoveredWithin(ttr, w),
                recoveredWithin(ttr, c.earlyWindowHours()),
                sum(trace, onset, w, trace::demand),
                sum(trace, onset, w, t -> trace.served(t) + trace.backlogServed(t)),
                unmetDemand(trace, onset, w),
                resilienceLoss(s, onset, w),
                circularity.applyAsDouble(laneMass),
                virgin + recovered > 0 ? virgin / (virgin + recovered) : 0,
                sum(trace, onset, w, trace::leakageMass),
                sum(trace, onset, w, trace::cost),
                last >= 0 ? trace.strandedMass(last) : 0);
    }
}
