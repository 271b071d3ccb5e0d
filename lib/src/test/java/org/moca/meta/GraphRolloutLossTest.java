package org.moca.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.agent.RolloutStarts;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.policy.GraphPolicy;
import org.moca.policy.GraphPolicyConfig;
import org.moca.policy.GraphPolicyParameters;
import org.moca.scenario.Episode;
import org.moca.sim.RecoveryCriteria;
import org.moca.twin.RolloutConfig;
import org.moca.twin.TwinObjective;

/**
 * The twin's rollout objective on the graph policy: its gradient is the derivative of the loss (checked along random
 * directions by central differences), the learners adapt on it unchanged, and what it cannot do is refused by name.
 */
class GraphRolloutLossTest {

    private static final Testbed BED = Testbed.of(ReferenceNetworks.circularBatteriesNmc());
    private static final RecoveryCriteria CRITERIA = RecoveryCriteria.defaults();
    private static final RolloutConfig STOPPED =
            new RolloutConfig(TwinObjective.defaults(), RolloutConfig.StateGradient.STOPPED);
    private static final GraphPolicy POLICY = new GraphPolicy(new GraphPolicyConfig(6, 1, -2, 1, 0));
    private static final int HORIZON = 12;

    private static List<RolloutTaskLoss.Start> onsetStarts(int episodes) {
        List<Episode> eps = BED.episodes(
                org.moca.scenario.ScenarioFamilies.resolve(
                        "lithium-crunch",
                        "test",
                        new org.moca.scenario.ScenarioFamilies.Use(BED.network().name(), BED.network(), 48)),
                episodes,
                5);
        return RolloutStarts.atOnset(
                        BED.runner(), eps, new MpcExpertPolicy(MpcConfig.defaults(), CRITERIA), CRITERIA, HORIZON)
                .stream()
                .map(RolloutStarts.OnsetStarts::forecast)
                .toList();
    }

    /**
     * With the states stopped the gradient is the derivative of the loss with the policy's observations held at the
     * rollout's own (the closed loop's derivative also has the observations' response, which STOPPED leaves out).
     */
    @Test
    void theGradientIsTheDerivativeOfTheLossAtHeldObservationsAlongRandomDirections() {
        GraphRolloutLoss loss = new GraphRolloutLoss(POLICY, BED.layout(), STOPPED, onsetStarts(2), HORIZON);
        double[] theta = POLICY.initialParameters(4);
        double[] g = new double[theta.length];
        double value = loss.lossAndGradient(theta, g);
        assertTrue(value > 0 && Double.isFinite(value), "loss " + value);
        double[][][] held = loss.observedStates(theta);
        assertEquals(value, loss.lossAtStates(theta, held), 1e-15, "held at its own observations, the same rollout");
        SplittableRandom rng = new SplittableRandom(8);
        double eps = 1e-6;
        for (int trial = 0; trial < 4; trial++) {
            double[] v = new double[theta.length];
            for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
            double[] plus = theta.clone(), minus = theta.clone();
            for (int i = 0; i < v.length; i++) {
                plus[i] += eps * v[i];
                minus[i] -= eps * v[i];
            }
            double numeric = (loss.lossAtStates(plus, held) - loss.lossAtStates(minus, held)) / (2 * eps);
            double analytic = 0;
            for (int i = 0; i < v.length; i++) analytic += g[i] * v[i];
            assertEquals(numeric, analytic, 1e-5 * Math.max(1.0, Math.abs(numeric)), "direction " + trial);
        }
        assertEquals(value, loss.lossAndGradient(theta, null), 0.0, "the gradient pass does not change the loss");
    }

