package org.moca.replay;

/**
 * Tunable values of {@link TemporalPrioritizedReplayBuffer}; the defaults are the author's (capacity 100,000,
 * alpha 0.6, beta 0.4) plus the two values the author left implicit.
 *
 * @param capacity           items kept; the oldest is overwritten when full; 1 to 2^30
 * @param alpha              priority exponent: sampling probability proportional to {@code priority^alpha}; in [0, 1]
 *                           (0 is uniform sampling)
 * @param beta0              initial importance-sampling exponent, in [0, 1]
 * @param betaAnnealingSteps number of {@code sample} calls over which beta grows linearly from {@code beta0} to 1;
 *                           at least 1
 * @param ageDecayHorizon    tau, in insertions: an item's sampling weight is multiplied by {@code exp(-age / tau)},
 *                           age = insertions since it was added; {@code Infinity} disables the decay. At least
 *                           {@code capacity / 500}, so that the oldest item's factor stays a normal double
 * @param priorityEpsilon    added to {@code |error|} so that no item has priority 0; in [1e-12, 1]
 */
public record PrioritizedReplayConfig(
        int capacity,
        double alpha,
        double beta0,
        long betaAnnealingSteps,
        double ageDecayHorizon,
        double priorityEpsilon) {

    /** Largest {@code capacity / ageDecayHorizon}: keeps every decay factor above e^-500. */
    static final double MAX_DECAY_EXPONENT = 500;

    public PrioritizedReplayConfig {
        if (capacity < 1 || capacity > (1 << 30)) {
            throw new IllegalArgumentException("capacity must be an integer in [1, 2^30], got " + capacity);
        }
        if (!(alpha >= 0 && alpha <= 1))
            throw new IllegalArgumentException("alpha must be a number in [0, 1], got " + alpha);
        if (!(beta0 >= 0 && beta0 <= 1))
            throw new IllegalArgumentException("beta0 must be a number in [0, 1], got " + beta0);
        if (betaAnnealingSteps < 1) {
            throw new IllegalArgumentException(
                    "betaAnnealingSteps must be a positive integer, got " + betaAnnealingSteps);
        }
        if (!(ageDecayHorizon > 0) || capacity / ageDecayHorizon > MAX_DECAY_EXPONENT) {
            throw new IllegalArgumentException(
                    "ageDecayHorizon must be a positive number of insertions of at least capacity/"
                            + (int) MAX_DECAY_EXPONENT + " = " + capacity / MAX_DECAY_EXPONENT + " (or Infinity), got "
                            + ageDecayHorizon);
        }
        if (!(priorityEpsilon >= 1e-12 && priorityEpsilon <= 1)) {
            throw new IllegalArgumentException(
                    "priorityEpsilon must be a number in [1e-12, 1], got " + priorityEpsilon);
        }
    }

    /**
     * The author's values (capacity 100,000, alpha 0.6, beta 0.4, epsilon 1e-6); beta reaches 1 after 100,000 sample
     * calls and an item one full buffer old weighs e^-1 of a fresh one with the same priority.
     */
    public static PrioritizedReplayConfig defaults() {
        return new PrioritizedReplayConfig(100_000, 0.6, 0.4, 100_000, 100_000, 1e-6);
    }

    /** A copy with another capacity and a decay horizon equal to it. */
    public PrioritizedReplayConfig withCapacity(int newCapacity) {
        return new PrioritizedReplayConfig(newCapacity, alpha, beta0, betaAnnealingSteps, newCapacity, priorityEpsilon);
    }

    /** Beta after {@code samplesDrawn} calls of {@code sample}: linear from {@code beta0} to 1, then 1. */
    public double beta(long samplesDrawn) {
        if (samplesDrawn >= betaAnnealingSteps) return 1.0;
        return beta0 + (1.0 - beta0) * ((double) samplesDrawn / betaAnnealingSteps);
    }
}
