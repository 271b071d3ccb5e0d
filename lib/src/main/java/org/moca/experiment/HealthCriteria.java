package org.moca.experiment;

/**
 * The benchmark-health rule of DESIGN.md §5, checked per test family on every run: a family measures recovery
 * policies only if doing nothing fails, the perfect-information ceiling succeeds, the one-decision probe
 * ({@code backup-rule}) is clearly below the MPC expert, and the service baseline is quiet enough that noise does not
 * look like a hit. A family that fails is flagged in the printed table and in {@code health.csv}, never averaged in.
 *
 * @param noActionMax    largest recovery rate of no-action (0.30)
 * @param oracleMin      smallest recovery rate of the oracle (0.90)
 * @param probeMargin    least gap between the MPC's and backup-rule's recovery rates (0.20)
 * @param probeAlpha     and the paired McNemar test of backup-rule against the MPC must reject at this level (0.05)
 * @param preOnsetDipMax largest share of episodes whose trailing service fell below the threshold before the onset
 *                       (0: none)
 */
public record HealthCriteria(
        double noActionMax, double oracleMin, double probeMargin, double probeAlpha, double preOnsetDipMax) {

    public HealthCriteria {
        unit("noActionMax", noActionMax);
        unit("oracleMin", oracleMin);
        unit("probeMargin", probeMargin);
        if (!(probeAlpha > 0 && probeAlpha < 1))
            throw new IllegalArgumentException("probeAlpha must be in (0, 1), got " + probeAlpha);
        unit("preOnsetDipMax", preOnsetDipMax);
    }

    /** no-action ≤ 30%, oracle ≥ 90%, backup-rule at least 20 points below the MPC (McNemar p &lt; 0.05), no dips. */
    public static HealthCriteria defaults() {
        return new HealthCriteria(0.30, 0.90, 0.20, 0.05, 0.0);
    }

    private static void unit(String name, double v) {
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
    }
}
