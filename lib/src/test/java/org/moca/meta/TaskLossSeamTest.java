package org.moca.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.moca.opt.ExpectedForecast;
import org.moca.opt.OptFixtures;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.Episode;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.ActionCodec;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimConfig;
import org.moca.sim.StateEncoder;
import org.moca.twin.RolloutConfig;
import org.moca.twin.RolloutLoss;
import org.moca.twin.TwinState;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The task-loss seam: on imitation losses it reproduces the learning-task path bit for bit; on the twin's rollout
 * loss the first-order learners adapt and meta-train, the second-order ones refuse.
 */
class TaskLossSeamTest {
    private static final DataType F = DataType.FLOAT;
    private static final PolicyConfig SMALL = PolicyConfig.of(4, 2, 16, 16);
    private static final SinusoidTaskFamily FAMILY = new SinusoidTaskFamily(4, 2, 10, 10, 0.05, 3);

    private static List<LossTask> asLosses(List<LearningTask> tasks) {
        return tasks.stream()
                .map(t -> new LossTask(ImitationLoss.support(SMALL, F, t), ImitationLoss.query(SMALL, F, t)))
                .toList();
    }

    @Test
    void imitationLossIsThePolicysNll() {
        GaussianPolicy p = GaussianPolicy.initialize(SMALL, F, 1);
        LearningTask t = FAMILY.sample(new SplittableRandom(2), F);
        INDArray g = Nd4j.zeros(F, p.numParameters());
        double loss = ImitationLoss.support(SMALL, F, t).lossAndGradient(p.parameterView(), g);
        assertEquals(p.negativeLogLikelihood(t.supportStates(), t.supportActions()), loss, 0.0);
        assertEquals(p.gradient(t.supportStates(), t.supportActions()), g);
    }

    @Test
    void onImitationLossesTheFirstOrderLearnersGiveTheLearningTaskNumbersBitForBit() {
        List<BiFunction<GaussianPolicy, MetaLearnerConfig, MetaLearner<GaussianPolicy>>> learners =
                List.of(FirstOrderMaml::new, Reptile::new);
        for (var make : learners) {
            List<LearningTask> tasks = FAMILY.sample(3, new SplittableRandom(3), F);
            try (MetaLearner<GaussianPolicy> a =
                            make.apply(GaussianPolicy.initialize(SMALL, F, 4), MetaLearnerConfig.defaults());
                    MetaLearner<GaussianPolicy> b =
                            make.apply(GaussianPolicy.initialize(SMALL, F, 4), MetaLearnerConfig.defaults())) {
                MetaGradient ga = a.metaGradient(tasks), gb = b.metaGradientOfLosses(asLosses(tasks));
                assertEquals(ga.meanQueryLoss(), gb.meanQueryLoss(), 0.0);
                assertEquals(ga.gradient(), gb.gradient());
                for (int step = 0; step < 3; step++) {
                    assertEquals(a.metaStep(tasks), b.metaStepOnLosses(asLosses(tasks)), 0.0);
                }
                assertTrue(a.policy().sameAs(b.policy()), a.getClass().getSimpleName());
                LearningTask t = tasks.get(0);
                GaussianPolicy viaArrays = a.adapt(t.supportStates(), t.supportActions());
                GaussianPolicy viaLoss = b.adapt(ImitationLoss.support(SMALL, F, t), null);
                assertTrue(viaArrays.sameAs(viaLoss));
            }
        }
    }

    @Test
    void anilRefusesATaskLossAndMamlTakesOneInDoublePrecisionOnly() {
        List<LossTask> tasks = asLosses(FAMILY.sample(2, new SplittableRandom(5), F));
        try (MetaLearner<GaussianPolicy> anil =
                new Anil(GaussianPolicy.initialize(SMALL, F, 6), MetaLearnerConfig.defaults())) {
            var e = assertThrows(UnsupportedOperationException.class, () -> anil.metaGradientOfLosses(tasks));
            assertTrue(e.getMessage().contains("FirstOrderMaml"), e.getMessage());
        }
        // second-order MAML on a TaskLoss takes its Hessian-vector products by differences: not in single precision
        try (MetaLearner<GaussianPolicy> maml =
                new Maml<>(GaussianPolicy.initialize(SMALL, F, 6), MetaLearnerConfig.defaults())) {
            var e = assertThrows(IllegalStateException.class, () -> maml.metaGradientOfLosses(tasks));
            assertTrue(e.getMessage().contains("double precision"), e.getMessage());
        }
    }

    @Test
    void onTheRolloutLossAdaptationLowersItAndMetaTrainingMovesTheParameters() {
        Episode e = OptFixtures.episodes(ScenarioFamilies.blackSwan(), 2, 7).get(0);
        int onset = e.scenario().onset();
        var sim = OptFixtures.atOnset(e);
        TwinState state = TwinState.observe(sim, onset, RecoveryCriteria.defaults());
        var forecast =
                new ExpectedForecast(e.layout(), e.scenario().disruptions(), onset, 36, SimConfig.defaults(), 0.1);
        int stateDim = new StateEncoder(e.layout()).dimension(), actionDim = new ActionCodec(e.layout()).dimension();
        PolicyConfig shape = PolicyConfig.of(stateDim, actionDim, 32);
        GaussianPolicy policy = GaussianPolicy.initialize(shape, F, 8);
        RolloutTaskLoss support = new RolloutTaskLoss(
                e.layout(),
                RolloutConfig.defaults(),
                shape,
                F,
                List.of(new RolloutTaskLoss.Start(state, forecast)),
                36);
        // the task loss is the rollout loss
        double direct = new RolloutLoss(e.layout(), RolloutConfig.defaults())
                .rolloutLoss(policy, state, forecast, 36)
                .loss();
        assertEquals(direct, support.lossAndGradient(policy.parameterView(), null), 0.0);
        MetaLearnerConfig config = MetaLearnerConfig.defaults().withInnerLearningRate(0.05);
        try (MetaLearner<GaussianPolicy> reptile = new Reptile<>(policy, config)) {
            GaussianPolicy adapted = reptile.adapt(support, null);
            double after = support.lossAndGradient(adapted.parameterView(), null);
            assertTrue(after < direct, "five steps on the rollout loss should lower it: " + direct + " -> " + after);
            INDArray before = policy.parameters();
            reptile.metaStepOnLosses(List.of(new LossTask(support, support)));
            assertTrue(policy.parameters().sub(before).norm2Number().doubleValue() > 0);
        }
    }
}
