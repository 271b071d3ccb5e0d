package org.moca.scenario;

import java.util.List;
import java.util.Objects;
import org.moca.sim.Disruption;

/**
 * One concrete episode to simulate: its disruptions, the onset the recovery window is measured from, the horizon, and
 * the seed of its exogenous randomness ({@link org.moca.sim.Realization}).
 *
 * @param family          the family it was drawn from
 * @param variant         the family's variant
 * @param index           its index within the sampled set
 * @param disruptions     the disruptions
 * @param onset           hour the recovery window starts (the first disruption's onset); the hours before are warm-up
 * @param horizon         hours simulated
 * @param realizationSeed seed of the demand, yield and delay noise
 */
public record Scenario(
        String family,
        String variant,
        int index,
        List<Disruption> disruptions,
        int onset,
        int horizon,
        long realizationSeed) {
    public Scenario {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(variant, "variant");
        disruptions = List.copyOf(Objects.requireNonNull(disruptions, "disruptions"));
        if (onset < 1) throw new IllegalArgumentException("onset must leave at least one warm-up hour, got " + onset);
        if (horizon <= onset) throw new IllegalArgumentException("horizon " + horizon + " must exceed onset " + onset);
    }

    /** A short label, e.g. {@code black-swan/compound-recycler#3}. */
    public String label() {
        return family + "/" + variant + "#" + index;
    }
}
