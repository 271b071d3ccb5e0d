package org.moca.rl;

import java.util.List;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.ReferenceNetworks;
import org.moca.opt.PlanningPrices;
import org.moca.opt.SteadyStatePlanner;
import org.moca.scenario.Episode;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.EpisodeTrace;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.SimConfig;

/** The reference network with its nominal plan, turned into episodes (what experiment.Testbed does, one layer down). */
final class RlFixtures {
    static final NetworkIndex LAYOUT = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
    static final SteadyStatePlanner.Plan PLAN = new SteadyStatePlanner(LAYOUT, PlanningPrices.defaults()).solve();

    private RlFixtures() {}

    /** The hourly rewards of {@link EnvConfig}'s formula, recomputed from a runner's trace (warm-up cost as nominal). */
    static double[] rewardsFromTrace(Episode e, EpisodeTrace trace, EnvConfig config) {
        int onset = e.scenario().onset();
        double nominalCost = 0;
        for (int t = 0; t < onset; t++) nominalCost += trace.cost(t) / onset;
        double meanDemand = e.layout().network().facilities().stream()
                .filter(f -> f.type() == FacilityType.MARKET)
                .mapToDouble(Facility::demand)
                .sum();
        int end = config.hoursAfterOnset() == 0
                ? e.scenario().horizon()
                : Math.min(e.scenario().horizon(), onset + config.hoursAfterOnset());
        double[] r = new double[end - onset];
        for (int t = onset; t < end; t++) {
            r[t - onset] = -config.unmetWeight() * (trace.demand(t) - trace.served(t)) / meanDemand
                    - config.costWeight() * (trace.cost(t) - nominalCost) / nominalCost;
        }
        return r;
    }

    static List<Episode> episodes(ScenarioFamily family, int n, long seed) {
        return family.sample(n, seed).stream()
                .map(s -> new Episode(
                        LAYOUT,
                        s,
                        Realization.sample(LAYOUT, SimConfig.defaults(), s.horizon(), s.realizationSeed()),
                        PLAN.controls(),
                        PLAN.laneFlow()))
                .toList();
    }
}
