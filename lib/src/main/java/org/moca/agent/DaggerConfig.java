package org.moca.agent;

/**
 * The settings of DAgger-style meta-training ({@link Dagger}; Ross, Gordon and Bagnell 2011, "A reduction of imitation
 * learning and structured prediction to no-regret online learning", AISTATS).
 *
 * <p>Round 0 is the expert's own demonstrations. In round {@code i = 1..rounds} a share {@code rolloutShare} of the
 * training episodes is rolled out with the mixture {@code beta_i * expert + (1 - beta_i) * learner} (each hour, the
 * expert's controls with probability {@code beta_i = betaDecay^i}, the paper's {@code beta_i = p^(i-1)} with round 0
 * counted as the first), the visited states are relabelled by the expert and added to the aggregate, and the learner
 * is meta-trained on the aggregate for {@code roundIterations} more outer steps.
 *
 * @param rounds          DAgger rounds after round 0 (0: plain meta-training on the expert's demonstrations)
 * @param rolloutShare    share of the training episodes rolled out per round, in (0, 1]; at least one episode
 * @param betaDecay       {@code p} in {@code beta_i = p^i}, in [0, 1]: 0 lets the learner act alone from round 1 (the
 *                        variant the paper found to work best), 1 would never let it act
 * @param roundIterations outer meta-training steps after each round's aggregation (warm-started from the last round)
 */
public record DaggerConfig(int rounds, double rolloutShare, double betaDecay, int roundIterations) {

    public DaggerConfig {
        if (rounds < 0) throw new IllegalArgumentException("rounds must be >= 0, got " + rounds);
        if (!(rolloutShare > 0 && rolloutShare <= 1))
            throw new IllegalArgumentException("rolloutShare must be in (0, 1], got " + rolloutShare);
        if (!(betaDecay >= 0 && betaDecay <= 1))
            throw new IllegalArgumentException("betaDecay must be in [0, 1], got " + betaDecay);
        if (roundIterations < 1)
            throw new IllegalArgumentException("roundIterations must be >= 1, got " + roundIterations);
    }

    /**
     * Two rounds on half of the training episodes each, {@code beta} 0.5 then 0.25, 150 outer steps per round. Budget,
     * not tuned: two rounds cost about as many expert solves as the MPC-labelled round 0 itself (see
     * {@code docs/learning.md}).
     */
    public static DaggerConfig defaults() {
        return new DaggerConfig(2, 0.5, 0.5, 150);
    }

    /** {@code beta_i = betaDecay^i}: the expert's share of control in round {@code i} (1 in round 0). */
    public double beta(int round) {
        if (round < 0) throw new IllegalArgumentException("round must be >= 0, got " + round);
        return Math.pow(betaDecay, round);
    }

    /** The number of the {@code n} training episodes rolled out per round: {@code ceil(rolloutShare * n)}, at least 1. */
    public int episodesPerRound(int n) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        return Math.max(1, Math.min(n, (int) Math.ceil(rolloutShare * n - 1e-9)));
    }

    public DaggerConfig withRounds(int value) {
        return new DaggerConfig(value, rolloutShare, betaDecay, roundIterations);
    }

    public DaggerConfig withRolloutShare(double value) {
        return new DaggerConfig(rounds, value, betaDecay, roundIterations);
    }

    public DaggerConfig withBetaDecay(double value) {
        return new DaggerConfig(rounds, rolloutShare, value, roundIterations);
    }

    public DaggerConfig withRoundIterations(int value) {
        return new DaggerConfig(rounds, rolloutShare, betaDecay, value);
    }
}
