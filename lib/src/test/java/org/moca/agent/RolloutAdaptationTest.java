package org.moca.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.agent.OnlookerSteps.Step;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.meta.FirstOrderMaml;
import org.moca.meta.LossTask;
import org.moca.meta.MetaLearnerConfig;
import org.moca.meta.RolloutTaskLoss;
import org.moca.meta.TaskLoss;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.opt.PerfectForecast;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Deployment and training on the rollout signal ({@link AdaptationConfig.Signal#ROLLOUT}, issue 16 item 2). */
class RolloutAdaptationTest {

    private static final Testbed BED = Testbed.of(ReferenceNetworks.circularElectronicsNd());
    private static final RecoveryCriteria CRITERIA = RecoveryCriteria.defaults();
    private static final RolloutSignalConfig ROLLOUT =
            RolloutSignalConfig.defaults().withHorizon(24).withInnerSteps(3);

    private static GaussianPolicy smallPolicy() {
        int s = new StateEncoder(BED.layout()).dimension(), a = new ActionCodec(BED.layout()).dimension();
        return GaussianPolicy.initialize(PolicyConfig.of(s, a, 16), DataType.FLOAT, 3);
    }

    private static FirstOrderMaml<GaussianPolicy> learner(GaussianPolicy p) {
        return new FirstOrderMaml<>(
                p,
                MetaLearnerConfig.defaults()
                        .withInnerSteps(ROLLOUT.innerSteps())
                        .withInnerLearningRate(ROLLOUT.innerLearningRate()));
    }

    private static MpcExpertPolicy mpc() {
        return new MpcExpertPolicy(MpcConfig.defaults(), CRITERIA);
    }

    private static AdaptivePolicy deployed(FirstOrderMaml<GaussianPolicy> learner, AdaptationConfig config, long seed) {
        return new AdaptivePolicy(
                "rollout",
                learner,
                null,
                mpc(),
                config.withSignal(AdaptationConfig.Signal.ROLLOUT),
                seed,
                ROLLOUT,
                CRITERIA);
    }

    private static Episode blackSwan(long seed) {
        return BED.episode(ScenarioFamilies.blackSwan().sample(1, seed).get(0));
    }

    /** Every hour from onset: the encoded state, the controls chosen, and the rollout start an onlooker builds there. */
    private static List<Step> run(Episode e, RecoveryPolicy p) {
        return OnlookerSteps.record(
                BED,
                CRITERIA,
                ROLLOUT.horizon(),
                e,
                p,
                (hour, onset) -> hour >= e.scenario().onset());
    }

    private static double[] decoded(GaussianPolicy p, double[] x) {
        ActionCodec codec = new ActionCodec(BED.layout());
        INDArray mean = p.mean(Nd4j.createFromArray(new double[][] {x}).castTo(p.dataType()));
        return codec.encode(codec.decode(mean.castTo(DataType.DOUBLE).toDoubleVector()));
    }

    private static RolloutTaskLoss lossOf(GaussianPolicy p, RolloutTaskLoss.Start s) {
        return new RolloutTaskLoss(
                BED.layout(), ROLLOUT.rolloutConfig(), p.config(), p.dataType(), List.of(s), ROLLOUT.horizon());
    }

    @Test
    void thePolicyAdaptsInTheOnsetHourOnTheRolloutFromTheObservedStateBeforeItActs() {
        Episode e = blackSwan(4);
        int onset = e.scenario().onset();
        GaussianPolicy base = smallPolicy();
        GaussianPolicy snapshot = base.copy();
        try (FirstOrderMaml<GaussianPolicy> learner = learner(base)) {
            AdaptivePolicy p = deployed(learner, AdaptationConfig.maml(), 1);
            List<Step> steps = run(e, p);
            assertEquals(onset, p.adaptedAt(), "adapted in the onset hour");
            assertEquals(1, p.rolloutStarts());
            assertEquals(onset, steps.get(0).hour());
            // it adapted on exactly the onset hour's rollout start (the observed state, the MPC's forecast then)
            RolloutTaskLoss onsetLoss = lossOf(base, steps.get(0).start());
            GaussianPolicy expected = learner.adapt(onsetLoss, null);
            assertArrayEquals(
                    expected.parameters().toFloatVector(),
                    p.current().parameters().toFloatVector(),
                    0f);
            double before = onsetLoss.lossAndGradient(base.parameterView(), null);
            double after = onsetLoss.lossAndGradient(p.current().parameterView(), null);
            assertTrue(after < before, "the onset rollout loss falls: " + before + " -> " + after);
            // every action from the onset hour on is the adapted policy's; the onset hour's is not the base policy's
            ActionCodec codec = new ActionCodec(BED.layout());
            for (Step s : steps)
                assertArrayEquals(
                        decoded(p.current(), s.state()), codec.encode(s.controls()), 1e-9, "hour " + s.hour());
            assertFalse(java.util.Arrays.equals(
                    decoded(base, steps.get(0).state()),
                    codec.encode(steps.get(0).controls())));
            assertTrue(base.sameAs(snapshot), "deployment must not modify the meta-learned parameters");
        }
    }

    @Test
    void withoutAdaptationThePolicyActsAsPretrainedAndStillKeepsItsStart() {
        Episode e = blackSwan(5);
        GaussianPolicy base = smallPolicy();
        try (FirstOrderMaml<GaussianPolicy> learner = learner(base)) {
            AdaptivePolicy p =
                    deployed(learner, AdaptationConfig.maml().withAdaptation(AdaptationConfig.Adaptation.NONE), 1);
            List<Step> steps = run(e, p);
            ActionCodec codec = new ActionCodec(BED.layout());
            for (Step s : steps)
                assertArrayEquals(decoded(base, s.state()), codec.encode(s.controls()), 1e-9, "hour " + s.hour());
            assertEquals(1, p.rolloutStarts());
        }
    }

    @Test
    void mocaOnTheRolloutSignalKeepsAdaptingOnReplayedStartsAndIsReproducible() {
        Episode e = blackSwan(6);
        int onset = e.scenario().onset();
        try (FirstOrderMaml<GaussianPolicy> learner = learner(smallPolicy())) {
            AdaptationConfig moca = AdaptationConfig.moca();
            AdaptivePolicy p = deployed(learner, moca, 7);
            List<Step> steps = run(e, p);
            int last = steps.get(steps.size() - 1).hour();
            assertEquals(1 + (last - onset) / moca.labelEvery(), p.rolloutStarts(), "one start per labelled hour");
            AdaptivePolicy once = deployed(learner, AdaptationConfig.maml(), 7);
            run(e, once);
            assertFalse(p.current().sameAs(once.current()), "the online loop moved the policy after onset");
            assertTrue(Double.isFinite(p.current().parameters().sumNumber().doubleValue()));
            AdaptivePolicy again = deployed(learner, moca, 7);
            run(e, again);
            assertTrue(p.current().sameAs(again.current()), "same seed, same episode, same online updates");
        }
    }

    /** The nominal plan every hour; as an expert, one that does not plan: no forecast to roll out on. */
    private static final class Fixed implements RecoveryPolicy {
        private Controls nominal;

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public void reset(Episode episode) {
            nominal = episode.nominal();
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            return nominal;
        }
    }

    @Test
    void theRolloutSignalRefusesWhatItCannotDo() {
        try (FirstOrderMaml<GaussianPolicy> learner = learner(smallPolicy())) {
            AdaptationConfig rollout = AdaptationConfig.maml().withSignal(AdaptationConfig.Signal.ROLLOUT);
            var noSettings = assertThrows(
                    IllegalArgumentException.class,
                    () -> new AdaptivePolicy("r", learner, null, mpc(), rollout, 1, null, CRITERIA));
            assertTrue(noSettings.getMessage().contains("ROLLOUT"), noSettings.getMessage());
            var hyper = assertThrows(
                    IllegalArgumentException.class,
                    () -> new AdaptivePolicy(
                            "r",
                            learner,
                            null,
                            mpc(),
                            rollout.withAdaptation(AdaptationConfig.Adaptation.HYPERNETWORK),
                            1,
                            ROLLOUT,
                            CRITERIA));
            assertTrue(hyper.getMessage().contains("HYPERNETWORK"), hyper.getMessage());
            var planner = assertThrows(
                    IllegalArgumentException.class,
                    () -> new AdaptivePolicy("r", learner, null, new Fixed(), rollout, 1, ROLLOUT, CRITERIA));
            assertTrue(planner.getMessage().contains("fixed"), planner.getMessage());
        }
    }

    @Test
    void trainingStartsAreTheDeploymentStartOfTheOnsetHourBesideItsHindsight() {
        Episode e = blackSwan(8);
        int onset = e.scenario().onset();
        RolloutStarts.OnsetStarts s = RolloutStarts.atOnset(BED.runner(), e, mpc(), CRITERIA, ROLLOUT.horizon());
        assertEquals(onset, s.forecast().state().hour());
        assertTrue(s.hindsight().state() == s.forecast().state(), "one state, two forecasts");
        assertTrue(s.hindsight().forecast() instanceof PerfectForecast);
        assertEquals(Math.min(ROLLOUT.horizon(), e.realization().hours() - onset), s.hindsightHours());
        // the same start a deployed policy meets at onset: a fixed policy's rollout loss is identical on both
        GaussianPolicy p = smallPolicy();
        List<Step> steps = run(e, new Fixed());
        double deployed = lossOf(p, steps.get(0).start()).lossAndGradient(p.parameterView(), null);
        double training = lossOf(p, s.forecast()).lossAndGradient(p.parameterView(), null);
        assertEquals(deployed, training, 0.0);
    }

    @Test
    void rolloutPretrainingLowersTheRolloutLoss() {
        List<Episode> episodes = BED.episodes(ScenarioFamilies.training(), 2, 3);
        List<RolloutTaskLoss.Start> starts =
                RolloutStarts.atOnset(BED.runner(), episodes, mpc(), CRITERIA, ROLLOUT.horizon()).stream()
                        .map(RolloutStarts.OnsetStarts::forecast)
                        .toList();
        GaussianPolicy p = smallPolicy();
        double[] curve = Training.rolloutPretrain(p, BED.layout(), starts, ROLLOUT.withPretrainSteps(30), null);
        assertEquals(30, curve.length);
        assertTrue(curve[29] < 0.8 * curve[0], "pretraining loss " + curve[0] + " -> " + curve[29]);
        double end = new RolloutTaskLoss(
                        BED.layout(), ROLLOUT.rolloutConfig(), p.config(), p.dataType(), starts, ROLLOUT.horizon())
                .lossAndGradient(p.parameterView(), null);
        assertTrue(end < curve[0], "the trained policy's loss " + end + " is below the initial " + curve[0]);
    }

    /** 1/2 ||theta - c||^2, counting its evaluations. */
    private static final class CountingQuadratic implements TaskLoss {
        final double c;
        int calls;

        CountingQuadratic(double c) {
            this.c = c;
        }

        @Override
        public double lossAndGradient(INDArray theta, INDArray gradient) {
            calls++;
            INDArray d = theta.sub(c);
            if (gradient != null) gradient.assign(d);
            return 0.5 * d.mul(d).sumNumber().doubleValue();
        }
    }

    @Test
    void metaBatchesOfLossTasksHoldDistinctTasks() {
        List<CountingQuadratic> losses = new ArrayList<>();
        List<LossTask> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CountingQuadratic q = new CountingQuadratic(i);
            losses.add(q);
            tasks.add(new LossTask(q, q));
        }
        try (FirstOrderMaml<GaussianPolicy> learner = learner(smallPolicy())) {
            double[] curve = Training.metaTrainOnLosses(learner, tasks, 7, 3, new SplittableRandom(1), null);
            assertEquals(7, curve.length);
        }
        // every task in every batch of 3 distinct tasks: the same count each (with replacement, almost surely not)
        assertTrue(losses.get(0).calls > 0);
        for (CountingQuadratic q : losses) assertEquals(losses.get(0).calls, q.calls);
    }
}
