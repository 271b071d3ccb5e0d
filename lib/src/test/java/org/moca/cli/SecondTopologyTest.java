package org.moca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moca.experiment.ExperimentConfig;
import org.moca.experiment.Methods;

/**
 * The second shipped topology ({@code circular-batteries-nmc}) through every command at a CI budget, with its own
 * scenario families: {@code simulate}, {@code compare} (every untrained method), {@code reproduce} with every
 * registered method ({@code experiments/battery-ci.yaml}) and {@code continual}
 * ({@code experiments/continual-battery-ci.yaml}). Issue 13: nothing may be wired to the reference network.
 */
class SecondTopologyTest {

    private static final String TOPOLOGY = "circular-batteries-nmc";

    /** A file of the repository's {@code experiments/} folder, from the module or the root. */
    private static Path experiment(String file) {
        Path fromModule = Path.of("..", "experiments", file);
        return Files.exists(fromModule) ? fromModule : Path.of("experiments", file);
    }

    @Test
    void simulateAndCompareRunOnTheBatteryNetworkWithItsOwnFamily(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        Path sim = dir.resolve("sim"), cmp = dir.resolve("cmp");
        assertEquals(
                0,
                MocaCliTest.run(err, "simulate", "--topology", TOPOLOGY, "--seed", "2", "--out", sim.toString()),
                err.toString());
        assertEquals(
                0,
                MocaCliTest.run(err, "compare", "--topology", TOPOLOGY, "--episodes", "1", "--out", cmp.toString()),
                err.toString());
        String table = Files.readString(only(cmp, ".csv"));
        for (String m : Methods.untrainedNames()) assertTrue(table.contains(m), m + " missing from\n" + table);
        assertTrue(table.contains("lithium-crunch"), "the battery network's own test family:\n" + table);
    }

    @Test
    void reproduceRunsEveryRegisteredMethodOnTheBatteryNetwork(@TempDir Path dir) throws Exception {
        Path config = experiment("battery-ci.yaml");
        ExperimentConfig cfg = ExperimentConfig.load(config);
        assertEquals(
                new TreeSet<>(Methods.names()),
                new TreeSet<>(cfg.methods()),
                "battery-ci.yaml lists every registered method (add a new one there)");
        StringWriter err = new StringWriter();
        assertEquals(
                0,
                MocaCliTest.run(
                        err, "reproduce", "--config", config.toString(), "--results", dir.toString(), "--run", "ci"),
                err.toString());
        String summary =
                Files.readString(dir.resolve("battery-ci").resolve("ci").resolve("summary.csv"));
        Set<String> seen = new TreeSet<>();
        summary.lines().skip(1).forEach(l -> seen.add(l.substring(0, l.indexOf(','))));
        assertEquals(new TreeSet<>(Methods.names()), seen, "a summary row per method");
        assertTrue(summary.contains("lithium-crunch"), summary);
    }

    @Test
    void continualRunsOnTheBatteryNetwork(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(
                0,
                MocaCliTest.run(
                        err,
                        "continual",
                        "--config",
                        experiment("continual-battery-ci.yaml").toString(),
                        "--results",
                        dir.toString(),
                        "--run",
                        "ci"),
                err.toString());
        try (var files = Files.walk(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith(".csv")), "continual wrote its tables");
        }
    }

    private static Path only(Path dir, String suffix) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }
}
