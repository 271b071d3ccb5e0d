package org.moca.schedule;

/**
 * Tunable values of {@link SimulatedAnnealingScheduler}; the defaults are the author's (0.01, floor 1e-4, ceiling 0.1,
 * temperature 1, cooling 0.99) plus a proposal width he did not have (his step was as wide as the whole range).
 *
 * @param initialLearningRate first learning rate evaluated, in [floor, ceiling]
 * @param floor               smallest learning rate proposed, positive
 * @param ceiling             largest learning rate proposed, above {@code floor}
 * @param initialTemperature  T0, in units of the observed scores' standard deviation: a candidate one standard deviation
 *                            worse than the current is accepted with probability exp(-1/T); positive, finite
 * @param coolingRate         c in T_n = T0 c^n, in (0, 1]
 * @param logStepSize         standard deviation of the proposal in natural-log learning rate at T0 (it shrinks with
 *                            T); positive and at most half of ln(ceiling / floor)
 */
public record SimulatedAnnealingConfig(
        double initialLearningRate,
        double floor,
        double ceiling,
        double initialTemperature,
        double coolingRate,
        double logStepSize) {

    public SimulatedAnnealingConfig {
        if (!(floor > 0) || !Double.isFinite(floor))
            throw new IllegalArgumentException("floor must be a positive number, got " + floor);
        if (!(ceiling > floor) || !Double.isFinite(ceiling)) {
            throw new IllegalArgumentException("ceiling must be a number above floor " + floor + ", got " + ceiling);
        }
        if (!(initialLearningRate >= floor && initialLearningRate <= ceiling)) {
            throw new IllegalArgumentException("initialLearningRate must be a number in [floor, ceiling] = [" + floor
                    + ", " + ceiling + "], got " + initialLearningRate);
        }
        if (!(initialTemperature > 0) || !Double.isFinite(initialTemperature)) {
            throw new IllegalArgumentException(
                    "initialTemperature must be a positive number, got " + initialTemperature);
        }
        if (!(coolingRate > 0 && coolingRate <= 1)) {
            throw new IllegalArgumentException("coolingRate must be a number in (0, 1], got " + coolingRate);
        }
        double halfRange = Math.log(ceiling / floor) / 2;
        if (!(logStepSize > 0 && logStepSize <= halfRange)) {
            throw new IllegalArgumentException(
                    "logStepSize must be a number in (0, ln(ceiling/floor)/2 = " + halfRange + "], got " + logStepSize);
        }
    }

    /** The author's values; a proposal step of 0.5 in ln(lr) (a factor of about 1.65) at T0. */
    public static SimulatedAnnealingConfig defaults() {
        return new SimulatedAnnealingConfig(0.01, 1e-4, 0.1, 1.0, 0.99, 0.5);
    }
}
