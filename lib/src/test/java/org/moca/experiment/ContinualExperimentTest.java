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
import org.moca.infra.ConfigException;
import org.moca.infra.ConfigLoader;
import org.moca.infra.Progress;
import org.moca.infra.ProgressListener;
import org.moca.viz.Tables;
import tech.tablesaw.api.Table;

class ContinualExperimentTest {

    private static final ExperimentRunner.Experts EXPERTS = new ExperimentRunner.Experts(
            ExperimentRunnerTest.GreedyExpert::new, ExperimentRunnerTest.GreedyExpert::new);

    private static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onProgress(Progress p) {}

        @Override
        public void onFinish(Progress p) {}
    };

    private static final List<ContinualConfig.Arm> ARMS = List.of(
            new ContinualConfig.Arm("plain", ContinualConfig.Consolidation.NONE, 0),
            new ContinualConfig.Arm("l2", ContinualConfig.Consolidation.L2, 1.0));

    private static ContinualConfig tiny(List<ContinualConfig.Arm> arms) {
        return new ContinualConfig(
                "tiny-continual",
                "training",
                List.of("training:demand-shock", "black-swan"),
                3,
                2,
                1,
                1,
                List.of(1L, 2L),
                List.of(8),
                2,
                2,
                2,
                0.01,
                0.001,
                4,
                ContinualConfig.Labeller.MPC,
                2,
                0.01,
                10.0,
                arms);
    }

    @Test
    void aResumedRunEndsWithTheSameFilesAsAnUninterruptedOneAndTheTableHoldsTheDefinitions(@TempDir Path dir)
            throws Exception {
        ContinualConfig cfg = tiny(ARMS);
        ContinualExperiment whole = new ContinualExperiment(cfg, dir.resolve("a"), "run", EXPERTS);
        Table expected = whole.run(Integer.MAX_VALUE, QUIET);

        ContinualExperiment resumed = new ContinualExperiment(cfg, dir.resolve("b"), "run", EXPERTS);
        assertNull(resumed.run(3, QUIET), "stops after 3 of 4 trials");
        assertTrue(Files.exists(resumed.trialFile("plain", 2)));
        assertTrue(Files.notExists(resumed.trialFile("l2", 2)));
        long before = Files.getLastModifiedTime(resumed.trialFile("plain", 1)).toMillis();
        Table finished = resumed.run(Integer.MAX_VALUE, QUIET);
        assertEquals(
                before,
                Files.getLastModifiedTime(resumed.trialFile("plain", 1)).toMillis(),
                "finished trials are not redone");
        assertEquals(Tables.csv(expected), Tables.csv(finished));
        for (String arm : List.of("plain", "l2")) {
            assertEquals(
                    Files.readString(whole.trialFile(arm, 2)),
                    Files.readString(resumed.trialFile(arm, 2)),
                    "same seed, same CSV");
        }

        // shape: header, the start row, one row per disruption; one column per family after the row label and family
        List<String> lines = Files.readAllLines(whole.trialFile("plain", 1));
        assertEquals("row,disruption_family,training:demand-shock,black-swan", lines.get(0));
        assertEquals(2 + cfg.disruptions(), lines.size());
        assertTrue(
                lines.get(2).startsWith("0,training:demand-shock,")
                        && lines.get(3).startsWith("1,black-swan,")
                        && lines.get(4).startsWith("2,training:demand-shock,"),
                "families in turn");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            for (int f = 2; f < cells.length; f++) assertTrue(Double.isFinite(Double.parseDouble(cells[f])), line);
        }

        // the summary is the mean over seeds of the definitions applied to the trial files
        for (int i = 0; i < finished.rowCount(); i++) {
            String arm = finished.stringColumn("arm").get(i);
            ContinualScores s1 = whole.scores(arm, 1), s2 = whole.scores(arm, 2);
            assertEquals(
                    (s1.forgettingAfter(2) + s2.forgettingAfter(2)) / 2,
                    finished.doubleColumn("forgetting").getDouble(i),
                    1e-9);
            assertEquals(
                    (s1.backwardTransfer() + s2.backwardTransfer()) / 2,
                    finished.doubleColumn("bwt").getDouble(i),
                    1e-9);
            assertTrue(finished.doubleColumn("forgetting_ci_low").getDouble(i)
                    <= finished.doubleColumn("forgetting").getDouble(i));
            double r = finished.doubleColumn("recovered_final").getDouble(i);
            assertTrue(r >= 0
                    && r <= 1
                    && finished.doubleColumn("recovered_ci_low").getDouble(i) <= r
                    && r <= finished.doubleColumn("recovered_ci_high").getDouble(i));
            double share = finished.doubleColumn("fulfilled_final").getDouble(i);
            assertTrue(share >= 0 && share <= 1 + 1e-9, "fulfilled share " + share);
        }
        for (String f : List.of(
                "summary.csv",
                "forgetting.csv",
                "forgetting.png",
                "loss-plain.png",
                "loss-matrix-l2.csv",
                "provenance.json")) {
            assertTrue(Files.size(resumed.runDir().resolve(f)) > 0, f);
        }
        assertEquals(2, ContinualExperiment.display(finished).rowCount());
    }

    @Test
    void theConfigNamesTheBadKey(@TempDir Path dir) throws Exception {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new ContinualConfig(
                        "x",
                        "training",
                        List.of("training:telepathy", "black-swan"),
                        3,
                        1,
                        1,
                        0,
                        List.of(1L),
                        List.of(8),
                        1,
                        1,
                        1,
                        0.01,
                        0.001,
                        4,
                        ContinualConfig.Labeller.MPC,
                        0,
                        0.01,
                        10.0,
                        ARMS));
        assertTrue(
                e.getMessage().startsWith("families")
                        && e.getMessage().contains("telepathy")
                        && e.getMessage().contains("demand-shock"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new ContinualConfig(
                        "x",
                        "training",
                        List.of("training", "black-swan"),
                        1,
                        1,
                        1,
                        0,
                        List.of(1L),
                        List.of(8),
                        1,
                        1,
                        1,
                        0.01,
                        0.001,
                        4,
                        ContinualConfig.Labeller.MPC,
                        0,
                        0.01,
                        10.0,
                        ARMS));
        assertTrue(e.getMessage().startsWith("disruptions"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new ContinualConfig.Arm("plain", ContinualConfig.Consolidation.NONE, 0.5));
        assertTrue(e.getMessage().startsWith("lambda"), e.getMessage());

        Path yaml = dir.resolve("c.yaml");
        Path committed = Path.of("../experiments"); // surefire runs in lib/
        Path configs = Files.isDirectory(committed) ? committed : Path.of("experiments");
        String good = Files.readString(configs.resolve("continual.yaml"));
        ContinualConfig full = ConfigLoader.load(writeTo(yaml, good), ContinualConfig.class);
        assertEquals(15, full.disruptions(), "the committed config loads: the issue's 15 disruptions");
        ContinualConfig ci = ConfigLoader.load(configs.resolve("continual-ci.yaml"), ContinualConfig.class, full);
        assertEquals(full.arms(), ci.arms(), "the CI variant only shrinks budgets");
        ConfigException bad = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(writeTo(yaml, "onlineStepz: 3\n"), ContinualConfig.class, full));
        assertTrue(
                bad.getMessage().contains("unknown key 'onlineStepz'")
                        && bad.getMessage().contains("onlineSteps"),
                bad.getMessage());
        bad = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(
                        writeTo(yaml, good.replace("lambda: 0.01}", "lambda: -1.0}")), ContinualConfig.class));
        assertEquals("arms[1].lambda", bad.keyPath(), bad.getMessage());
        bad = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(
                        writeTo(yaml, good.replace("labeller: MPC", "labeller: ME")), ContinualConfig.class));
        assertTrue(bad.keyPath().equals("labeller") && bad.getMessage().contains("ORACLE"), bad.getMessage());
    }

    private static Path writeTo(Path file, String text) throws Exception {
        return Files.writeString(file, text);
    }
}
