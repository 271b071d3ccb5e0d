package org.moca.sim;

/**
 * The kinds of disruption the simulator applies, and what {@link Disruption#severity()} means for each.
 */
public enum DisruptionType {
    /** A virgin supplier (or a collection's exogenous inflow) loses {@code severity} of its capacity; 1 = full outage. */
    SUPPLIER_OUTAGE,
    /** A processing facility loses {@code severity} of its capacity, in [0, 1]. */
    CAPACITY_LOSS,
    /** A processor's yields (all mode outputs) drop by the share {@code severity}, in [0, 1]. */
    YIELD_DROP,
    /**
     * Shipments dispatched on a lane (or on every lane leaving a facility) take {@code (1 + severity)} times their lead
     * time, severity in [0, {@value Disruption#MAX_DELAY_SEVERITY}].
     */
    LOGISTICS_DELAY,
    /** A market's demand is multiplied by {@code (1 + severity)}, severity in [-1, 3]. */
    DEMAND_SHOCK
}
