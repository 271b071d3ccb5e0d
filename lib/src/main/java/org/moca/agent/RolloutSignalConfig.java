package org.moca.agent;

import java.util.Objects;
import org.moca.twin.RolloutConfig;
import org.moca.twin.TwinObjective;

/**
 * The settings of the learned methods that train and adapt on the differentiable twin's rollout objective instead of
 * imitation (issue 16; docs/learning-signals.md, "The rollout signal in the benchmark"): the rollout itself, the
 * pretraining of the policy on the training episodes' onset starts, the first-order meta-training on rollout tasks,
 * and the inner loop of every deployment-time adaptation on the rollout loss.
 *
 * @param horizon              hours of every model rollout (from the onset state at training, from the observed state
 *                             at deployment), at least 1
 * @param stateGradient        whether the rollout's gradient follows the policy's observations of the twin's states
 *                             ({@link RolloutConfig.StateGradient})
 * @param objective            the episode objective's weights (unmet demand, cost, recovery shortfall)
 * @param pretrainSteps        Adam steps of the pretraining on the mean rollout loss over the training episodes' onset
 *                             starts, at least 1
 * @param pretrainLearningRate Adam's step size in pretraining, positive
 * @param metaIterations       first-order outer steps of rollout meta-training (from the pretrained policy), at least 0
 * @param outerLearningRate    Adam's step size in rollout meta-training, positive. Chosen on validation episodes only:
 *                             at the imitation learners' 0.001 first-order MAML's meta-training overfits the 16
 *                             training episodes' hindsight rollouts and the held-out adapted loss rises from 0.181 to
 *                             0.59-0.75 within 25 outer steps (recovery 1/8 against rollout-finetuned's 6/8 on
 *                             validation seed 11); 1e-4 gives 0.181 and 2e-5 0.176 after 100 steps
 *                             (docs/learning-signals.md)
 * @param innerSteps           K, SGD steps of every adaptation on a rollout loss (meta-training and deployment), at
 *                             least 1
 * @param innerLearningRate    their step size, positive (the meta-learner of a rollout method is built with these K
 *                             and rate, so its {@code adapt} on a rollout loss is this inner loop)
 * @param onlineStarts         rollout starts replayed per online step (MOCA's continual loop on the rollout signal),
 *                             at least 1
 */
