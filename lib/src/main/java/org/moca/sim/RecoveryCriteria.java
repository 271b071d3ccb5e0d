package org.moca.sim;

/**
 * The definition of "recovered" (DESIGN.md §4), in one validated record so every metric uses the same numbers.
 *
 * @param windowHours      the recovery window after onset (48 h)
 * @param earlyWindowHours the stricter window also reported (36 h)
 * @param trailingHours    hours in the trailing mean of service (6 h)
 * @param threshold        share of the pre-onset baseline that counts as recovered (0.95)
 */
public record RecoveryCriteria(int windowHours, int earlyWindowHours, int trailingHours, double threshold) {

    public RecoveryCriteria {
        if (windowHours < 1) throw new IllegalArgumentException("windowHours must be >= 1, got " + windowHours);
        if (earlyWindowHours < 1 || earlyWindowHours > windowHours) {
            throw new IllegalArgumentException("earlyWindowHours must be in [1, windowHours], got " + earlyWindowHours);
        }
        if (trailingHours < 1) throw new IllegalArgumentException("trailingHours must be >= 1, got " + trailingHours);
        if (!(threshold > 0 && threshold <= 1))
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
    }

    /** 48-hour window, 36-hour early window, 6-hour trailing mean, 95% of baseline. */
    public static RecoveryCriteria defaults() {
        return new RecoveryCriteria(48, 36, 6, 0.95);
    }
}