    /** The mean over two starts is the mean of the single-start losses and gradients, any loss serving any start. */
    @Test
    void aSingleStartIsServedByAnyLossOnTheNetworkAndTheMeanIsTheMeanOfTheSingleOnes() {
        List<RolloutTaskLoss.Start> starts = onsetStarts(2);
        GraphRolloutLoss both = new GraphRolloutLoss(POLICY, BED.layout(), STOPPED, starts, HORIZON);
        GraphRolloutLoss none = new GraphRolloutLoss(POLICY, BED.layout(), STOPPED, List.of(), HORIZON);
        double[] theta = POLICY.initialParameters(6);
        double[] g = new double[theta.length], g0 = new double[theta.length], g1 = new double[theta.length];
        double mean = both.lossAndGradient(theta, g);
        double l0 = none.lossAndGradient(theta, starts.get(0), g0);
        java.util.Arrays.fill(g1, 7.0); // overwritten, not added to
        double l1 = none.lossAndGradient(theta, starts.get(1), g1);
        assertEquals(mean, (l0 + l1) / 2, 1e-12 * Math.abs(mean));
        double[] single = new double[theta.length];
        assertEquals(
                l0,
                new GraphRolloutLoss(POLICY, BED.layout(), STOPPED, List.of(starts.get(0)), HORIZON)
                        .lossAndGradient(theta, single),
                0.0);
        for (int i = 0; i < theta.length; i++) {
            assertEquals(g[i], (g0[i] + g1[i]) / 2, 1e-12 * Math.max(1e-12, Math.abs(g[i])) + 1e-15, "entry " + i);
            assertEquals(single[i], g0[i], 0.0, "entry " + i);
        }
    }

    /** The rollout's first observation is what the deployed policy encodes from the live simulator in that hour. */
    @Test
    void theFirstObservationOfADeploymentStartIsTheLiveEncodedState() {
        Episode e = BED.episodes(
                        org.moca.scenario.ScenarioFamilies.resolve(
                                "lithium-crunch",
                                "test",
                                new org.moca.scenario.ScenarioFamilies.Use(
                                        BED.network().name(), BED.network(), 48)),
                        1,
                        9)
                .get(0);
        MpcExpertPolicy planner = new MpcExpertPolicy(MpcConfig.defaults(), CRITERIA);
        planner.reset(e);
        org.moca.sim.StateEncoder enc = new org.moca.sim.StateEncoder(BED.layout());
        GraphRolloutLoss none = new GraphRolloutLoss(POLICY, BED.layout(), STOPPED, List.of(), HORIZON);
        int[] checked = new int[1];
        BED.runner().run(e, new org.moca.baseline.NoActionPolicy(), (view, observed, controls) -> {
            if (org.moca.scenario.KnownDisruptions.firstOnset(observed) < 0 || checked[0] >= 3) return;
            double[] live = org.moca.scenario.KnownDisruptions.encode(enc, view, observed);
            double[] first = none.observation(RolloutStarts.at(view, observed, planner, CRITERIA, HORIZON));
            org.junit.jupiter.api.Assertions.assertArrayEquals(live, first, 1e-12, "hour " + view.hour());
            checked[0]++;
        });
        assertEquals(3, checked[0]);
    }

    @Test
    void theLearnersAdaptOnItUnchanged() {
        GraphRolloutLoss support = new GraphRolloutLoss(POLICY, BED.layout(), STOPPED, onsetStarts(1), HORIZON);
        GraphPolicyParameters meta = GraphPolicyParameters.initialize(POLICY, 2);
        double before = support.lossAndGradient(meta.parameterView(), null);
        for (String name : MetaLearners.anyPolicy()) {
            var config = new MetaLearnerConfig(0.5, 10, 1e-3, 0.9, 0.999, 1e-8, 1);
            try (var learner = MetaLearners.create(name, meta, config)) {
                double after =
                        support.lossAndGradient(learner.adapt(support, null).parameterView(), null);
                assertTrue(after < before, name + ": rollout loss " + before + " -> " + after);
            }
        }
    }

    @Test
    void whatItCannotDoIsRefusedByName() {
        List<RolloutTaskLoss.Start> starts = onsetStarts(1);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new GraphRolloutLoss(POLICY, BED.layout(), RolloutConfig.defaults(), starts, HORIZON));
        assertTrue(e.getMessage().contains("STOPPED"), e.getMessage());
        // a loss without starts of its own serves single starts (an online loop's); its mean over none is refused
        GraphRolloutLoss none = new GraphRolloutLoss(POLICY, BED.layout(), STOPPED, List.of(), HORIZON);
        var empty = assertThrows(
                IllegalStateException.class, () -> none.lossAndGradient(new double[POLICY.numParameters()], null));
        assertTrue(empty.getMessage().contains("no starts"), empty.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> new GraphRolloutLoss(POLICY, BED.layout(), STOPPED, starts, 0));
        assertTrue(e.getMessage().contains("horizon"), e.getMessage());
    }
}
