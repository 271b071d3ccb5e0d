package org.moca.opt;

import java.util.Objects;

/**
 * The objective of the window LP.
 *
 * @param prices            service value, leakage and virgin prices (the same as the nominal plan's)
 * @param backlogValueShare a unit of backlog served is worth this share of a unit of demand served in its own hour, in
 *                          (0, 1): below 1 so the plan, like the simulator, serves the hour's demand first
 * @param earlyServiceBonus service in the first planned hour is worth {@code 1 + earlyServiceBonus} times service in the
 *                          last, linearly in between, in [0, 1]: a strictly earlier-is-better weight makes the plan
 *                          serve from stock as soon as it can, as the simulator does, instead of an equal-value
 *                          alternative that holds stock for later
 * @param recoveryPenalty   when the problem carries a {@link WindowProblem.ServiceTarget}, each hour's shortfall of the
 *                          trailing mean service below the target level costs {@code recoveryPenalty × serviceValue}
 *                          per unit of service ratio, weighted from 1 (first hour) up to 2 (last hour), >= 0 (0: off).
 *                          The rising weight pushes an unavoidable shortfall as early as possible, so the plan gets
 *                          service back above the recovery threshold as soon as the network can hold it there
 */
public record WindowLpConfig(
        PlanningPrices prices, double backlogValueShare, double earlyServiceBonus, double recoveryPenalty) {

    public WindowLpConfig {
        Objects.requireNonNull(prices, "prices");
        if (!(backlogValueShare > 0 && backlogValueShare < 1)) {
            throw new IllegalArgumentException("backlogValueShare must be in (0, 1), got " + backlogValueShare);
        }
        if (!(earlyServiceBonus >= 0 && earlyServiceBonus <= 1)) {
            throw new IllegalArgumentException("earlyServiceBonus must be in [0, 1], got " + earlyServiceBonus);
        }
        if (!(recoveryPenalty >= 0))
            throw new IllegalArgumentException("recoveryPenalty must be >= 0, got " + recoveryPenalty);
    }

    /** Default prices, backlog worth half, a 5% bonus for the earliest hour, a recovery penalty of 20 units per unit of ratio. */
    public static WindowLpConfig defaults() {
        return new WindowLpConfig(PlanningPrices.defaults(), 0.5, 0.05, 20);
    }
}
