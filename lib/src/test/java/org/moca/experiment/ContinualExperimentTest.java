package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moca.agent.ContinualScores;
import org.moca.infra.Budget;
import org.moca.infra.ConfigException;
import org.moca.infra.Progress;
import org.moca.infra.ProgressListener;
import org.moca.infra.Provenance;
import org.moca.infra.RunBinding;
import org.moca.viz.Tables;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

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

    /** Surefire runs in lib/; the committed files are one level up. */
    private static final Path PROJECT = Files.isDirectory(Path.of("../experiments")) ? Path.of("..") : Path.of("");

    private static final Path EXPERIMENTS = PROJECT.resolve("experiments");

    private static ContinualConfig tiny(List<ContinualConfig.Arm> arms) {
        return ContinualConfig.defaults()
                .withName("tiny-continual")
                .withFamilies(List.of("training:demand-shock", "black-swan"))
                .withDisruptions(3)
                .withTrainEpisodes(2)
                .withClosedLoopEpisodes(1) // before heldOutEpisodes: every intermediate config is valid
                .withHeldOutEpisodes(1)
                .withSeeds(List.of(1L, 2L))
                .withHidden(List.of(8))
                .withMetaIterations(2)
                .withMetaBatch(2)
                .withInnerSteps(2)
                .withInnerLearningRate(0.01)
                .withSupportHours(4)
                .withOnlineSteps(2)
                .withArms(arms);
    }

    /** One arm, one seed, no closed loop: the cheapest run that still meta-trains and runs the stream. */
    private static ContinualConfig smallest() {
        return tiny(ARMS.subList(0, 1)).withSeeds(List.of(1L)).withClosedLoopEpisodes(0);
    }

    private static Table read(Path file, ColumnType... types) throws IOException {
        return Table.read().csv(CsvReadOptions.builder(file.toFile()).columnTypes(types));
    }

    @Test
    void aResumedRunEndsWithTheSameFilesAsAnUninterruptedOneAndTheTableHoldsTheDefinitions(@TempDir Path dir)
            throws Exception {
        ContinualConfig cfg = tiny(ARMS);
        ContinualExperiment whole = new ContinualExperiment(cfg, dir.resolve("a"), "run", EXPERTS);
        Table expected = whole.run(QUIET);

        ContinualExperiment resumed = new ContinualExperiment(cfg, dir.resolve("b"), "run", EXPERTS);
        assertNull(resumed.run(3, QUIET), "stops after 3 of 4 trials");
        assertTrue(Files.exists(resumed.trialFile("plain", 2)));
        assertTrue(Files.notExists(resumed.trialFile("l2", 2)));
        // what a kill inside the last trial leaves: its closed-loop file and a half-written temporary file, no marker
        Path closedLoop = resumed.runDir().resolve("closed-loop").resolve("l2__seed2.csv");
        Files.writeString(closedLoop, "row,family,episodes,recovered,fulfilled_share\n0,black-swan,1,");
        Files.writeString(resumed.trialFile("l2", 2).resolveSibling(".l2__seed2.csv.123.tmp"), "row,disrup");
        long before = Files.getLastModifiedTime(resumed.trialFile("plain", 1)).toMillis();
        Table finished = resumed.run(QUIET);
        assertEquals(
                before,
                Files.getLastModifiedTime(resumed.trialFile("plain", 1)).toMillis(),
                "finished trials are not redone");
        assertEquals(Tables.csv(expected), Tables.csv(finished));
        for (String f : List.of(
                "trials/plain__seed1.csv",
                "trials/l2__seed2.csv",
                "closed-loop/l2__seed2.csv",
                "summary.csv",
                "forgetting.csv",
                "loss-matrix-plain.csv",
                "loss-matrix-l2.csv")) {
            assertEquals(
                    Files.readString(whole.runDir().resolve(f)),
                    Files.readString(resumed.runDir().resolve(f)),
                    "same config and seeds, same " + f);
        }

        // shape: the start row, then one row per disruption, the families in turn; one column per family
        Table trial = read(
                whole.trialFile("plain", 1),
                ColumnType.STRING,
                ColumnType.STRING,
                ColumnType.DOUBLE,
                ColumnType.DOUBLE);
        assertEquals(List.of("row", "disruption_family", "training:demand-shock", "black-swan"), trial.columnNames());
        assertEquals(List.of("start", "0", "1", "2"), trial.stringColumn("row").asList());
        assertEquals(
                List.of("", "training:demand-shock", "black-swan", "training:demand-shock"),
                trial.stringColumn("disruption_family").asList());
        for (int c = 2; c < 4; c++)
            for (double v : trial.doubleColumn(c).asDoubleArray()) assertTrue(Double.isFinite(v) && v != 0, "" + v);

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
            // closed-loop BWT by hand from the files: each disruption j < T-1, its family at the end minus right after
            double bwt = 0;
            for (long seed : List.of(1L, 2L)) {
                Table c = read(
                        whole.runDir().resolve("closed-loop").resolve(arm + "__seed" + seed + ".csv"),
                        ColumnType.STRING,
                        ColumnType.STRING,
                        ColumnType.INTEGER,
                        ColumnType.INTEGER,
                        ColumnType.DOUBLE);
                // rows: 0 (demand-shock), 1 (black-swan), 2 (demand-shock), final demand-shock, final black-swan
                assertEquals(
                        List.of("0", "1", "2", "final", "final"),
                        c.stringColumn("row").asList());
                double[] share1 = c.doubleColumn("fulfilled_share").asDoubleArray();
                bwt += ((share1[3] - share1[0]) + (share1[4] - share1[1])) / 2 / 2;
            }
            assertEquals(bwt, finished.doubleColumn("bwt_fulfilled").getDouble(i), 1e-12);
        }
        for (String f : List.of(
                "summary.csv",
                "forgetting.csv",
                "forgetting.png",
                "loss-plain.png",
                "loss-matrix-l2.csv",
                "run-config.json",
                "provenance.json")) {
            assertTrue(Files.size(resumed.runDir().resolve(f)) > 0, f);
        }
        assertEquals(2, ContinualExperiment.display(finished).rowCount());
        assertEquals(1 + cfg.disruptions(), whole.meanLossMatrix("l2").rowCount());
        assertTrue(whole.forgettingChart().getSeriesMap().keySet().containsAll(List.of("plain", "l2")));
        assertEquals(2, whole.lossChart("plain").getSeriesMap().size(), "one line per family");
        assertThrows(IllegalArgumentException.class, () -> whole.meanLossMatrix("ewc"));

        // provenance: the whole config (topology, learner, label horizon...) and every derived seed
        Provenance p = Provenance.read(whole.runDir().resolve(Provenance.FILE_NAME));
        assertEquals("circular-electronics-nd", p.config().get("topology").asText());
        assertEquals("maml", p.config().get("learner").asText());
        assertEquals(cfg.labelHours(), p.config().get("labelHours").asInt());
        ContinualSeeds seeds2 = ContinualSeeds.of(2, 2);
        assertEquals(seeds2.heldOut().get(1), p.seeds().get("seed2.held-out.black-swan"));
        assertEquals(seeds2.stream().get(0), p.seeds().get("seed2.stream.training:demand-shock"));
        assertEquals(2L, p.seeds().get("seed2"));
    }

    @Test
    void aTrialFileOfAnotherConfigIsRejectedNamingTheFile(@TempDir Path dir) throws Exception {
        ContinualConfig cfg = smallest();
        new ContinualExperiment(cfg, dir, "run", EXPERTS).run(QUIET);
        // the same configuration resumes without a question
        assertEquals(
                1, new ContinualExperiment(cfg, dir, "run", EXPERTS).run(QUIET).rowCount());
        ContinualConfig changed = cfg.withFamilies(List.of("training:demand-shock", "stable"));
        // the run directory is bound to its configuration
        var mismatch = assertThrows(
                RunBinding.ConfigMismatchException.class,
                () -> new ContinualExperiment(changed, dir, "run", EXPERTS).run(QUIET));
        assertEquals(List.of("families"), mismatch.changedKeys(), mismatch.getMessage());
        // told to go on anyway, a trial file whose columns are not this configuration's families is still refused
        ContinualExperiment anyway = new ContinualExperiment(changed, dir, "run", EXPERTS, true);
        var e = assertThrows(IllegalArgumentException.class, () -> anyway.run(QUIET));
        assertTrue(e.getMessage().contains("plain__seed1.csv") && e.getMessage().contains("stable"), e.getMessage());
    }

    @Test
    void theLearnerIsTheConfigs(@TempDir Path dir) throws Exception {
        ContinualConfig maml = smallest();
        ContinualExperiment a = new ContinualExperiment(maml, dir.resolve("maml"), "run", EXPERTS);
        ContinualExperiment b =
                new ContinualExperiment(maml.withLearner("reptile"), dir.resolve("reptile"), "run", EXPERTS);
        a.run(QUIET);
        b.run(QUIET);
        assertNotEquals(
                Files.readString(a.trialFile("plain", 1)),
                Files.readString(b.trialFile("plain", 1)),
                "another meta-learner gives other meta-parameters");
    }

    @Test
    void theTopologyIsTheConfigs(@TempDir Path dir) throws Exception {
        Path copy = Files.createDirectories(dir.resolve("copy")), slower = Files.createDirectories(dir.resolve("slow"));
        Path reference = PROJECT.resolve("datasets/topologies/circular-electronics-nd");
        try (Stream<Path> files = Files.list(reference)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                Files.writeString(copy.resolve(f.getFileName()), text);
                // the primary rare-earth lane takes 14 hours instead of 8
                Files.writeString(
                        slower.resolve(f.getFileName()),
                        text.replace(
                                "L01,reo_primary,magnet_plant,reo,15,8,", "L01,reo_primary,magnet_plant,reo,15,14,"));
            }
        }
        assertNotEquals(
                Files.readString(reference.resolve("lanes.csv")), Files.readString(slower.resolve("lanes.csv")));
        // a topology directory brings its own families by short name (scenarios/); these are the reference's
        try (Stream<Path> families = Files.list(PROJECT.resolve("datasets/scenarios/circular-electronics-nd"))) {
            for (Path f : families.toList()) {
                for (Path topology : List.of(copy, slower))
                    Files.copy(
                            f,
                            Files.createDirectories(topology.resolve("scenarios"))
                                    .resolve(f.getFileName()));
            }
        }
        Map<String, String> trial = new java.util.LinkedHashMap<>();
        for (String topology : List.of("circular-electronics-nd", copy.toString(), slower.toString())) {
            ContinualExperiment e = new ContinualExperiment(
                    smallest().withTopology(topology), dir.resolve("r" + trial.size()), "run", EXPERTS);
            e.run(QUIET);
            trial.put(topology, Files.readString(e.trialFile("plain", 1)));
        }
        assertEquals(
                trial.get("circular-electronics-nd"), trial.get(copy.toString()), "a copy of the reference network");
        assertNotEquals(trial.get("circular-electronics-nd"), trial.get(slower.toString()), "a slower primary lane");
    }

    @Test
    void theConfigHasDefaultsWithersAndNamesTheBadKey(@TempDir Path dir) throws Exception {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> ContinualConfig.defaults().withFamilies(List.of("training:telepathy", "black-swan")));
        assertTrue(
                e.getMessage().startsWith("families[0]")
                        && e.getMessage().contains("telepathy")
                        && e.getMessage().contains("demand-shock"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> ContinualConfig.defaults().withDisruptions(6));
        assertTrue(e.getMessage().startsWith("disruptions"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> ContinualConfig.defaults().withLearner("mamal"));
        assertTrue(e.getMessage().startsWith("learner") && e.getMessage().contains("anil"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> ContinualConfig.defaults().withTopology("no/such/dir"));
        assertTrue(e.getMessage().startsWith("topology"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> ContinualConfig.defaults().withLabelHours(0));
        assertTrue(e.getMessage().startsWith("labelHours"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new ContinualConfig.Arm("plain", ContinualConfig.Consolidation.NONE, 0.5));
        assertTrue(e.getMessage().startsWith("lambda"), e.getMessage());
        ContinualConfig d = ContinualConfig.defaults();
        assertEquals(7, d.withMaxGradientNorm(7).maxGradientNorm());
        assertEquals(d.withMaxGradientNorm(7).withMaxGradientNorm(d.maxGradientNorm()), d);

        // the committed files load; continual.yaml is the defaults, and the CI variant only shrinks budgets
        ContinualConfig full = ContinualConfig.load(EXPERIMENTS.resolve(ContinualConfig.FULL_FILE));
        assertEquals(ContinualConfig.defaults(), full, "experiments/continual.yaml is ContinualConfig.defaults()");
        ContinualConfig ci = ContinualConfig.load(
                EXPERIMENTS.resolve(ContinualConfig.FULL_FILE), EXPERIMENTS.resolve(ContinualConfig.CI_FILE));
        assertEquals(full.arms(), ci.arms(), "the CI variant only shrinks budgets");
        assertEquals(full.learner(), ci.learner());
        assertTrue(ci.disruptions() < full.disruptions()
                && ci.seeds().size() < full.seeds().size());

        // any YAML loads: absent keys take the defaults
        Path yaml = dir.resolve("c.yaml");
        ContinualConfig partial = ContinualConfig.load(writeTo(yaml, "name: mine\nlearner: anil\n"));
        assertEquals(d.withName("mine").withLearner("anil"), partial);
        ConfigException bad =
                assertThrows(ConfigException.class, () -> ContinualConfig.load(writeTo(yaml, "onlineStepz: 3\n")));
        assertTrue(
                bad.getMessage().contains("unknown key 'onlineStepz'")
                        && bad.getMessage().contains("onlineSteps"),
                bad.getMessage());
        String good = Files.readString(EXPERIMENTS.resolve(ContinualConfig.FULL_FILE));
        bad = assertThrows(
                ConfigException.class,
                () -> ContinualConfig.load(writeTo(yaml, good.replace("lambda: 0.01}", "lambda: -1.0}"))));
        assertEquals("arms[1].lambda", bad.keyPath(), bad.getMessage());
        bad = assertThrows(
                ConfigException.class,
                () -> ContinualConfig.load(writeTo(yaml, good.replace("labeller: MPC", "labeller: ME"))));
        assertTrue(bad.keyPath().equals("labeller") && bad.getMessage().contains("ORACLE"), bad.getMessage());
        bad = assertThrows(ConfigException.class, () -> ContinualConfig.load(writeTo(yaml, "learner: reptil\n")));
        assertTrue(bad.keyPath().equals("learner") && bad.getMessage().contains("reptile"), bad.getMessage());
        bad = assertThrows(ConfigException.class, () -> ContinualConfig.load(writeTo(yaml, "topology: nowhere\n")));
        assertTrue(bad.keyPath().equals("topology") && bad.getMessage().contains("nowhere"), bad.getMessage());
    }

    @Test
    void theNotebooksConfigIsTheFullOrCiFileOverriddenByTheBudgetKnobs() {
        ContinualConfig full = ContinualConfig.load(EXPERIMENTS.resolve(ContinualConfig.FULL_FILE));
        ContinualConfig ci = ContinualConfig.load(
                EXPERIMENTS.resolve(ContinualConfig.FULL_FILE), EXPERIMENTS.resolve(ContinualConfig.CI_FILE));
        assertEquals(full, ContinualConfig.forBudget(Budget.of(Map.of(), Map.of()), EXPERIMENTS));
        assertEquals(ci, ContinualConfig.forBudget(Budget.of(Map.of(), Map.of("MOCA_BUDGET", "ci")), EXPERIMENTS));
        ContinualConfig knobs = ContinualConfig.forBudget(
                Budget.of(
                        Map.of("moca.meta-iterations", "7"),
                        Map.of("MOCA_BUDGET", "ci", "MOCA_DISRUPTIONS", "6", "MOCA_SEEDS", "3")),
                EXPERIMENTS);
        assertEquals(
                ci.withDisruptions(6).withMetaIterations(7).withSeeds(List.of(1L, 2L, 3L)),
                knobs,
                "knobs over the CI file");
        ContinualConfig oneSeed =
                ContinualConfig.forBudget(Budget.of(Map.of("moca.seeds", "1"), Map.of()), EXPERIMENTS);
        assertEquals(full.withSeeds(List.of(1L)), oneSeed);
    }

    private static Path writeTo(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }
}
