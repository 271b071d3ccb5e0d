package org.moca.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.moca.replay.PrioritizedReplayConfig;
import org.moca.schedule.SimulatedAnnealingConfig;

class ConfigLoaderTest {

    public enum Mode {
        FAST,
        FULL
    }

    public record Stage(String name, int hours) {
        public Stage {
            Objects.requireNonNull(name, "name");
            if (hours < 1) throw new IllegalArgumentException("hours must be a positive integer, got " + hours);
        }
    }

    public record Experiment(
            String name,
            Mode mode,
            PrioritizedReplayConfig replay,
            SimulatedAnnealingConfig scheduler,
            List<Stage> stages) {
        static Experiment defaults() {
            return new Experiment(
                    "default",
                    Mode.FULL,
                    PrioritizedReplayConfig.defaults(),
                    SimulatedAnnealingConfig.defaults(),
                    List.of(new Stage("window", 48)));
        }
    }

    private static Path fixture(String name) {
        try {
            return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConfigException failure(String name) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(fixture(name), Experiment.class));
    }

    private static void assertMessage(ConfigException e, String file, int line, String keyPath, String... parts) {
        String message = e.getMessage();
        assertEquals(keyPath, e.keyPath(), message);
        assertEquals(line, e.line(), message);
        assertTrue(message.contains(file + ":" + line + ":"), message);
        for (String part : parts) assertTrue(message.contains(part), "'" + part + "' not in: " + message);
    }

    @Test
    void loadsACompleteFileIntoNestedRecords() {
        Experiment e = ConfigLoader.load(fixture("valid.yaml"), Experiment.class);
        assertEquals("smoke", e.name());
        assertEquals(Mode.FAST, e.mode());
        assertEquals(new PrioritizedReplayConfig(1000, 0.6, 0.4, 5000, 1000, 1e-6), e.replay());
        assertEquals(SimulatedAnnealingConfig.defaults(), e.scheduler());
        assertEquals(List.of(new Stage("warmup", 12), new Stage("window", 48)), e.stages());
    }

    @Test
    void absentKeysTakeTheDefaultsKeyByKey() {
        Experiment e = ConfigLoader.load(fixture("partial.yaml"), Experiment.class, Experiment.defaults());
        assertEquals("partial", e.name());
        assertEquals(Mode.FULL, e.mode());
        assertEquals(0.7, e.replay().alpha());
        assertEquals(100_000, e.replay().capacity());
        assertEquals(List.of(new Stage("window", 36)), e.stages());
    }

    @Test
    void anUnknownKeyFailsNamingTheKeyTheFileAndTheLine() {
        assertMessage(
                failure("unknown-key.yaml"),
                "unknown-key.yaml",
                7,
                "replay.alpah",
                "unknown key 'alpah'",
                "alpha",
                "beta0");
    }

    @Test
    void aValueOfTheWrongTypeFailsWithTheExpectedForm() {
        assertMessage(failure("wrong-type.yaml"), "wrong-type.yaml", 6, "replay.alpha", "expected a number", "high");
    }

    @Test
    void aValueTheRecordRejectsFailsAtThatFieldWithTheRecordsMessage() {
        ConfigException e = failure("out-of-range.yaml");
        assertMessage(e, "out-of-range.yaml", 6, "replay.alpha", "alpha must be a number in [0, 1], got 1.5");
        assertInstanceOf(IllegalArgumentException.class, e.getCause().getCause());
    }

    @Test
    void aFloatIsNotSilentlyTruncatedToAnInteger() {
        assertMessage(failure("float-for-int.yaml"), "float-for-int.yaml", 5, "replay.capacity", "an integer");
    }

    @Test
    void aMissingKeyFailsUnlessDefaultsAreGiven() {
        ConfigException e = failure("missing-key.yaml");
        assertEquals("scheduler.ceiling", e.keyPath(), e.getMessage());
        assertTrue(e.getMessage().contains("missing key; expected a number"), e.getMessage());
        assertEquals(11, e.line(), "points at the enclosing mapping: " + e.getMessage());
        Experiment withDefaults =
                ConfigLoader.load(fixture("missing-key.yaml"), Experiment.class, Experiment.defaults());
        assertEquals(0.1, withDefaults.scheduler().ceiling());
    }

    @Test
    void aDuplicatedKeyFails() {
        ConfigException e = failure("duplicate-key.yaml");
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("name"), e.getMessage());
    }

    @Test
    void aBadEnumListsTheAllowedValues() {
        assertMessage(failure("bad-enum.yaml"), "bad-enum.yaml", 3, "mode", "one of [FAST, FULL]", "QUICK");
    }

    @Test
    void aBadValueInsideAListNamesTheElement() {
        assertMessage(
                failure("bad-list-item.yaml"),
                "bad-list-item.yaml",
                22,
                "stages[1].hours",
                "hours must be a positive integer, got 0");
    }

    @Test
    void malformedYamlFailsWithItsLine() {
        ConfigException e = failure("malformed.yaml");
        assertTrue(e.line() >= 6, e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void anEmptyOrMissingFileFailsClearly() {
        assertTrue(failure("empty.yaml")
                .getMessage()
                .contains("the file is empty; expected a mapping with keys [name, mode"));
        ConfigException e = assertThrows(
                ConfigException.class, () -> ConfigLoader.load(Path.of("does/not/exist.yaml"), Experiment.class));
        assertTrue(e.getMessage().startsWith("does/not/exist.yaml: cannot read the file"), e.getMessage());
    }
}
