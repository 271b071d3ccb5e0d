package org.moca.schedule;

import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Metropolis simulated annealing of the learning rate (Kirkpatrick, Gelatt and Vecchi, 1983), in {@code x = ln(lr)}.
 * This is what the author's "quantum-inspired annealing" actually is.
 *
 * <p>One step, when the score {@code s'} of the candidate {@code x'} is reported:
 * <pre>
 *   delta = (s' - s) / sd            s the current point's score, sd the standard deviation of all scores reported
 *   accept x' with probability min(1, exp(delta / T))
 *   T = T0 c^n                       after n reports (geometric cooling)
 *   next candidate x'' = reflect(x + N(0, (sigma T / T0)^2)) into [ln floor, ln ceiling]
 * </pre>
 * Dividing by the running standard deviation makes the acceptance independent of the score's units: scores a*s + b
 * (a > 0) give the same decisions. Reflection at the bounds, unlike clipping, keeps the proposal symmetric
 * (q(x -> y) = q(y -> x)), as Metropolis acceptance requires, and never piles proposals onto a bound.
 *
 * <p>The current point always has a reported score: the scheduler moves only to a candidate it has been told the score
 * of, keeps the best point seen ({@link #best()}) and goes back to it on request ({@link #returnToBest()}). All
 * randomness comes from one {@link SplittableRandom}, so a seed fixes the trajectory. Each call is O(1). Not
 * thread-safe.
 */
public final class SimulatedAnnealingScheduler implements LearningRateScheduler {

    private final SimulatedAnnealingConfig config;
    private final SplittableRandom random;
    private final double logFloor;
    private final double logCeiling;

    private double candidate;
    private double current = Double.NaN;
    private double currentScore = Double.NaN;
    private double best = Double.NaN;
    private double bestScore = Double.NaN;
    private long reports;
    private double scoreMean;
    private double scoreM2;
    private AnnealingStep lastStep;

    public SimulatedAnnealingScheduler(SimulatedAnnealingConfig config, SplittableRandom random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.logFloor = Math.log(config.floor());
        this.logCeiling = Math.log(config.ceiling());
        this.candidate = Math.log(config.initialLearningRate());
    }

    public SimulatedAnnealingConfig config() {
        return config;
    }

    @Override
    public double learningRate() {
        return Math.exp(candidate);
    }

    @Override
    public void report(double score) {
        if (!Double.isFinite(score)) throw new IllegalArgumentException("score must be a finite number, got " + score);
        double temperature = temperature();
        observe(score);
        double normalizedDelta = 0;
        double probability = 1;
        boolean accepted = true;
        if (!Double.isNaN(current)) {
            double sd = scoreStandardDeviation();
            // sd is 0 only when every score so far is equal, so then the difference is 0 as well
            normalizedDelta = sd > 0 ? (score - currentScore) / sd : 0;
            probability = acceptanceProbability(normalizedDelta, temperature);
            accepted = probability >= 1 || random.nextDouble() < probability;
        }
        double evaluated = candidate;
        if (accepted) {
            current = evaluated;
            currentScore = score;
        }
        if (Double.isNaN(bestScore) || score > bestScore) {
            best = evaluated;
            bestScore = score;
        }
        lastStep = new AnnealingStep(Math.exp(evaluated), score, normalizedDelta, temperature, probability, accepted);
        candidate = propose(current);
    }

    @Override
    public Evaluated best() {
        return new Evaluated(Math.exp(best), bestScore);
    }

    /** The point the chain is at, with its reported score; NaN score before the first report. */
    public Evaluated current() {
        return new Evaluated(Math.exp(Double.isNaN(current) ? candidate : current), currentScore);
    }

    /**
     * Moves the chain back to the best point seen and proposes the next candidate around it (one draw from the RNG).
     * The temperature is unchanged. Does nothing before the first report.
     */
    public void returnToBest() {
        if (Double.isNaN(best)) return;
        current = best;
        currentScore = bestScore;
        candidate = propose(current);
    }

    /** The temperature the next report's acceptance uses: T0 c^n after n reports. */
    public double temperature() {
        return config.initialTemperature() * Math.pow(config.coolingRate(), (double) reports);
    }

    /** Number of scores reported so far. */
    public long reports() {
        return reports;
    }

    /** What the last report decided; empty before the first. */
    public Optional<AnnealingStep> lastStep() {
        return Optional.ofNullable(lastStep);
    }

    /**
     * The Metropolis acceptance probability min(1, exp(delta / T)) of a candidate whose score differs from the current
     * one by {@code normalizedDelta} standard deviations. A candidate at least as good is always accepted, also at
     * T = 0.
     */
    public static double acceptanceProbability(double normalizedDelta, double temperature) {
        if (normalizedDelta >= 0) return 1.0;
        return Math.exp(normalizedDelta / temperature);
    }

    /**
     * Folds {@code x} into {@code [lo, hi]} by reflection at both ends (as light between two mirrors), the map under
     * which a symmetric random-walk step stays symmetric.
     */
    static double reflect(double x, double lo, double hi) {
        double width = hi - lo;
        double y = (x - lo) % (2 * width);
        if (y < 0) y += 2 * width;
        if (y > width) y = 2 * width - y;
        return lo + y;
    }

    private double propose(double from) {
        double sigma = config.logStepSize() * temperature() / config.initialTemperature();
        return reflect(from + sigma * gaussian(), logFloor, logCeiling);
    }

    /** A standard normal draw by the Marsaglia polar method, from the one RNG. */
    private double gaussian() {
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** Welford's running mean and variance of every reported score; also counts the report (cools). */
    private void observe(double score) {
        reports++;
        double d = score - scoreMean;
        scoreMean += d / reports;
        scoreM2 += d * (score - scoreMean);
    }

    private double scoreStandardDeviation() {
        return reports < 2 ? 0 : Math.sqrt(scoreM2 / (reports - 1));
    }

    /**
     * What one report decided.
     *
     * @param learningRate           the learning rate that was evaluated
     * @param score                  the score reported for it
     * @param normalizedDelta        (score - current score) / standard deviation of the scores; 0 for the first report
     * @param temperature            the temperature of the decision
     * @param acceptanceProbability  min(1, exp(normalizedDelta / temperature))
     * @param accepted               whether the chain moved to it
     */
    public record AnnealingStep(
            double learningRate,
            double score,
            double normalizedDelta,
            double temperature,
            double acceptanceProbability,
            boolean accepted) {}
}
