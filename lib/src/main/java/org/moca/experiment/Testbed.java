package org.moca.experiment;

import java.util.List;
import java.util.Objects;
import org.moca.graph.CircularityScore;
import org.moca.graph.SupplyNetwork;
import org.moca.opt.PlanningPrices;
import org.moca.opt.SteadyStatePlanner;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.Scenario;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimConfig;

/**
 * A network with its nominal operating plan, the simulator's noise settings and the recovery criteria: everything
 * needed to turn scenarios into {@link Episode}s and run policies on them. Builds the plan once.
 */
public final class Testbed {

    private final SupplyNetwork network;
    private final NetworkIndex layout;
    private final SimConfig simConfig;
    private final RecoveryCriteria criteria;
    private final SteadyStatePlanner.Plan nominal;
    private final EpisodeRunner runner;

    public Testbed(SupplyNetwork network, SimConfig simConfig, RecoveryCriteria criteria, PlanningPrices prices) {
        this.network = Objects.requireNonNull(network, "network");
        this.simConfig = Objects.requireNonNull(simConfig, "simConfig");
        this.criteria = Objects.requireNonNull(criteria, "criteria");
        this.layout = new NetworkIndex(network);
        this.nominal = new SteadyStatePlanner(layout, prices).solve();
        CircularityScore circularity = new CircularityScore(network);
        this.runner = new EpisodeRunner(criteria, circularity::score);
    }

    /** The workbench defaults: default noise, 48/36-hour windows, default planning prices. */
    public static Testbed of(SupplyNetwork network) {
        return new Testbed(network, SimConfig.defaults(), RecoveryCriteria.defaults(), PlanningPrices.defaults());
    }

    public SupplyNetwork network() {
        return network;
    }

    public NetworkIndex layout() {
        return layout;
    }

    public RecoveryCriteria criteria() {
        return criteria;
    }

    public SteadyStatePlanner.Plan nominal() {
        return nominal;
    }

    public EpisodeRunner runner() {
        return runner;
    }

    /** The episode of one scenario: its realization is drawn from the scenario's own seed. */
    public Episode episode(Scenario scenario) {
        Realization r = Realization.sample(layout, simConfig, scenario.horizon(), scenario.realizationSeed());
        return new Episode(layout, scenario, r, nominal.controls(), nominal.laneFlow());
    }

    /** {@code n} episodes of a family, seeded. */
    public List<Episode> episodes(ScenarioFamily family, int n, long seed) {
        return family.sample(n, seed).stream().map(this::episode).toList();
    }
}
