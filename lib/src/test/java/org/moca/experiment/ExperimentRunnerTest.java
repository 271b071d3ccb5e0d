package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moca.infra.Progress;
import org.moca.infra.ProgressListener;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;
import tech.tablesaw.api.Table;

class ExperimentRunnerTest {

    /** A cheap stand-in expert: keeps the nominal plan but buys from every supplier at full rate. */
    static final class GreedyExpert implements RecoveryPolicy {
        private Controls c;

        @Override
        public String name() {
            return "greedy";
        }

        @Override
        public void reset(Episode e) {
            c = e.nominal().copy();
            java.util.Arrays.fill(c.procurement(), 1.0);
        }

        @Override
        public Controls act(SimulatorView v, List<ObservedDisruption> o) {
            return c;
        }
    }

    static final ExperimentRunner.Experts EXPERTS = new ExperimentRunner.Experts(GreedyExpert::new, GreedyExpert::new);

    static ExperimentConfig tiny(List<String> methods) {
        return ExperimentConfig.defaults()
                .withName("tiny")
                .withTrainEpisodes(3)
                .withTestEpisodes(2)
                .withSeeds(List.of(1L, 2L))
                .withHidden(List.of(16))
                .withMetaIterations(3)
                .withMetaBatch(2)
                .withInnerSteps(2)
                .withInnerLearningRate(0.01)
                .withSupportHours(4)
                .withOnsetSupport(org.moca.agent.AdaptationConfig.OnsetSupport.OFF) // the greedy expert does not plan
                .withPpoUpdates(0)
                .withMethods(methods);
    }

    static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onProgress(Progress p) {}

