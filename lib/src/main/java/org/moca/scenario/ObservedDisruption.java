package org.moca.scenario;

import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;

/**
 * A disruption as a planner sees it once it has begun: what, where, since when and how hard — but not when it ends.
 *
 * @param type     the kind
 * @param target   facility or lane id
 * @param onset    the hour it began
 * @param severity its strength
 */
public record ObservedDisruption(DisruptionType type, String target, int onset, double severity) {

    static ObservedDisruption of(Disruption d) {
        return new ObservedDisruption(d.type(), d.target(), d.onset(), d.severity());
    }
}
