package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moca.agent.DaggerConfig;
import org.moca.graph.ReferenceNetworks;
import org.moca.infra.Progress;
import org.moca.infra.ProgressListener;
import org.moca.scenario.RecoveryPolicy;
import tech.tablesaw.api.Table;

/** maml-dagger and moca-dagger in the registry, the training labeller switch and their config keys. */
class DaggerMethodsTest {

    private static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onProgress(Progress p) {}

        @Override
        public void onFinish(Progress p) {}
    };

    /** The stand-in MPC of ExperimentRunnerTest; the oracle refuses to be asked. */
    private static final ExperimentRunner.Experts MPC_ONLY =
            new ExperimentRunner.Experts(ExperimentRunnerTest.GreedyExpert::new, () -> {
                throw new IllegalStateException("the oracle was asked to label");
            });

    private static ExperimentConfig tiny(List<String> methods) {
        return ExperimentConfig.defaults()
                .withName("tiny-dagger")
                .withTrainEpisodes(3)
                .withTestEpisodes(2)
                .withSeeds(List.of(1L))
                .withHidden(List.of(16))
                .withMetaIterations(3)
                .withMetaBatch(2)
                .withInnerSteps(2)
                .withInnerLearningRate(0.01)
                .withSupportHours(4)
                .withPpoUpdates(0)
                .withOnsetSupport(org.moca.agent.AdaptationConfig.OnsetSupport.OFF) // the greedy expert does not plan
                .withTrainingLabeller(org.moca.experiment.ContinualConfig.Labeller.MPC)
                .withDagger(new DaggerConfig(1, 0.5, 0.5, 2))
                .withMethods(methods);
    }

    @Test
    void bothMethodsRunEndToEndOnTheReferenceTestbedSharingOneMetaTraining(@TempDir Path dir) throws Exception {
        ExperimentConfig cfg = tiny(List.of("maml", "maml-dagger", "moca-dagger"));
        ExperimentRunner runner = new ExperimentRunner(cfg, dir, "run", MPC_ONLY);
        Table summary = runner.run(Integer.MAX_VALUE, QUIET);
        List<String> policies = summary.stringColumn("policy").asList();
        assertTrue(policies.containsAll(List.of("maml-dagger", "moca-dagger")), policies.toString());
        for (String m : List.of("maml-dagger", "moca-dagger")) assertTrue(Files.exists(runner.trialFile(m, 1)), m);
        var provenance = org.moca.infra.Provenance.read(runner.runDir().resolve("provenance.json"));
        assertEquals("MPC", provenance.config().get("trainingLabeller").asText());
        assertEquals(1, provenance.config().get("dagger").get("rounds").asInt());
        assertEquals(2, provenance.config().get("dagger").get("roundIterations").asInt());

        Methods.Context ctx = new Methods.Context(
                Testbed.of(ReferenceNetworks.circularElectronicsNd()),
                cfg,
                1,
                () -> ExperimentRunner.trainingTasks(
                        Testbed.of(ReferenceNetworks.circularElectronicsNd()),
                        cfg,
                        MPC_ONLY,
                        ExperimentRunner.trainingEpisodes(
                                Testbed.of(ReferenceNetworks.circularElectronicsNd()),
                                org.moca.scenario.ScenarioFamilies.resolve("training", "trainFamily"),
                                cfg,
                                1)),
                MPC_ONLY);
        Supplier<RecoveryPolicy> a = Methods.recipe("maml-dagger").prepare(ctx);
        Object learner = ctx.cache.get("learner:maml-dagger");
        Supplier<RecoveryPolicy> b = Methods.recipe("moca-dagger").prepare(ctx);
        assertEquals(List.of("learner:maml-dagger"), List.copyOf(ctx.cache.keySet()), "meta-trained once per seed");
        assertTrue(learner == ctx.cache.get("learner:maml-dagger"));
        assertEquals("maml-dagger", a.get().name());
        assertEquals("moca-dagger", b.get().name());
    }

    @Test
    void theTrainingLabellerDecidesWhichExpertLabelsTheTrainingTasks(@TempDir Path dir) throws Exception {
        ExperimentConfig mpc = tiny(List.of("maml"));
        new ExperimentRunner(mpc, dir.resolve("mpc"), "run", MPC_ONLY).run(Integer.MAX_VALUE, QUIET);
        ExperimentConfig oracle = mpc.withTrainingLabeller(org.moca.experiment.ContinualConfig.Labeller.ORACLE);
        var e = assertThrows(
                IllegalStateException.class,
                () -> new ExperimentRunner(oracle, dir.resolve("oracle"), "run", MPC_ONLY)
                        .run(Integer.MAX_VALUE, QUIET));
        assertTrue(e.getMessage().contains("oracle was asked"), e.getMessage());
    }

    @Test
    void theYamlKeysMergeWithTheDefaultsAndBadValuesNameTheirKey(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("d.yaml");
        Files.writeString(yaml, "name: d\ntrainingLabeller: MPC\ndagger: {rounds: 3}\n");
        ExperimentConfig c = ExperimentConfig.load(yaml);
        assertEquals(org.moca.experiment.ContinualConfig.Labeller.MPC, c.trainingLabeller());
        assertEquals(DaggerConfig.defaults().withRounds(3), c.dagger());
        Files.writeString(yaml, "name: d\ndagger:\n  rolloutShare: 0\n");
        var e = assertThrows(org.moca.infra.ConfigException.class, () -> ExperimentConfig.load(yaml));
        assertTrue(e.getMessage().contains("d.yaml:3:") && e.getMessage().contains("rolloutShare"), e.getMessage());
        Files.writeString(yaml, "name: d\ntrainingLabeller: telepathy\n");
        e = assertThrows(org.moca.infra.ConfigException.class, () -> ExperimentConfig.load(yaml));
        assertTrue(e.getMessage().contains("trainingLabeller"), e.getMessage());
    }

    @Test
    void theShippedValidationConfigLoadsWithTheMpcLabeller() {
        ExperimentConfig c = ExperimentConfig.load(Path.of("..", "experiments", "dagger-validation.yaml"));
        assertEquals(org.moca.experiment.ContinualConfig.Labeller.MPC, c.trainingLabeller());
        assertEquals(List.of("validation"), c.testFamilies());
        assertTrue(c.seeds().stream().allMatch(s -> s > 10), "validation seeds only, never the test seeds 1-10");
    }
}
