package org.moca.cli;

import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;
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
            defaultValue = "black-swan",
            description = "training, black-swan, stable or a scenario-family YAML file (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "seed of the scenario sample (default: ${DEFAULT-VALUE})")
    long seed;

    SupplyNetwork network() {
        return ReferenceNetworks.resolve(topology, "--topology");
    }

    ScenarioFamily family() {
        return ScenarioFamilies.resolve(scenario, "--scenario");
    }
}
