package org.moca.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.meta.LearningTask;
import org.moca.meta.Maml;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.opt.PlanningPolicy;
import org.moca.opt.WindowPlan;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.Episode;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;

class DaggerTest {

    private static final Testbed BED = Testbed.of(ReferenceNetworks.circularElectronicsNd());
    private static final int WINDOW = BED.criteria().windowHours();

    /**
     * A cheap expert whose controls are a fixed nonlinear function of the encoded state it is shown: labels that change
     * whenever the state does, so a label tells which state it was made in.
     */
    static final class StateExpert implements RecoveryPolicy {
        private StateEncoder encoder;
        private ActionCodec codec;

        @Override
        public String name() {
            return "state-expert";
        }

        @Override
        public void reset(Episode e) {
            encoder = new StateEncoder(e.layout());
            codec = new ActionCodec(e.layout());
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            return codec.decode(action(KnownDisruptions.encode(encoder, view, observed), codec.dimension()));
        }

        /** Action k: 3 tanh of a mix of the state's coordinates (the pre-onset state and the disruption flags). */
        static double[] action(double[] x, int dim) {
            double[] a = new double[dim];
            for (int k = 0; k < dim; k++) {
                double z = 0;
                for (int j = 0; j < x.length; j++) z += Math.sin(1.0 + k * 0.37 + j * 0.11) * x[j];
                a[k] = 3 * Math.tanh(z);
            }
            return a;
        }
    }

    private static List<Episode> training(int n, long seed) {
        return BED.episodes(ScenarioFamilies.resolve("training", "test"), n, seed);
    }

    private static MetaLearner<GaussianPolicy> learner() {
        int s = new StateEncoder(BED.layout()).dimension(), a = new ActionCodec(BED.layout()).dimension();
        GaussianPolicy p = GaussianPolicy.initialize(PolicyConfig.of(s, a, 16), DataType.FLOAT, 3);
        return new Maml<>(p, MetaLearnerConfig.defaults().withInnerSteps(2).withInnerLearningRate(0.05));
    }

    /** Protocol v1's support (the hours after onset): the state expert does not plan, so it cannot give an onset plan. */
    private static AdaptationConfig adaptation() {
        return AdaptationConfig.maml().withSupportHours(4).withOnsetSupport(AdaptationConfig.OnsetSupport.OFF);
    }

    private static List<LearningTask> demonstrations(List<Episode> eps, Supplier<RecoveryPolicy> expert) {
        return Training.expertTasks(
                BED.runner(), eps, expert, adaptation().supportHours(), WINDOW, 6, DataType.FLOAT, null);
    }

    private static Dagger.Result train(
            MetaLearner<GaussianPolicy> learner, List<Episode> eps, DaggerConfig config, long seed) {
        Supplier<RecoveryPolicy> expert = StateExpert::new;
        return Dagger.train(
                learner,
                demonstrations(eps, expert),
                eps,
                BED.runner(),
                expert,
                expert,
                adaptation(),
                config,
                WINDOW,
                3,
                2,
                new SplittableRandom(seed),
                seed,
                null);
    }

    private static int labelledHours(Episode e) {
        int onset = e.scenario().onset();
        return Math.min(e.scenario().horizon(), onset + WINDOW) - onset;
    }

    @Test
    void theAggregateGrowsByTheVisitedStatesOfEveryRound() {
        List<Episode> eps = training(3, 21);
        DaggerConfig config = new DaggerConfig(2, 0.5, 0.5, 2);
        try (MetaLearner<GaussianPolicy> learner = learner()) {
            Dagger.Result r = train(learner, eps, config, 7);
            assertEquals(3, r.rounds().size());
            assertEquals(3, r.rounds().get(0).aggregate());
            int hoursPerEpisode = labelledHours(eps.get(0));
            for (Episode e : eps) assertEquals(hoursPerEpisode, labelledHours(e), "the family's episodes alike");
            for (int i = 1; i <= 2; i++) {
                Dagger.Round round = r.rounds().get(i);
                assertEquals(2, round.episodes(), "ceil(0.5 * 3) episodes per round");
                assertEquals(2, round.tasks(), "one task per rolled-out episode");
                assertEquals(2 * hoursPerEpisode, round.rows(), "every visited hour of the window, relabelled");
                assertEquals(3 + 2 * i, round.aggregate());
                assertEquals(Math.pow(0.5, i), round.beta());
            }
            assertEquals(7, r.aggregate().size());
            int rows = 0;
            for (LearningTask t : r.aggregate().subList(3, 7))
                rows += t.supportStates().rows() + t.queryStates().rows();
            assertEquals(4 * hoursPerEpisode, rows);
            for (LearningTask t : r.aggregate().subList(3, 7))
                assertEquals(4, t.supportStates().rows());
            assertEquals(3 + 2 * 2, r.curve().length, "round 0's steps, then each round's");
        }
    }

