package org.moca.opt;

import java.util.List;
import java.util.Map;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;
import org.moca.graph.Material;
import org.moca.graph.Mode;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.Scenario;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimConfig;

/** Shared fixtures of the planner tests: the reference network with its nominal plan, episodes, a tiny chain. */
public final class OptFixtures {

    public static final NetworkIndex REFERENCE = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
    public static final SteadyStatePlanner.Plan NOMINAL =
            new SteadyStatePlanner(REFERENCE, PlanningPrices.defaults()).solve();
    public static final EpisodeRunner RUNNER = new EpisodeRunner(RecoveryCriteria.defaults(), x -> 0.0);

    private OptFixtures() {}

    /** The black-swan family cut to a 48-hour horizon after onset (the recovery window), so the oracle's LP stays small. */
    public static ScenarioFamily shortBlackSwan() {
        ScenarioFamily f = ScenarioFamilies.blackSwan();
        return new ScenarioFamily(f.name(), f.warmupHours(), 48, f.variants());
    }

    /** Episodes of a family on the reference network with the default noise. */
    public static List<Episode> episodes(ScenarioFamily family, int n, long seed) {
        return family.sample(n, seed).stream().map(OptFixtures::episode).toList();
    }

    public static Episode episode(Scenario s) {
        Realization r = Realization.sample(REFERENCE, SimConfig.defaults(), s.horizon(), s.realizationSeed());
        return new Episode(REFERENCE, s, r, NOMINAL.controls(), NOMINAL.laneFlow());
    }

    /** A simulator of the episode run on the nominal controls up to (not including) its onset. */
    public static CircularSupplySimulator atOnset(Episode e) {
        CircularSupplySimulator sim =
                new CircularSupplySimulator(e.layout(), e.scenario().disruptions(), e.realization(), e.laneFlow());
        while (sim.hour() < e.scenario().onset()) sim.step(e.nominal());
        return sim;
    }

    /**
     * supplier (ore, 3/h) --L1 (lead 1)--> plant (2/h, 1 ore -> 1 widget, holds 1 ore) --L2 (lead 1)--> market (demand
     * 2/h, holds 1 widget, no returns). Empty pipelines at hour 0.
     */
    public static SupplyNetwork tinyChain() {
        return new SupplyNetwork(
                "tiny-chain",
                List.of(new Material("ore", 1), new Material("widget", 1)),
                List.of(
                        Facility.supplier("sup", "ore", 3, 1, Map.of()),
                        Facility.processor(
                                "plant",
                                FacilityType.COMPONENT_PLANT,
                                2,
                                1,
                                List.of(new Mode("make", Map.of("ore", 1.0), Map.of("widget", 1.0))),
                                Map.of("ore", 1.0)),
                        Facility.market("market", "widget", 2, 0, 1, null, Map.of("widget", 1.0))),
                List.of(
                        new Lane("L1", "sup", "plant", "ore", 10, 1, 0.1),
                        new Lane("L2", "plant", "market", "widget", 10, 1, 0.1)));
    }
}