        @Override
        public void onFinish(Progress p) {}
    };

    @Test
    void aResumedRunEndsWithTheSameTableAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        ExperimentConfig cfg = tiny(List.of("maml", "moca"));
        ProgressListener quiet = QUIET;
        ExperimentRunner whole = new ExperimentRunner(cfg, dir.resolve("a"), "run", EXPERTS);
        Table expected = whole.run(Integer.MAX_VALUE, quiet);

        ExperimentRunner resumed = new ExperimentRunner(cfg, dir.resolve("b"), "run", EXPERTS);
        assertNull(resumed.run(3, quiet), "stops after 3 of 4 trials");
        assertTrue(Files.exists(resumed.trialFile("moca", 1)));
        assertTrue(Files.notExists(resumed.trialFile("moca", 2)));
        long before = Files.getLastModifiedTime(resumed.trialFile("maml", 1)).toMillis();
        Table finished = resumed.run(Integer.MAX_VALUE, quiet);
        assertEquals(
                before,
                Files.getLastModifiedTime(resumed.trialFile("maml", 1)).toMillis(),
                "finished trials are not redone");

        assertEquals(org.moca.viz.Tables.csv(expected), org.moca.viz.Tables.csv(finished));
        assertEquals(
                Files.readString(whole.trialFile("moca", 2)),
                Files.readString(resumed.trialFile("moca", 2)),
                "deterministic trial");
        for (String f : List.of(
                "summary.csv",
                "paired-tests.csv",
                "recovery-rate-black-swan.png",
                "service-curves-black-swan.png",
                "ttr-black-swan.png",
                "run-config.json",
                "provenance.json")) {
            assertTrue(Files.size(resumed.runDir().resolve(f)) > 0, f);
        }
        for (int i = 0; i < finished.rowCount(); i++) {
            double r = finished.doubleColumn("recovered_48h").getDouble(i);
            assertTrue(r >= 0 && r <= 1);
            assertTrue(finished.doubleColumn("r48_ci_low").getDouble(i) <= r
                    && r <= finished.doubleColumn("r48_ci_high").getDouble(i));
        }
        assertEquals(4, finished.intColumn("episodes").getInt(0));
    }

    @Test
    void configRejectsUnknownMethodsAndBadValuesByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> tiny(List.of("maml", "telepathy")));
        assertTrue(e.getMessage().contains("telepathy"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> tiny(List.of("maml")).withTrainEpisodes(0));
        assertTrue(e.getMessage().startsWith("trainEpisodes"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> tiny(List.of("maml")).withPairedReferences(List.of("reptile")));
        assertTrue(e.getMessage().startsWith("pairedReferences"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny(List.of("maml", "maml")));
        assertTrue(e.getMessage().startsWith("methods must not repeat"), e.getMessage());
    }

    @Test
    void aYamlFileNeedsOnlyTheKeysItChangesAndAbsentKeysTakeTheDefaults(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("e.yaml");
        Files.writeString(yaml, "name: small\nseeds: [3, 4]\nmethods: [no-action, mpc]\n");
        ExperimentConfig c = ExperimentConfig.load(yaml);
        assertEquals("small", c.name());
        assertEquals(List.of(3L, 4L), c.seeds());
        assertEquals(
                ExperimentConfig.defaults()
                        .withName("small")
                        .withSeeds(List.of(3L, 4L))
                        .withMethods(List.of("no-action", "mpc")),
                c);
        Files.writeString(yaml, "name: small\ntestEpisodes: 2.5\n");
        var e = assertThrows(org.moca.infra.ConfigException.class, () -> ExperimentConfig.load(yaml));
        assertTrue(e.getMessage().contains("e.yaml:2:") && e.getMessage().contains("testEpisodes"), e.getMessage());
    }

    @Test
    void resumingWithAnotherConfigIsRefusedNamingTheKeysUnlessToldToGoOn(@TempDir Path dir) throws Exception {
        ExperimentConfig cfg = tiny(List.of("no-action", "heuristic"));
        new ExperimentRunner(cfg, dir, "run", EXPERTS).run(1, QUIET); // one trial, then stopped
        ExperimentConfig changed = cfg.withTestEpisodes(3).withOuterLearningRate(0.01);
        var e = assertThrows(
                org.moca.infra.RunBinding.ConfigMismatchException.class,
                () -> new ExperimentRunner(changed, dir, "run", EXPERTS).run(Integer.MAX_VALUE, QUIET));
        assertEquals(List.of("outerLearningRate", "testEpisodes"), e.changedKeys());
        assertTrue(e.getMessage().contains("--new-run") && e.getMessage().contains("testEpisodes"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("tiny/run/summary.csv")), "nothing was computed or written");

        Table t = new ExperimentRunner(changed, dir, "run", EXPERTS, true).run(Integer.MAX_VALUE, QUIET);
        assertTrue(t.rowCount() > 0);
        var provenance = org.moca.infra.Provenance.read(dir.resolve("tiny/run/provenance.json"));
        assertEquals(2, provenance.previousConfig().get("testEpisodes").asInt(), "the earlier trials' config is kept");
        assertEquals(3, provenance.config().get("testEpisodes").asInt());
        // the same config resumes silently
        new ExperimentRunner(changed, dir, "run", EXPERTS).run(Integer.MAX_VALUE, QUIET);
    }

    @Test
    void everyTestFamilyIsRunAndReportedOnItsOwn(@TempDir Path dir) throws Exception {
        ExperimentConfig cfg = tiny(List.of("no-action", "heuristic"))
                .withTestFamilies(List.of("black-swan", "training:copper-outage"))
                .withPairedReferences(List.of("no-action"));
        ExperimentRunner runner = new ExperimentRunner(cfg, dir, "run", EXPERTS);
        Table summary = runner.run(Integer.MAX_VALUE, QUIET);
        assertEquals(List.of("black-swan", "training:copper-outage"), Summary.families(summary));
        List<TrialTable.Row> rows = runner.rows();
        assertEquals(2 * 2 * 2 * 2, rows.size(), "methods x seeds x families x episodes");
        assertTrue(Files.exists(runner.runDir().resolve("recovery-rate-training_copper-outage.png")));
        Table paired = TrialTable.read(runner.trialFile("heuristic", 1)) == null
                ? null
                : tech.tablesaw.api.Table.read()
                        .csv(runner.runDir().resolve("paired-tests.csv").toFile());
        assertEquals(2, paired.rowCount(), "heuristic vs no-action in each family");
    }

    @Test
    void theShippedExperimentConfigsLoad() throws Exception {
        for (String name : List.of(
                "reproduce",
                "reproduce-full",
                "reproduce-confirm",
                "moca-validation",
                "stale-state",
                "stale-state-rollout")) {
            ExperimentConfig c = ExperimentConfig.load(Path.of("..", "experiments", name + ".yaml"));
            assertEquals(name, c.name());
            for (String f : c.testFamilies()) org.moca.scenario.ScenarioFamilies.resolve(f, name + ".yaml");
            for (String m : c.methods()) Methods.method(m);
        }
    }

    @Test
    void theStaleStateRunsAreTheReproductionRunsWithOtherMethods() throws Exception {
        // the full run's (or the confirmation's) settings: a paired difference is one switch
        for (String name : List.of("stale-state", "stale-state-rollout", "stale-state-confirm")) {
            ExperimentConfig stale = ExperimentConfig.load(Path.of("..", "experiments", name + ".yaml"));
            ExperimentConfig full = ExperimentConfig.load(Path.of(
                    "..", "experiments", name.endsWith("confirm") ? "reproduce-confirm.yaml" : "reproduce-full.yaml"));
            assertEquals(
                    full.withName(stale.name())
                            .withPairedReferences(stale.pairedReferences())
                            .withMethods(stale.methods()),
                    stale,
                    name);
            assertTrue(full.methods().containsAll(stale.pairedReferences()), name);
        }
    }
}