public record RolloutSignalConfig(
        int horizon,
        RolloutConfig.StateGradient stateGradient,
        TwinObjective objective,
        int pretrainSteps,
        double pretrainLearningRate,
        int metaIterations,
        double outerLearningRate,
        int innerSteps,
        double innerLearningRate,
        int onlineStarts) {

    public RolloutSignalConfig {
        if (horizon < 1) throw new IllegalArgumentException("horizon must be >= 1 hour, got " + horizon);
        if (stateGradient == null)
            throw new IllegalArgumentException("stateGradient: expected THROUGH_STATE or STOPPED");
        Objects.requireNonNull(objective, "objective");
        if (pretrainSteps < 1) throw new IllegalArgumentException("pretrainSteps must be >= 1, got " + pretrainSteps);
        if (!(pretrainLearningRate > 0 && Double.isFinite(pretrainLearningRate)))
            throw new IllegalArgumentException(
                    "pretrainLearningRate must be a positive number, got " + pretrainLearningRate);
        if (metaIterations < 0)
            throw new IllegalArgumentException("metaIterations must be >= 0, got " + metaIterations);
        if (!(outerLearningRate > 0 && Double.isFinite(outerLearningRate)))
            throw new IllegalArgumentException("outerLearningRate must be a positive number, got " + outerLearningRate);
        if (innerSteps < 1) throw new IllegalArgumentException("innerSteps must be >= 1, got " + innerSteps);
        if (!(innerLearningRate > 0 && Double.isFinite(innerLearningRate)))
            throw new IllegalArgumentException("innerLearningRate must be a positive number, got " + innerLearningRate);
        if (onlineStarts < 1) throw new IllegalArgumentException("onlineStarts must be >= 1, got " + onlineStarts);
    }

    /**
     * 48-hour rollouts with the states stopped (as good as through the states in the pretraining bench and 2-4x
     * cheaper per step, docs/learning-signals.md section 4), the window LP's prices, the bench's pretraining (200 Adam
     * steps at 0.003), 100 first-order outer steps at 2e-5, K = 5 inner steps at 0.1, 2 starts per online step. The inner rate
     * was chosen on validation episodes only (8 of the validation family, seed 11, adapted from a pretrained policy
     * on their onset forecasts, scored by the hindsight rollout on their realizations): 0.001 / 0.003 / 0.01 / 0.03 /
     * 0.1 / 0.3 gave 0.458 / 0.323 / 0.220 / 0.197 / 0.181 / 0.199 (0.499 unadapted); K = 10 at 0.1 gave 0.173 for
     * twice the cost (docs/learning-signals.md).
     */
    public static RolloutSignalConfig defaults() {
        return new RolloutSignalConfig(
                48, RolloutConfig.StateGradient.STOPPED, TwinObjective.defaults(), 200, 0.003, 100, 2e-5, 5, 0.1, 2);
    }

    /** The rollout loss's own settings (objective and state-gradient mode). */
    public RolloutConfig rolloutConfig() {
        return new RolloutConfig(objective, stateGradient);
    }

    /** This config with horizon replaced. */
    public RolloutSignalConfig withHorizon(int value) {
        return new RolloutSignalConfig(
                value,
                stateGradient,
                objective,
                pretrainSteps,
                pretrainLearningRate,
                metaIterations,
                outerLearningRate,
                innerSteps,
                innerLearningRate,
                onlineStarts);
    }

    /** This config with stateGradient replaced. */
    public RolloutSignalConfig withStateGradient(RolloutConfig.StateGradient value) {
        return new RolloutSignalConfig(
                horizon,
                value,
                objective,
                pretrainSteps,
                pretrainLearningRate,
                metaIterations,
                outerLearningRate,
                innerSteps,
                innerLearningRate,
                onlineStarts);
    }

    /** This config with objective replaced. */
    public RolloutSignalConfig withObjective(TwinObjective value) {
        return new RolloutSignalConfig(
                horizon,
                stateGradient,
                value,
                pretrainSteps,
                pretrainLearningRate,
                metaIterations,
                outerLearningRate,
                innerSteps,
                innerLearningRate,
                onlineStarts);
    }

    /** This config with pretrainSteps replaced. */
    public RolloutSignalConfig withPretrainSteps(int value) {
        return new RolloutSignalConfig(
                horizon,
                stateGradient,
                objective,
                value,
                pretrainLearningRate,
                metaIterations,
                outerLearningRate,
                innerSteps,
                innerLearningRate,
                onlineStarts);
    }

    /** This config with pretrainLearningRate replaced. */
    public RolloutSignalConfig withPretrainLearningRate(double value) {
        return new RolloutSignalConfig(
                horizon,
                stateGradient,
                objective,
                pretrainSteps,
                value,
                metaIterations,
                outerLearningRate,
                innerSteps,
                innerLearningRate,
                onlineStarts);
    }

    /** This config with metaIterations replaced. */
    public RolloutSignalConfig withMetaIterations(int value) {
        return new RolloutSignalConfig(
                horizon,
                stateGradient,
                objective,
                pretrainSteps,
                pretrainLearningRate,
                value,
                outerLearningRate,
                innerSteps,
                innerLearningRate,
                onlineStarts);
    }

    /** This config with outerLearningRate replaced. */
    public RolloutSignalConfig withOuterLearningRate(double value) {
        return new RolloutSignalConfig(
                horizon,
                stateGradient,
                objective,
                pretrainSteps,
                pretrainLearningRate,
                metaIterations,
                value,
                innerSteps,
                innerLearningRate,
                onlineStarts);
    }

    /** This config with innerSteps replaced. */
    public RolloutSignalConfig withInnerSteps(int value) {
        return new RolloutSignalConfig(
                horizon,
                stateGradient,
                objective,
                pretrainSteps,
                pretrainLearningRate,
                metaIterations,
                outerLearningRate,
                value,
                innerLearningRate,
                onlineStarts);
    }

    /** This config with innerLearningRate replaced. */
    public RolloutSignalConfig withInnerLearningRate(double value) {
        return new RolloutSignalConfig(
                horizon,
                stateGradient,
                objective,
                pretrainSteps,
                pretrainLearningRate,
                metaIterations,
                outerLearningRate,
                innerSteps,
                value,
                onlineStarts);
    }

    /** This config with onlineStarts replaced. */
    public RolloutSignalConfig withOnlineStarts(int value) {
        return new RolloutSignalConfig(
                horizon,
                stateGradient,
                objective,
                pretrainSteps,
                pretrainLearningRate,
                metaIterations,
                outerLearningRate,
                innerSteps,
                innerLearningRate,
                value);
    }
}
