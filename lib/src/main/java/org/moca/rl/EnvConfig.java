package org.moca.rl;

/**
 * The reward and episode length of a {@link SupplyChainEnv}.
 *
 * <p><b>Reward of hour t</b> (after onset):
 * <pre>  r_t = - unmetWeight * (demand_t - served_t) / D - costWeight * (cost_t - C) / C</pre>
 * with {@code D} the sum of the markets' mean hourly demands and {@code C} the mean hourly cost of the warm-up (the
 * nominal plan's cost in this episode). {@code served_t} is what the service metric counts (this hour's demand served
 * this hour), so the first term is minus the hour's service shortfall in units of mean demand; the second is the
 * relative extra cost. Under nominal operation both are near 0, which keeps the value function's targets small. Since
 * demand is exogenous, the first term differs from "served / D" only by a constant the policy cannot change.
 *
 * @param unmetWeight     weight of the service shortfall, >= 0
 * @param costWeight      weight of the relative extra cost, >= 0
 * @param hoursAfterOnset hours simulated after onset before the episode ends (capped at the horizon); 0 runs to the
 *                        scenario's horizon
 */
public record EnvConfig(double unmetWeight, double costWeight, int hoursAfterOnset) {

    public EnvConfig {
        if (!(unmetWeight >= 0) || !Double.isFinite(unmetWeight)) {
            throw new IllegalArgumentException("unmetWeight must be a finite number >= 0, got " + unmetWeight);
        }
        if (!(costWeight >= 0) || !Double.isFinite(costWeight)) {
            throw new IllegalArgumentException("costWeight must be a finite number >= 0, got " + costWeight);
        }
        if (hoursAfterOnset < 0) {
            throw new IllegalArgumentException(
                    "hoursAfterOnset must be >= 0 hours (0: to the horizon), got " + hoursAfterOnset);
        }
        if (unmetWeight == 0 && costWeight == 0) {
            throw new IllegalArgumentException("unmetWeight and costWeight are both 0: the reward would be constant");
        }
    }

    /**
     * Shortfall weight 1, cost weight 0.1, episodes to the scenario's horizon (96 h after onset in the reference
     * families): the policy is deployed for the whole horizon, and the recovery metric watches all of it.
     */
    public static EnvConfig defaults() {
        return new EnvConfig(1.0, 0.1, 0);
    }
}
