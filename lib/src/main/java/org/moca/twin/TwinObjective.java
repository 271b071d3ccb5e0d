package org.moca.twin;

/**
 * The weights of the episode objective the differentiable twin minimizes over its hours {@code k = 0 .. H-1}:
 * <pre>
 *   J = sum_k [ unmetWeight (D_k - S_k) + costWeight C_k + shortfallWeight max(0, T level - sum_(j = k-T+1..k) s_j) ]
 * </pre>
 * with {@code D_k} the demand of hour k (all markets), {@code S_k} the demand of the hour served in the hour, {@code C_k}
 * the hour's procurement, processing and transport cost, and {@code s_j = S_j / D_j} the service of hour j (1 when
 * there is no demand, as in {@link org.moca.sim.EpisodeTrace#service}); the last term is the recovery shortfall: how far
 * the trailing T-hour sum of service falls below T times the recovery level (0.95 × the pre-onset baseline), hours
 * before the rollout counting with their observed service. It is the window LP's objective
 * ({@link org.moca.opt.WindowLpConfig}) in units of demand: a unit served is worth {@code serviceValue} = 2,000 there,
 * so the defaults put a unit of cost at 1/2,000 of a unit of demand and a unit of trailing-sum shortfall at the LP's
 * {@code recoveryPenalty} of 20 units of demand (without the LP's time ramp, which only breaks ties). Unmet demand is
 * {@link org.moca.sim.RecoveryMetrics#unmetDemand}'s, hour by hour.
 *
 * @param unmetWeight     weight of a unit of demand not served in its hour, {@code >= 0}
 * @param costWeight      weight of a unit of cost, {@code >= 0}
 * @param shortfallWeight weight of a unit of trailing-sum service shortfall below the recovery level, {@code >= 0}
 */
public record TwinObjective(double unmetWeight, double costWeight, double shortfallWeight) {

    public TwinObjective {
        requireNonNegative("unmetWeight", unmetWeight);
        requireNonNegative("costWeight", costWeight);
        requireNonNegative("shortfallWeight", shortfallWeight);
        if (unmetWeight + costWeight + shortfallWeight == 0) {
            throw new IllegalArgumentException("at least one of unmetWeight, costWeight, shortfallWeight must be > 0");
        }
    }

    private static void requireNonNegative(String field, double v) {
        if (!(v >= 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0, got " + v);
        }
    }

    /** Unmet demand 1, cost 1/2,000 (the LP's service value), shortfall 20 (the LP's recovery penalty). */
    public static TwinObjective defaults() {
        return new TwinObjective(1, 1.0 / 2000, 20);
    }

    public TwinObjective withUnmetWeight(double w) {
        return new TwinObjective(w, costWeight, shortfallWeight);
    }

    public TwinObjective withCostWeight(double w) {
        return new TwinObjective(unmetWeight, w, shortfallWeight);
    }

    public TwinObjective withShortfallWeight(double w) {
        return new TwinObjective(unmetWeight, costWeight, w);
    }
}
