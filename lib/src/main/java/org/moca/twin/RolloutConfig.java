package org.moca.twin;

import java.util.Objects;

/**
 * Settings of the {@link RolloutLoss}.
 *
 * @param objective     the episode objective's weights
 * @param stateGradient whether the gradient follows the policy's observations of the twin's states
 *                      ({@link StateGradient#THROUGH_STATE}, the exact gradient of the closed-loop rollout) or treats
 *                      each hour's encoded state as a constant ({@link StateGradient#STOPPED})
 */
public record RolloutConfig(TwinObjective objective, StateGradient stateGradient) {

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
    }

    /** Default objective, gradient through the states. */
    public static RolloutConfig defaults() {
        return new RolloutConfig(TwinObjective.defaults(), StateGradient.THROUGH_STATE);
    }

    public RolloutConfig withObjective(TwinObjective o) {
        return new RolloutConfig(o, stateGradient);
    }

    public RolloutConfig withStateGradient(StateGradient g) {
        return new RolloutConfig(objective, g);
    }
}
