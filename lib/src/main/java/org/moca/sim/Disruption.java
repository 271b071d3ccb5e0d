package org.moca.sim;

import java.util.Objects;

/**
 * One disruption: what is hit, when, for how long and how hard. Disruptions compose: several may be active in the same
 * hour, on the same or different targets (capacity and yield factors multiply, delays add, demand factors multiply).
 *
 * @param type     the kind of disruption
 * @param target   a facility id, or for {@link DisruptionType#LOGISTICS_DELAY} a lane id or a facility id (all its
 *                 outgoing lanes)
 * @param onset    first hour in which it is active, {@code >= 0}
 * @param duration hours it stays active, {@code >= 1}
 * @param severity strength, whose meaning and range depend on {@code type} (see {@link DisruptionType})
 */
public record Disruption(DisruptionType type, String target, int onset, int duration, double severity) {

    /** Largest allowed logistics-delay severity: lead times may at most triple. */
    public static final double MAX_DELAY_SEVERITY = 2.0;

    public Disruption {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        if (onset < 0) throw new IllegalArgumentException("disruption onset must be >= 0, got " + onset);
        if (duration < 1) throw new IllegalArgumentException("disruption duration must be >= 1 hour, got " + duration);
        boolean ok = switch (type) {
            case SUPPLIER_OUTAGE, CAPACITY_LOSS, YIELD_DROP -> severity >= 0 && severity <= 1;
            case LOGISTICS_DELAY -> severity >= 0 && severity <= MAX_DELAY_SEVERITY;
            case DEMAND_SHOCK -> severity >= -1 && severity <= 3;
        };
        if (!ok) throw new IllegalArgumentException("severity " + severity + " is out of range for " + type);
    }

    /** Whether the disruption is active in hour {@code t}. */
    public boolean activeAt(int t) {
        return t >= onset && t < onset + duration;
    }

    /** First hour after the disruption. */
    public int end() {
        return onset + duration;
    }
}
