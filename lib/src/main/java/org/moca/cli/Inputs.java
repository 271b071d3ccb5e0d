package org.moca.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.graph.TopologyLoader;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;

/** Resolves the names the command line accepts for topologies and scenario families. */
final class Inputs {

    private Inputs() {}

    /** {@code circular-electronics-nd} (the shipped reference) or a directory of topology CSV files. */
    static SupplyNetwork topology(String name) {
        if (name.equals("circular-electronics-nd")) return ReferenceNetworks.circularElectronicsNd();
        Path dir = Path.of(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "--topology " + name + ": expected circular-electronics-nd or a directory of topology CSV files");
        }
        return TopologyLoader.load(dir);
    }

    /** {@code training}, {@code black-swan} (the reference families) or a YAML file. */
    static ScenarioFamily family(String name) {
        return switch (name) {
            case "training" -> ScenarioFamilies.training();
            case "black-swan" -> ScenarioFamilies.blackSwan();
            case "stable" -> ScenarioFamilies.stable();
            default -> {
                Path f = Path.of(name);
                if (!Files.isRegularFile(f)) {
                    throw new IllegalArgumentException("--scenario " + name
                            + ": expected training, black-swan, stable or a scenario-family YAML file");
                }
                yield ScenarioFamilies.load(f);
            }
        };
    }
}
