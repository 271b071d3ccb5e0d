package org.moca.cli;

import org.moca.experiment.ExperimentRunner;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.opt.OraclePolicy;
import org.moca.opt.WindowLpConfig;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.RecoveryCriteria;
import picocli.CommandLine.Option;

/** The options every command that samples scenarios shares: which network, which family, which seed. */
final class ScenarioOptions {

    @Option(
            names = "--topology",
            defaultValue = "circular-electronics-nd",
            description = "circular-electronics-nd or a directory of topology CSV files (default: ${DEFAULT-VALUE})")
    String topology;

    @Option(
            names = "--scenario",
            description = "a family of the topology (circular-electronics-nd: training, validation, black-swan,"
                    + " backup-late, stable; circular-batteries-nmc: training, validation, lithium-crunch, stable; a"
                    + " topology directory: the files of its scenarios/ folder), optionally :<variant>, or a"
                    + " scenario-family YAML file (default: the topology's test family, black-swan or lithium-crunch)")
    String scenario;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "seed of the scenario sample (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--mpc-lookahead",
            defaultValue = "0",
            description =
                    "hours the MPC plans ahead, 0 = the network's slowest supply path + 24 (default: ${DEFAULT-VALUE})")
    int mpcLookahead;

    /** The MPC's settings: the defaults with this command line's lookahead. */
    MpcConfig mpcConfig() {
        if (mpcLookahead < 0)
            throw new IllegalArgumentException("--mpc-lookahead must be >= 0 (0: derived), got " + mpcLookahead);
        return MpcConfig.defaults().withLookaheadHours(mpcLookahead);
    }

    /** The OR experts under {@code criteria}: the MPC with {@link #mpcConfig()}, the oracle with its defaults. */
    ExperimentRunner.Experts experts(RecoveryCriteria criteria) {
        MpcConfig mpc = mpcConfig();
        return new ExperimentRunner.Experts(
                () -> new MpcExpertPolicy(mpc, criteria), () -> new OraclePolicy(WindowLpConfig.defaults(), criteria));
    }

    SupplyNetwork network() {
        return ReferenceNetworks.resolve(topology, "--topology");
    }

    /**
     * The family of {@code --scenario} (or the topology's test family), checked against {@code network} and the
     * recovery window: a target the topology lacks is an input error naming the family file and its line. Also checks
     * {@code --mpc-lookahead}, so that the commands have all their input checked before they compute.
     */
    ScenarioFamily family(SupplyNetwork network, RecoveryCriteria criteria) {
        mpcConfig(); // every option of this group is checked before any work
        String spec = scenario != null ? scenario : ScenarioFamilies.defaultTestFamily(topology, "--scenario");
        return ScenarioFamilies.resolve(
                spec, "--scenario", new ScenarioFamilies.Use(topology, network, criteria.windowHours()));
    }
}
