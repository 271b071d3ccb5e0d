package org.moca.scenario;

import java.util.Objects;
import org.moca.sim.Controls;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;

/**
 * Everything that defines one episode: the network, the scenario, its realized randomness, and the nominal operation
 * (the pre-disruption controls and the steady-state pipeline flows).
 *
 * @param layout      the network's layout
 * @param scenario    disruptions, onset, horizon
 * @param realization the episode's exogenous randomness (demand, yields, delays) — only privileged policies read it
 * @param nominal     the nominal controls run before onset
 * @param laneFlow    steady-state flow per lane, pre-filling the pipelines at hour 0
 */
public record Episode(
        NetworkIndex layout, Scenario scenario, Realization realization, Controls nominal, double[] laneFlow) {
    public Episode {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(realization, "realization");
        Objects.requireNonNull(nominal, "nominal");
        Objects.requireNonNull(laneFlow, "laneFlow");
        nominal.validate(layout);
        if (realization.hours() < scenario.horizon()) {
            throw new IllegalArgumentException(
                    "realization covers " + realization.hours() + " hours, the scenario needs " + scenario.horizon());
        }
    }
}
