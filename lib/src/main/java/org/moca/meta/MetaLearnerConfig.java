package org.moca.meta;

/**
 * Hyper-parameters of a {@link MetaLearner}. Defaults are the author's: inner SGD lr 0.01 with 5 steps, outer Adam
 * lr 0.001 (betas 0.9, 0.999, eps 1e-8), one worker.
 *
 * @param innerLearningRate SGD step size of the inner (adaptation) loop, {@code alpha}
 * @param innerSteps        number of inner SGD steps, {@code K}
 * @param outerLearningRate Adam step size of the outer (meta) update
 * @param adamBeta1         Adam's first-moment decay
 * @param adamBeta2         Adam's second-moment decay
 * @param adamEpsilon       Adam's denominator guard
 * @param workers           threads that adapt the tasks of a meta-batch in parallel (tasks are independent; the
 *                          result does not depend on this number: gradients are summed in task order)
 */
public record MetaLearnerConfig(
        double innerLearningRate,
        int innerSteps,
        double outerLearningRate,
        double adamBeta1,
        double adamBeta2,
        double adamEpsilon,
        int workers) {

    public MetaLearnerConfig {
        if (!(innerLearningRate > 0 && Double.isFinite(innerLearningRate))) {
            throw new IllegalArgumentException(
                    "innerLearningRate must be a finite number > 0, got " + innerLearningRate);
        }
        if (innerSteps < 1) throw new IllegalArgumentException("innerSteps must be >= 1, got " + innerSteps);
        if (!(outerLearningRate > 0 && Double.isFinite(outerLearningRate))) {
            throw new IllegalArgumentException(
                    "outerLearningRate must be a finite number > 0, got " + outerLearningRate);
        }
        if (!(adamBeta1 >= 0 && adamBeta1 < 1))
            throw new IllegalArgumentException("adamBeta1 must be in [0, 1), got " + adamBeta1);
        if (!(adamBeta2 >= 0 && adamBeta2 < 1))
            throw new IllegalArgumentException("adamBeta2 must be in [0, 1), got " + adamBeta2);
        if (!(adamEpsilon > 0)) throw new IllegalArgumentException("adamEpsilon must be > 0, got " + adamEpsilon);
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }

    /** The author's defaults. */
    public static MetaLearnerConfig defaults() {
        return new MetaLearnerConfig(0.01, 5, 0.001, 0.9, 0.999, 1e-8, 1);
    }

    public MetaLearnerConfig withInnerLearningRate(double value) {
        return new MetaLearnerConfig(value, innerSteps, outerLearningRate, adamBeta1, adamBeta2, adamEpsilon, workers);
    }

    public MetaLearnerConfig withInnerSteps(int value) {
        return new MetaLearnerConfig(
                innerLearningRate, value, outerLearningRate, adamBeta1, adamBeta2, adamEpsilon, workers);
    }

    public MetaLearnerConfig withOuterLearningRate(double value) {
        return new MetaLearnerConfig(innerLearningRate, innerSteps, value, adamBeta1, adamBeta2, adamEpsilon, workers);
    }

    public MetaLearnerConfig withWorkers(int value) {
        return new MetaLearnerConfig(
                innerLearningRate, innerSteps, outerLearningRate, adamBeta1, adamBeta2, adamEpsilon, value);
    }
}
