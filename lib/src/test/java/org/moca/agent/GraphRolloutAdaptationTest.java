package org.moca.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.agent.OnlookerSteps.Step;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.meta.FirstOrderMaml;
import org.moca.meta.GraphRolloutLoss;
import org.moca.meta.L2Consolidation;
import org.moca.meta.MetaLearnerConfig;
import org.moca.meta.RolloutTaskLoss;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.policy.GraphPolicy;
import org.moca.policy.GraphPolicyConfig;
import org.moca.policy.GraphPolicyParameters;
import org.moca.policy.GraphStructure;
import org.moca.scenario.Episode;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.ActionCodec;
import org.moca.sim.RecoveryCriteria;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MOCA's deployment on the rollout signal with the graph policy ({@link RolloutAdaptivePolicy} with
 * {@link RolloutAdaptivePolicy#graphForm}, issue 17 item 4): the onset adaptation and the online loop are the ones the
 * MLP runs, computed by hand here from {@link GraphRolloutLoss}.
 */
class GraphRolloutAdaptationTest {

    private static final Testbed BED = Testbed.of(ReferenceNetworks.circularBatteriesNmc());
    private static final RecoveryCriteria CRITERIA = RecoveryCriteria.defaults();
    private static final RolloutSignalConfig ROLLOUT =
            RolloutSignalConfig.defaults().withHorizon(12).withInnerSteps(2);
    private static final GraphPolicy FUNCTION = new GraphPolicy(GraphPolicyConfig.defaults());
    private static final GraphStructure GRAPH = new GraphStructure(BED.layout());

    private static FirstOrderMaml<GraphPolicyParameters> learner(double innerRate) {
        return new FirstOrderMaml<>(
                GraphPolicyParameters.initialize(FUNCTION, 5),
                MetaLearnerConfig.defaults()
                        .withInnerSteps(ROLLOUT.innerSteps())
                        .withInnerLearningRate(innerRate)
                        .withWorkers(1));
    }

    private static MpcExpertPolicy mpc() {
        return new MpcExpertPolicy(MpcConfig.defaults(), CRITERIA);
    }

    private static RolloutAdaptivePolicy<GraphPolicyParameters> deployed(
            FirstOrderMaml<GraphPolicyParameters> learner, AdaptationConfig config) {
        return new RolloutAdaptivePolicy<>(
                "graph-online",
                learner,
                mpc(),
                config.withSignal(AdaptationConfig.Signal.ROLLOUT),
                7,
                ROLLOUT,
                CRITERIA,
                e -> RolloutAdaptivePolicy.graphForm(FUNCTION, e.layout(), ROLLOUT.rolloutConfig(), ROLLOUT.horizon()));
    }

    private static Episode crunch(long seed) {
        return BED.episodes(
                        ScenarioFamilies.resolve(
                                "lithium-crunch",
                                "test",
                                new ScenarioFamilies.Use(BED.network().name(), BED.network(), 48)),
                        1,
                        seed)
                .get(0);
    }

    /** Every hour from onset: the encoded state, the controls chosen, and the rollout start an onlooker builds there. */
    private static List<Step> run(Episode e, RecoveryPolicy p, int hours) {
        return OnlookerSteps.record(
                BED, CRITERIA, ROLLOUT.horizon(), e, p, (hour, onset) -> onset >= 0 && hour < onset + hours);
    }

    private static double[] decoded(GraphPolicyParameters p, double[] x) {
        ActionCodec codec = new ActionCodec(BED.layout());
        return codec.encode(codec.decode(p.mean(GRAPH, x)));
    }

    private static GraphRolloutLoss lossOf(List<RolloutTaskLoss.Start> starts) {
        return new GraphRolloutLoss(FUNCTION, BED.layout(), ROLLOUT.rolloutConfig(), starts, ROLLOUT.horizon());
    }

    @Test
    void theGraphPolicyAdaptsAtOnsetThenTakesTheOnlineStepsOnTheNewestStartsAsComputedByHand() {
        Episode e = crunch(3);
        // MOCA's cadence without replay and annealing, so the online steps are deterministic functions of the starts
        AdaptationConfig config = AdaptationConfig.moca().withReplay(false).withAnnealing(false);
        try (FirstOrderMaml<GraphPolicyParameters> learner = learner(ROLLOUT.innerLearningRate())) {
            GraphPolicyParameters meta = learner.policy();
            INDArray snapshot = meta.parameters();
            RolloutAdaptivePolicy<GraphPolicyParameters> p = deployed(learner, config);
            List<Step> steps = run(e, p, config.onlineEvery() + 1);
            int onset = steps.get(0).hour();
            assertEquals(onset, p.adaptedAt(), "adapted in the first observed hour");

            // the onset hour: the learner's K steps on the onset start's rollout loss, L2-consolidated to the meta ones
            L2Consolidation penalty = L2Consolidation.anchoredAt(meta, config.consolidationLambda());
            GraphPolicyParameters adapted =
                    learner.adapt(lossOf(List.of(steps.get(0).start())), penalty);
            assertTrue(
                    adapted.parameterView().distance2(meta.parameterView()) > 1e-6,
                    "the onset rollout moved the policy");
            ActionCodec codec = new ActionCodec(BED.layout());
            for (Step s : steps.subList(0, config.onlineEvery()))
                assertArrayEquals(decoded(adapted, s.state()), codec.encode(s.controls()), 1e-12, "hour " + s.hour());

            // at onset + onlineEvery: starts every labelEvery hours, then onlineSteps clipped SGD steps on the mean
            // rollout loss of the newest onlineStarts of them plus the penalty, at the rollout signal's inner rate
            List<RolloutTaskLoss.Start> kept = new ArrayList<>();
            for (Step s : steps) if ((s.hour() - onset) % config.labelEvery() == 0) kept.add(s.start());
            List<RolloutTaskLoss.Start> newest = kept.subList(kept.size() - ROLLOUT.onlineStarts(), kept.size());
            double[] theta = adapted.parameterView().toDoubleVector();
            for (int step = 0; step < config.onlineSteps(); step++) {
                double[] g = new double[theta.length], gi = new double[theta.length];
                for (RolloutTaskLoss.Start s : newest) {
                    lossOf(List.of(s)).lossAndGradient(theta, s, gi);
                    for (int i = 0; i < g.length; i++) g[i] += gi[i] * (1.0 / newest.size());
                }
                INDArray gv = Nd4j.createFromArray(g);
                penalty.addGradient(Nd4j.createFromArray(theta), gv);
                double norm = gv.norm2Number().doubleValue();
                if (norm > AdaptivePolicy.MAX_GRADIENT_NORM) gv.muli(AdaptivePolicy.MAX_GRADIENT_NORM / norm);
                double[] d = gv.toDoubleVector();
                for (int i = 0; i < theta.length; i++) theta[i] -= ROLLOUT.innerLearningRate() * d[i];
            }
            GraphPolicyParameters online = GraphPolicyParameters.of(FUNCTION, Nd4j.createFromArray(theta));
            Step at = steps.get(config.onlineEvery());
            assertEquals(onset + config.onlineEvery(), at.hour());
            assertArrayEquals(decoded(online, at.state()), codec.encode(at.controls()), 1e-9, "the online update");
            assertFalse(
                    java.util.Arrays.equals(decoded(adapted, at.state()), codec.encode(at.controls())),
                    "the online update changed the action");
            assertArrayEquals(
                    snapshot.toDoubleVector(),
                    meta.parameterView().toDoubleVector(),
                    0,
                    "deployment must not modify the meta-learned parameters");
            assertEquals(0, p.divergedAdaptations());
        }
    }

    @Test
    void mocaOnTheGraphPolicyWithReplayAndAnnealingIsReproducible() {
        Episode e = crunch(4);
        try (FirstOrderMaml<GraphPolicyParameters> learner = learner(ROLLOUT.innerLearningRate())) {
            RolloutAdaptivePolicy<GraphPolicyParameters> p = deployed(learner, AdaptationConfig.moca());
            run(e, p, 24);
            RolloutAdaptivePolicy<GraphPolicyParameters> again = deployed(learner, AdaptationConfig.moca());
            run(e, again, 24);
            assertTrue(p.rolloutStarts() > 3, "starts kept every labelEvery hours: " + p.rolloutStarts());
            assertArrayEquals(
                    p.current().parameterView().toDoubleVector(),
                    again.current().parameterView().toDoubleVector(),
                    0,
                    "same seed, same episode");
            RolloutAdaptivePolicy<GraphPolicyParameters> onsetOnly =
                    deployed(learner, AdaptationConfig.moca().withOnline(false));
            run(e, onsetOnly, 24);
            assertTrue(
                    p.current().parameterView().distance2(onsetOnly.current().parameterView()) > 1e-6,
                    "the online loop moved the policy after onset");
        }
    }

    @Test
    void anOnsetAdaptationThatBlowsUpIsDiscardedAndCounted() {
        Episode e = crunch(5);
        try (FirstOrderMaml<GraphPolicyParameters> learner = learner(Double.MAX_VALUE)) {
            RolloutAdaptivePolicy<GraphPolicyParameters> p =
                    deployed(learner, AdaptationConfig.moca().withOnline(false));
            List<Step> steps = run(e, p, 3);
            assertEquals(1, p.divergedAdaptations());
            ActionCodec codec = new ActionCodec(BED.layout());
            for (Step s : steps)
                assertArrayEquals(
                        decoded(learner.policy(), s.state()), codec.encode(s.controls()), 1e-12, "hour " + s.hour());
        }
    }
}