    @Test
    void relabelledActionsAreTheExpertsLabelsAtTheLearnersOwnStates() {
        Episode e = training(1, 5).get(0);
        ActionCodec codec = new ActionCodec(BED.layout());
        Supplier<RecoveryPolicy> expert = StateExpert::new;
        try (MetaLearner<GaussianPolicy> learner = learner()) {
            Dagger.Rollout r =
                    Dagger.rollout(BED.runner(), e, learner, expert, expert, adaptation(), 0.0, 1, WINDOW, 9);
            Demonstrations d = r.demonstrations();
            assertEquals(labelledHours(e), d.size());
            assertEquals(0, r.expertHours(), "beta 0: the learner alone acts");

            // the learner's own trajectory, run on its own: the same policy, adapted as at deployment
            int onset = e.scenario().onset();
            StateEncoder encoder = new StateEncoder(e.layout());
            List<double[]> learnerStates = new ArrayList<>();
            BED.runner()
                    .run(e, new AdaptivePolicy("dagger", learner, null, expert.get(), adaptation(), 9), (v, o, c) -> {
                        if (v.hour() >= onset && v.hour() < onset + WINDOW)
                            learnerStates.add(KnownDisruptions.encode(encoder, v, o));
                    });
            // the expert's own trajectory: what the rollout must NOT have recorded
            Demonstrations own = Demonstrations.labelled(
                    BED.runner(), e, expert.get(), StateLabeller.of(expert.get(), 6), onset, onset + WINDOW);
            double apart = 0;
            for (int i = 0; i < d.size(); i++) {
                assertEquals(onset + i, d.hours()[i]);
                assertArrayEquals(learnerStates.get(i), d.states()[i], 0.0, "the learner's state of hour " + i);
                double[] want = codec.encode(codec.decode(StateExpert.action(d.states()[i], codec.dimension())));
                assertArrayEquals(want, d.actions()[i], 1e-12, "the expert's label of that state, hour " + i);
                for (int j = 0; j < own.states()[i].length; j++)
                    apart = Math.max(apart, Math.abs(own.states()[i][j] - d.states()[i][j]));
            }
            assertTrue(apart > 1e-3, "the learner's states differ from the expert's, so the test can tell: " + apart);
        }
    }

    @Test
    void betaOneRollsOutTheExpertsOwnTrajectory() {
        Episode e = training(1, 5).get(0);
        Supplier<RecoveryPolicy> expert = StateExpert::new;
        int onset = e.scenario().onset();
        try (MetaLearner<GaussianPolicy> learner = learner()) {
            Dagger.Rollout r =
                    Dagger.rollout(BED.runner(), e, learner, expert, expert, adaptation(), 1.0, 1, WINDOW, 9);
            Demonstrations own = Demonstrations.labelled(
                    BED.runner(), e, expert.get(), StateLabeller.of(expert.get(), 6), onset, onset + WINDOW);
            assertEquals(r.hours(), r.expertHours());
            for (int i = 0; i < own.size(); i++) {
                assertArrayEquals(own.states()[i], r.demonstrations().states()[i], 0.0);
                assertArrayEquals(own.actions()[i], r.demonstrations().actions()[i], 0.0);
            }
            Dagger.Rollout half =
                    Dagger.rollout(BED.runner(), e, learner, expert, expert, adaptation(), 0.5, 1, WINDOW, 9);
            assertTrue(
                    half.expertHours() > 0 && half.expertHours() < half.hours(),
                    half.expertHours() + " of " + half.hours());
        }
    }

