package org.moca.rl;

import java.util.List;

import org.moca.graph.ReferenceNetworks;
import org.moca.opt.PlanningPrices;
import org.moca.opt.SteadyStatePlanner;
import org.moca.scenario.Episode;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.NetworkLayout;
import org.moca.sim.Realization;
import org.moca.sim.SimConfig;

/** The reference network with its nominal plan, turned into episodes (what experiment.Testbed does, one layer down). */
final class RlFixtures {
    static final NetworkLayout LAYOUT = new NetworkLayout(ReferenceNetworks.circularElectronicsNd());
    static final SteadyStatePlanner.Plan PLAN = new SteadyStatePlanner(LAYOUT, PlanningPrices.defaults()).solve();

    private RlFixtures() {}

    static List<Episode> episodes(ScenarioFamily family, int n, long seed) {
        return family.sample(n, seed).stream()
                .map(s -> new Episode(LAYOUT, s, Realization.sample(LAYOUT, SimConfig.defaults(), s.horizon(), s.realizationSeed()),
                        PLAN.controls(), PLAN.laneFlow()))
                .toList();
    }
}
