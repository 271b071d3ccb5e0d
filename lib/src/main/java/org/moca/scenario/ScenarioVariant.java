package org.moca.scenario;

import java.util.List;
import java.util.Objects;

/**
 * One variant of a scenario family: a named, weighted combination of disruptions that happen together (e.g. "a 72-hour
 * primary rare-earth outage compounded with a recycler capacity loss").
 *
 * @param name        variant name
 * @param weight      relative probability of the variant within its family, positive
 * @param disruptions the disruptions drawn together
 */
public record ScenarioVariant(String name, double weight, List<DisruptionSpec> disruptions) {
    public ScenarioVariant {
        Objects.requireNonNull(name, "name");
        disruptions = List.copyOf(Objects.requireNonNull(disruptions, "disruptions"));
        if (name.isBlank()) throw new IllegalArgumentException("name must not be empty");
        if (!(weight > 0) || !Double.isFinite(weight))
            throw new IllegalArgumentException(
                    "weight must be a positive finite number, got " + weight + " (variant " + name + ")");
        if (disruptions.isEmpty())
            throw new IllegalArgumentException("disruptions must list at least one disruption (variant " + name + ")");
    }
}