    @Test
    void theSameSeedGivesTheSameParametersBitwiseAndZeroRoundsIsPlainMetaTraining() {
        List<Episode> eps = training(3, 21);
        DaggerConfig config = new DaggerConfig(1, 0.5, 0.5, 2);
        try (MetaLearner<GaussianPolicy> a = learner();
                MetaLearner<GaussianPolicy> b = learner();
                MetaLearner<GaussianPolicy> c = learner();
                MetaLearner<GaussianPolicy> plain = learner()) {
            train(a, eps, config, 7);
            train(b, eps, config, 7);
            assertArrayEquals(
                    a.policy().parameters().toFloatVector(),
                    b.policy().parameters().toFloatVector(),
                    0f,
                    "same config and seed, same parameters");
            train(c, eps, config.withRounds(0), 7);
            Training.metaTrain(plain, demonstrations(eps, StateExpert::new), 3, 2, new SplittableRandom(7), null);
            assertArrayEquals(
                    plain.policy().parameters().toFloatVector(),
                    c.policy().parameters().toFloatVector(),
                    0f,
                    "no rounds: exactly the meta-training on the demonstrations");
            float[] pa = a.policy().parameters().toFloatVector(),
                    pc = c.policy().parameters().toFloatVector();
            double diff = 0;
            for (int i = 0; i < pa.length; i++) diff = Math.max(diff, Math.abs(pa[i] - pc[i]));
            assertTrue(diff > 0, "a round changes the parameters");
        }
    }

    @Test
    void configIsValidatedByName() {
        for (var bad : List.<Runnable>of(
                () -> new DaggerConfig(-1, 0.5, 0.5, 1),
                () -> new DaggerConfig(1, 0, 0.5, 1),
                () -> new DaggerConfig(1, 1.5, 0.5, 1),
                () -> new DaggerConfig(1, 0.5, -0.1, 1),
                () -> new DaggerConfig(1, 0.5, 0.5, 0))) {
            var e = assertThrows(IllegalArgumentException.class, bad::run);
            assertTrue(
                    e.getMessage().matches("(rounds|rolloutShare|betaDecay|roundIterations) must .*"), e.getMessage());
        }
        DaggerConfig d = DaggerConfig.defaults();
        assertEquals(1.0, d.beta(0));
        assertEquals(0.25, d.beta(2));
        assertEquals(1.0, d.withBetaDecay(0).beta(0), "round 0 is the expert's own");
        assertEquals(0.0, d.withBetaDecay(0).beta(1));
        assertEquals(8, d.episodesPerRound(16));
        assertEquals(1, d.withRolloutShare(0.01).episodesPerRound(16));
        assertEquals(16, d.withRolloutShare(1).episodesPerRound(16));
    }

    /** The MPC, counting its plans and keeping each plan's mean controls over 6 hours by hour. */
    private static final class CountingMpc implements PlanningPolicy {
        final MpcExpertPolicy mpc = new MpcExpertPolicy(MpcConfig.defaults(), BED.criteria());
        final java.util.Map<Integer, Controls> meanByHour = new java.util.HashMap<>();
        int plans;

        @Override
        public String name() {
            return "mpc";
        }

        @Override
        public void reset(Episode e) {
            mpc.reset(e);
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            return plan(view, observed).controls(0);
        }

        @Override
        public org.moca.opt.WindowForecast forecast(SimulatorView view, List<ObservedDisruption> observed, int hours) {
            return mpc.forecast(view, observed, hours);
        }

        @Override
        public WindowPlan plan(SimulatorView view, List<ObservedDisruption> observed) {
            plans++;
            WindowPlan p = mpc.plan(view, observed);
            meanByHour.put(view.hour(), p.meanControls(6));
            return p;
        }
    }

    @Test
    void withTheMpcOneSolvePerLabelledHourServesTheSupportLabelTheRelabellingAndTheLabelIsThePlansMean() {
        Episode e = training(1, 5).get(0);
        ActionCodec codec = new ActionCodec(BED.layout());
        CountingMpc mpc = new CountingMpc();
        Supplier<RecoveryPolicy> expert = () -> mpc;
        int window = 6; // 4 support hours, 2 query hours: six solves
        // protocol v2 (the default): the policy adapts on the MPC's onset plan, the plan the relabelling of the onset
        // hour shares
        AdaptationConfig v2 =
                AdaptationConfig.maml().withSupportHours(4).withOnsetSupport(AdaptationConfig.OnsetSupport.PLAN);
        try (MetaLearner<GaussianPolicy> learner = learner()) {
            Dagger.Rollout r = Dagger.rollout(BED.runner(), e, learner, expert, expert, v2, 0.0, 1, window, 9);
            assertEquals(window, r.demonstrations().size());
            assertEquals(window, mpc.plans, "the onset plan is shared with the relabelling");
            for (int i = 0; i < window; i++) {
                int hour = r.demonstrations().hours()[i];
                assertTrue(mpc.meanByHour.containsKey(hour), "planned at hour " + hour);
                assertArrayEquals(
                        codec.encode(mpc.meanByHour.get(hour)),
                        r.demonstrations().actions()[i],
                        1e-12);
            }
        }
    }
}
