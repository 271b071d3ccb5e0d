package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moca.graph.ReferenceNetworks;
import org.moca.hyper.HeadHyperNetwork;
import org.moca.hyper.HyperNetworkConfig;
import org.moca.infra.Progress;
import org.moca.infra.ProgressListener;
import org.moca.meta.ConsolidatedMetaLearner;
import org.moca.meta.MetaLearner;
import org.moca.meta.OuterConsolidationConfig;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import tech.tablesaw.api.Table;

/** {@code moca-article} and the bounded {@code moca-hyper} on the reference testbed, at a budget of seconds. */
class ArticleMocaMethodsTest {

    private static final ExperimentRunner.Experts EXPERTS = new ExperimentRunner.Experts(
            ExperimentRunnerTest.GreedyExpert::new, ExperimentRunnerTest.GreedyExpert::new);

    private static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onProgress(Progress p) {}

        @Override
        public void onFinish(Progress p) {}
    };

    private static ExperimentConfig tiny() {
        return ExperimentConfig.defaults()
                .withName("tiny-article")
                .withTrainEpisodes(3)
                .withTestEpisodes(1)
                .withSeeds(List.of(1L))
                .withHidden(List.of(16))
                .withMetaIterations(5)
                .withMetaBatch(2)
                .withInnerSteps(2)
                .withInnerLearningRate(0.01)
                .withSupportHours(4)
                .withOnsetSupport(org.moca.agent.AdaptationConfig.OnsetSupport.OFF) // the greedy expert does not plan
                .withPpoUpdates(0)
                .withHyperSteps(5)
                .withOuterConsolidation(new OuterConsolidationConfig(1.0, 2))
                .withMethods(List.of("maml", "moca-article", "moca-hyper"));
    }

    @Test
    void bothMethodsDeployOnTheReferenceTestbedAndTheirSettingsReachProvenance(@TempDir Path dir) throws Exception {
        ExperimentRunner runner = new ExperimentRunner(tiny(), dir, "run", EXPERTS);
        Table summary = runner.run(Integer.MAX_VALUE, QUIET);
        List<String> policies = summary.stringColumn("policy").asList();
        assertTrue(policies.contains("moca-article") && policies.contains("moca-hyper"), policies.toString());
        for (String m : List.of("moca-article", "moca-hyper")) {
            assertTrue(Files.size(runner.trialFile(m, 1)) > 0, m);
            assertEquals(
                    1, runner.rows().stream().filter(r -> r.method().equals(m)).count(), m + ": one test episode");
        }
        var config = org.moca.infra.Provenance.read(runner.runDir().resolve("provenance.json"))
                .config();
        assertEquals(2, config.get("outerConsolidation").get("anchorEvery").asInt());
        assertEquals(1.0, config.get("outerConsolidation").get("lambda").asDouble());
        assertEquals(
                HyperNetworkConfig.DEFAULT_DELTA_BOUND_SCALE,
                config.get("hyper").get("deltaBoundScale").asDouble());
    }

    /**
     * {@code moca-article} meta-trains with the penalty in the meta-update on its schedule (5 updates, a snapshot
     * every 2: two snapshots), so it ends elsewhere than the plain MAML that {@code moca} shares; {@code moca-hyper}
     * deploys a hypernetwork with a positive bound.
     */
    @Test
    void mocaArticleMetaTrainsOnItsAnchorScheduleAndMocaHyperIsBounded() {
        ExperimentConfig config = tiny();
        Testbed bed = Testbed.of(ReferenceNetworks.resolve(config.topology(), "topology"));
        var train = ScenarioFamilies.resolve(config.trainFamily(), "trainFamily");
        var tasks = org.moca.agent.Training.tasks(
                bed.runner(),
                bed.episodes(train, config.trainEpisodes(), 1),
                EXPERTS.oracle(),
                config.supportHours(),
                bed.criteria().windowHours(),
                config.labelHours(),
                org.nd4j.linalg.api.buffer.DataType.FLOAT,
                null);
        Methods.Context ctx = new Methods.Context(bed, config, 1, () -> tasks, EXPERTS);
        Supplier<RecoveryPolicy> article = Methods.recipe("moca-article").prepare(ctx);
        Methods.recipe("moca").prepare(ctx);
        Methods.recipe("moca-hyper").prepare(ctx);
        assertEquals("moca-article", article.get().name());

        ConsolidatedMetaLearner<?> learner =
                assertInstanceOf(ConsolidatedMetaLearner.class, ctx.cache.get("learner:maml-article"));
        assertEquals(5, learner.outerUpdates());
        assertEquals(2, learner.snapshots());
        MetaLearner<?> plain = (MetaLearner<?>) ctx.cache.get("learner:maml");
        assertNotEquals(
                plain.policy().parameters(), learner.policy().parameters(), "the outer penalty changed meta-training");
        HeadHyperNetwork hyper = assertInstanceOf(HeadHyperNetwork.class, ctx.cache.get("hyper"));
        assertTrue(hyper.deltaBound() > 0, "bound " + hyper.deltaBound());
    }

    @Test
    void aYamlFileSetsTheScheduleAndABadValueNamesItsKey(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("e.yaml");
        Files.writeString(
                yaml, "name: small\nouterConsolidation:\n  anchorEvery: 10\nhyper:\n  deltaBoundScale: 1.5\n");
        ExperimentConfig c = ExperimentConfig.load(yaml);
        assertEquals(new OuterConsolidationConfig(OuterConsolidationConfig.DEFAULT_LAMBDA, 10), c.outerConsolidation());
        assertEquals(HyperNetworkConfig.defaults().withDeltaBoundScale(1.5), c.hyper());
        Files.writeString(yaml, "name: small\nouterConsolidation:\n  anchorEvery: 0\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                org.moca.infra.ConfigException.class, () -> ExperimentConfig.load(yaml));
        assertTrue(e.getMessage().contains("anchorEvery"), e.getMessage());
    }
}
