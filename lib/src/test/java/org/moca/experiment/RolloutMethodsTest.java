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
import org.moca.agent.AdaptivePolicy;
import org.moca.agent.RolloutSignalConfig;
import org.moca.graph.ReferenceNetworks;
import org.moca.infra.Progress;
import org.moca.infra.ProgressListener;
import org.moca.policy.GaussianPolicy;
import org.moca.scenario.RecoveryPolicy;
import org.moca.twin.RolloutConfig;
import tech.tablesaw.api.Table;

/** The rollout-signal methods in the registry: one pretraining per seed, end to end, and their config keys. */
class RolloutMethodsTest {

    private static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onProgress(Progress p) {}

        @Override
        public void onFinish(Progress p) {}
    };

    static final List<String> ROLLOUT_METHODS = List.of(
            "rollout-pretrained",
            "rollout-finetuned",
            "maml-rollout",
            "reptile-rollout",
            "moca-rollout",
            "moca-rollout-no-online",
            "moca-rollout-no-replay",
            "moca-rollout-no-annealing",
            "moca-rollout-no-consolidation");

    private static ExperimentConfig tiny(List<String> methods) {
        return ExperimentConfig.defaults()
                .withName("tiny-rollout")
                .withTrainEpisodes(2)
                .withTestEpisodes(1)
                .withSeeds(List.of(1L))
                .withHidden(List.of(8))
                .withMetaBatch(2)
                .withRollout(RolloutSignalConfig.defaults()
                        .withHorizon(12)
                        .withPretrainSteps(2)
                        .withMetaIterations(2)
                        .withInnerSteps(1))
                .withMethods(methods);
    }

    @Test
    void everyRolloutMethodRunsEndToEndAndTheySharePretrainingAndStarts(@TempDir Path dir) throws Exception {
        ExperimentConfig cfg = tiny(ROLLOUT_METHODS);
        Testbed bed = Testbed.of(ReferenceNetworks.circularElectronicsNd());
        ExperimentRunner.Experts experts = ExperimentRunner.Experts.defaults(bed.criteria());
        ExperimentRunner runner = new ExperimentRunner(cfg, dir, "run", experts);
        Table summary = runner.run(Integer.MAX_VALUE, QUIET);
        List<String> policies = summary.stringColumn("policy").asList();
        assertTrue(policies.containsAll(ROLLOUT_METHODS), policies.toString());
        for (String m : ROLLOUT_METHODS) assertTrue(Files.exists(runner.trialFile(m, 1)), m);
        var provenance = org.moca.infra.Provenance.read(runner.runDir().resolve("provenance.json"));
        assertEquals(12, provenance.config().get("rollout").get("horizon").asInt());

        Methods.Context ctx = new Methods.Context(
                bed,
                cfg,
                1,
                () -> {
                    throw new IllegalStateException("the rollout methods asked for imitation tasks");
                },
                experts);
        for (String m : ROLLOUT_METHODS) {
            Supplier<RecoveryPolicy> f = Methods.recipe(m).prepare(ctx);
            RecoveryPolicy p = f.get();
            assertEquals(m, p.name());
            assertTrue(p instanceof AdaptivePolicy, m);
        }
        assertEquals(
                List.of("rollout:starts", "rollout:pretrained", "rollout:fomaml", "rollout:reptile"),
                List.copyOf(ctx.cache.keySet()),
                "one set of starts and one pretraining per seed, each meta-training once");
    }

    @Test
    void theStaleStateVariantsTrainInTheirOwnLayoutFromTheSameStart() {
        List<String> methods = List.of(
                "maml",
                "maml-layout1",
                "moca-layout1",
                "rollout-finetuned",
                "rollout-finetuned-layout1",
                "moca-rollout-layout1");
        ExperimentConfig cfg = tiny(methods).withMetaIterations(2);
        Testbed bed = Testbed.of(ReferenceNetworks.circularElectronicsNd());
        ExperimentRunner.Experts experts = ExperimentRunner.Experts.defaults(bed.criteria());
        Methods.Context[] holder = new Methods.Context[1];
        Methods.Context ctx = new Methods.Context(
                bed,
                cfg,
                1,
                ExperimentRunner.memo(
                        () -> ExperimentRunner.trainingTasks(bed, cfg, experts, holder[0].trainingEpisodes())),
                experts);
        holder[0] = ctx;
        for (String m : methods)
            assertEquals(m, Methods.recipe(m).prepare(ctx).get().name());
        for (String key : List.of("learner:maml", "rollout:pretrained")) {
            var v2 = (GaussianPolicy) ((org.moca.meta.MetaLearner<?>) ctx.cache.get(key)).policy();
            var v1 = (GaussianPolicy) ((org.moca.meta.MetaLearner<?>) ctx.cache.get(key + "-layout1")).policy();
            // the same initial policy and the same tasks or starts: only the states' layout separates them
            org.junit.jupiter.api.Assertions.assertFalse(v1.sameAs(v2), key + ": layout 1 trains another policy");
        }
        assertTrue(
                ctx.cache.containsKey("rollout:fomaml-layout1"),
                ctx.cache.keySet().toString());
        assertThrows(
                IllegalArgumentException.class,
                () -> ExperimentRunner.trainingTasks(
                        bed,
                        cfg.withTrainingLabeller(org.moca.experiment.ContinualConfig.Labeller.ORACLE),
                        experts,
                        ctx.trainingEpisodes(),
                        1));
    }

    @Test
    void theYamlKeysMergeWithTheDefaultsAndBadValuesNameTheirKey(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("r.yaml");
        Files.writeString(yaml, "name: r\nrollout: {horizon: 24, stateGradient: THROUGH_STATE}\n");
        ExperimentConfig c = ExperimentConfig.load(yaml);
        assertEquals(
                RolloutSignalConfig.defaults()
                        .withHorizon(24)
                        .withStateGradient(RolloutConfig.StateGradient.THROUGH_STATE),
                c.rollout());
        Files.writeString(yaml, "name: r\nrollout:\n  innerLearningRate: 0\n");
        var e = assertThrows(org.moca.infra.ConfigException.class, () -> ExperimentConfig.load(yaml));
        assertTrue(
                e.getMessage().contains("r.yaml:3:") && e.getMessage().contains("innerLearningRate"), e.getMessage());
        Files.writeString(yaml, "name: r\nrollout: {stateGradient: SIDEWAYS}\n");
        e = assertThrows(org.moca.infra.ConfigException.class, () -> ExperimentConfig.load(yaml));
        assertTrue(e.getMessage().contains("stateGradient"), e.getMessage());
    }

    @Test
    void theShippedRolloutConfigsLoadAndTheValidationOneUsesValidationSeedsOnly() {
        ExperimentConfig test = ExperimentConfig.load(Path.of("..", "experiments", "rollout-signal.yaml"));
        assertTrue(test.methods().containsAll(ROLLOUT_METHODS), test.methods().toString());
        ExperimentConfig val = ExperimentConfig.load(Path.of("..", "experiments", "rollout-signal-validation.yaml"));
        assertEquals(List.of("validation"), val.testFamilies());
        assertTrue(val.seeds().stream().allMatch(s -> s > 10), "validation seeds only, never the test seeds 1-10");
        assertEquals(test.methods(), val.methods());
    }
}
