package org.moca.twin;

import java.util.Objects;
import org.moca.sim.HourFactors;
import org.moca.sim.StateEncoder;

/**
 * Settings of the {@link RolloutLoss}.
 *
 * @param objective     the episode objective's weights
 * @param stateGradient whether the gradient follows the policy's observations of the twin's states
 *                      ({@link StateGradient#THROUGH_STATE}, the exact gradient of the closed-loop rollout) or treats
 *                      each hour's encoded state as a constant ({@link StateGradient#STOPPED})
 * @param stateLayout   the state layout the rollout's policy observes the twin in ({@link StateEncoder}): 2 (the
 *                      default) the factors known at the hour ({@link DifferentiableTwin#knownFactors}), 1 the twin's
 *                      last simulated hour ({@link HourFactors#lastHour} of {@link DifferentiableTwin#view}), to
 *                      measure protocol v1's stale state on the rollout signal
 */
public record RolloutConfig(TwinObjective objective, StateGradient stateGradient, int stateLayout) {

    /** Settings in the current state layout ({@value StateEncoder#LAYOUT_VERSION}). */
    public RolloutConfig(TwinObjective objective, StateGradient stateGradient) {
        this(objective, stateGradient, StateEncoder.LAYOUT_VERSION);
    }

    /** How the rollout's gradient treats the states the policy observes. */
    public enum StateGradient {
        /**
         * Backpropagate through the {@link org.moca.sim.StateEncoder}: an action changes later states, the policy sees
         * them and acts differently, and that reaction is part of the gradient (backpropagation through time).
         */
        THROUGH_STATE,
        /**
         * Stop the gradient at the encoded state: each hour's action is credited with its effect on the objective
         * through the dynamics only, as if later actions did not react (cheaper: no per-hour backward through the
         * policy; biased, but without the products of per-hour Jacobians that can explode over long horizons).
         */
        STOPPED
    }

    public RolloutConfig {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(stateGradient, "stateGradient (THROUGH_STATE or STOPPED)");
        StateEncoder.checkLayout(stateLayout, "stateLayout");
    }

    /** Default objective, gradient through the states. */
    public static RolloutConfig defaults() {
        return new RolloutConfig(TwinObjective.defaults(), StateGradient.THROUGH_STATE);
    }

    public RolloutConfig withObjective(TwinObjective o) {
        return new RolloutConfig(o, stateGradient, stateLayout);
    }

    public RolloutConfig withStateGradient(StateGradient g) {
        return new RolloutConfig(objective, g, stateLayout);
    }

    /** These settings with the rollout's states encoded in layout {@code v} (1 or 2). */
    public RolloutConfig withStateLayout(int v) {
        return new RolloutConfig(objective, stateGradient, v);
    }
}
