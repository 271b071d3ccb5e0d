package org.moca.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.meta.Maml;
import org.moca.meta.MetaLearnerConfig;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.Episode;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;

class AdaptivePolicyTest {

    private static final Testbed BED = Testbed.of(ReferenceNetworks.circularElectronicsNd());
    /** Protocol v1 (support from the hours after onset): the only one an expert that does not plan can label. */
    private static final AdaptationConfig V1_MAML =
            AdaptationConfig.maml().withOnsetSupport(AdaptationConfig.OnsetSupport.OFF);

    private static final AdaptationConfig V1_MOCA =
            AdaptationConfig.moca().withOnsetSupport(AdaptationConfig.OnsetSupport.OFF);

    /** An expert that always asks for the same (random but fixed) controls. */
    private static final class FixedExpert implements RecoveryPolicy {
        final Controls controls;

        FixedExpert(Controls c) {
            controls = c;
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            return controls;
        }
    }

    private static Controls target(ActionCodec codec) {
        SplittableRandom rng = new SplittableRandom(5);
        double[] a = new double[codec.dimension()];
        for (int i = 0; i < a.length; i++) a[i] = rng.nextDouble(-2, 2);
        return codec.decode(a);
    }

    @Test
    void demonstrationsRecordTheExpertsControlsExactly() {
        Episode e = BED.episode(ScenarioFamilies.blackSwan().sample(1, 1).get(0));
        ActionCodec codec = new ActionCodec(BED.layout());
        Controls c = target(codec);
        int onset = e.scenario().onset();
        Demonstrations d = Demonstrations.of(BED.runner(), e, new FixedExpert(c), onset, onset + 10);
        assertEquals(10, d.size());
        assertEquals(onset, d.hours()[0]);
        assertEquals(new StateEncoder(BED.layout()).dimension(), d.states()[0].length);
        Controls back = codec.decode(d.actions()[3]);
        assertArrayEquals(c.procurement(), back.procurement(), 1e-9);
        assertArrayEquals(c.release(), back.release(), 1e-9);
        assertEquals(4, d.between(onset + 6, onset + 10).size());
    }

    /** An expert that alternates between two controls, hour by hour: the bang-bang schedule of an LP with ties. */
    private static final class AlternatingExpert implements RecoveryPolicy {
        final Controls even, odd;

        AlternatingExpert(Controls even, Controls odd) {
            this.even = even;
            this.odd = odd;
        }

        @Override
        public String name() {
            return "alternating";
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            return view.hour() % 2 == 0 ? even : odd;
        }
    }

    @Test
    void labelsAverageTheExpertsControlsOverTheLabelHorizon() {
        Episode e = BED.episode(ScenarioFamilies.blackSwan().sample(1, 1).get(0));
        ActionCodec codec = new ActionCodec(BED.layout());
        Controls on = target(codec), off = codec.decode(new double[codec.dimension()]);
        int onset = e.scenario().onset();
        Demonstrations d = Demonstrations.of(BED.runner(), e, new AlternatingExpert(on, off), onset, onset + 10, 4);
        assertEquals(10, d.size());
        assertEquals(onset + 9, d.hours()[9]);
        Controls want = Controls.mean(List.of(on, off)); // four hours: two of each
        for (int i = 0; i < d.size(); i++) {
            Controls got = codec.decode(d.actions()[i]);
            assertArrayEquals(want.procurement(), got.procurement(), 1e-9, "hour " + i);
            assertArrayEquals(want.utilization(), got.utilization(), 1e-9, "hour " + i);
            assertArrayEquals(want.release(), got.release(), 1e-9, "hour " + i);
        }
        // one-hour labels are the expert's own controls
        Demonstrations raw = Demonstrations.of(BED.runner(), e, new AlternatingExpert(on, off), onset, onset + 2, 1);
        Controls first = (onset % 2 == 0) ? on : off;
        assertArrayEquals(first.procurement(), codec.decode(raw.actions()[0]).procurement(), 1e-9);
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> Demonstrations.of(BED.runner(), e, new AlternatingExpert(on, off), onset, onset + 2, 0));
    }

    private static GaussianPolicy smallPolicy() {
        int s = new StateEncoder(BED.layout()).dimension(), a = new ActionCodec(BED.layout()).dimension();
        return GaussianPolicy.initialize(PolicyConfig.of(s, a, 32, 32), DataType.FLOAT, 11);
    }

    private static double supportLoss(AdaptivePolicy p, Controls c, Episode e) {
        // the imitation loss of the fixed expert's action on the states this episode visits, for the current policy
        ActionCodec codec = new ActionCodec(BED.layout());
        int onset = e.scenario().onset();
        Demonstrations d = Demonstrations.of(BED.runner(), e, new FixedExpert(c), onset, onset + 6);
        double[][] actions = new double[d.size()][];
        for (int i = 0; i < actions.length; i++) actions[i] = codec.encode(c);
        var states = org.nd4j.linalg.factory.Nd4j.createFromArray(d.states()).castTo(DataType.FLOAT);
        var acts = org.nd4j.linalg.factory.Nd4j.createFromArray(actions).castTo(DataType.FLOAT);
        return p.current().negativeLogLikelihood(states, acts);
    }

    @Test
    void adaptationMovesThePolicyTowardsTheExpertAndLeavesTheMetaParametersAlone() {
        Episode e = BED.episode(ScenarioFamilies.blackSwan().sample(1, 2).get(0));
        ActionCodec codec = new ActionCodec(BED.layout());
        Controls c = target(codec);
        GaussianPolicy base = smallPolicy();
        GaussianPolicy snapshot = base.copy();
        try (Maml<GaussianPolicy> learner =
                new Maml<>(base, MetaLearnerConfig.defaults().withInnerSteps(5).withInnerLearningRate(0.05))) {
            AdaptivePolicy before = new AdaptivePolicy(
                    "maml",
                    learner,
                    null,
                    new FixedExpert(c),
                    V1_MAML.withAdaptation(AdaptationConfig.Adaptation.NONE),
                    1);
            BED.runner().run(e, before);
            AdaptivePolicy after = new AdaptivePolicy("maml", learner, null, new FixedExpert(c), V1_MAML, 1);
            BED.runner().run(e, after);
            double l0 = supportLoss(before, c, e), l1 = supportLoss(after, c, e);
            assertTrue(l1 < l0, "support loss " + l0 + " -> " + l1);
            AdaptivePolicy online = new AdaptivePolicy("moca", learner, null, new FixedExpert(c), V1_MOCA, 1);
            BED.runner().run(e, online);
            double l2 = supportLoss(online, c, e);
            assertTrue(l2 < l1, "online updates should keep lowering the loss: " + l1 + " -> " + l2);
            assertTrue(base.sameAs(snapshot), "deployment must not modify the meta-learned parameters");
        }
    }

    @Test
    void sameSeedSameEpisodeSameTrace() {
        Episode e = BED.episode(ScenarioFamilies.blackSwan().sample(1, 3).get(0));
        Controls c = target(new ActionCodec(BED.layout()));
        try (Maml<GaussianPolicy> learner = new Maml<>(smallPolicy(), MetaLearnerConfig.defaults())) {
            double[] a = BED.runner()
                    .run(e, new AdaptivePolicy("moca", learner, null, new FixedExpert(c), V1_MOCA, 4))
                    .trace()
                    .serviceCurve();
            double[] b = BED.runner()
                    .run(e, new AdaptivePolicy("moca", learner, null, new FixedExpert(c), V1_MOCA, 4))
                    .trace()
                    .serviceCurve();
            assertArrayEquals(a, b);
        }
    }

    /** Every hour's encoded state (layout 2) and the controls the policy chose in it. */
    private record Step(int hour, double[] state, Controls controls) {}

    private static List<Step> run(Episode e, RecoveryPolicy p) {
        return run(e, p, StateEncoder.LAYOUT_VERSION);
    }

    /** The steps from the onset on, their states encoded in {@code stateLayout}. */
    private static List<Step> run(Episode e, RecoveryPolicy p, int stateLayout) {
        StateEncoder enc = new StateEncoder(BED.layout(), stateLayout);
        List<Step> steps = new java.util.ArrayList<>();
        BED.runner().run(e, p, (view, observed, controls) -> {
            if (view.hour() >= e.scenario().onset())
                steps.add(new Step(view.hour(), KnownDisruptions.encode(enc, view, observed), controls.copy()));
        });
        return steps;
    }

    private static double[] decoded(GaussianPolicy p, double[] x) {
        ActionCodec codec = new ActionCodec(BED.layout());
        var mean = p.mean(
                org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {x}).castTo(p.dataType()));
        return codec.encode(codec.decode(mean.castTo(DataType.DOUBLE).toDoubleVector()));
    }

    @Test
    void withOnsetSupportThePolicyAdaptsInTheOnsetHourBeforeItActs() {
        Episode e = BED.episode(ScenarioFamilies.blackSwan().sample(1, 4).get(0));
        int onset = e.scenario().onset();
        ActionCodec codec = new ActionCodec(BED.layout());
        GaussianPolicy base = smallPolicy();
        try (Maml<GaussianPolicy> learner =
                new Maml<>(base, MetaLearnerConfig.defaults().withInnerSteps(5).withInnerLearningRate(0.05))) {
            for (AdaptationConfig.OnsetSupport mode :
                    List.of(AdaptationConfig.OnsetSupport.PLAN, AdaptationConfig.OnsetSupport.OBSERVED)) {
                AdaptivePolicy p = new AdaptivePolicy(
                        "maml",
                        learner,
                        null,
                        new MpcExpertPolicy(MpcConfig.defaults(), RecoveryCriteria.defaults()),
                        AdaptationConfig.maml().withOnsetSupport(mode),
                        1);
                List<Step> steps = run(e, p);
                assertEquals(onset, p.adaptedAt(), mode + ": adapted in the onset hour");
                assertEquals(
                        mode == AdaptationConfig.OnsetSupport.PLAN
                                ? AdaptationConfig.maml().supportHours()
                                : 1,
                        p.labelledRows(),
                        mode + ": rows of the onset support set");
                assertFalse(p.current().sameAs(base), mode + ": the support set moved the policy");
                // MAML keeps its adapted weights: every action after the disruption is observed, the onset hour's
                // included, is the adapted policy's, none the unadapted one's
                assertEquals(onset, steps.get(0).hour());
                for (Step s : steps) {
                    assertArrayEquals(
                            decoded(p.current(), s.state()), codec.encode(s.controls()), 1e-9, "hour " + s.hour());
                }
                assertFalse(
                        java.util.Arrays.equals(
                                decoded(base, steps.get(0).state()),
                                codec.encode(steps.get(0).controls())),
                        mode + ": the onset hour's action is not the unadapted policy's");
            }
        }
    }

    @Test
    void inStateLayoutOneThePolicyAdaptsAndActsOnTheStaleStateItsTrainingTasksShow() {
        Episode e = BED.episode(ScenarioFamilies.blackSwan().sample(1, 4).get(0));
        int onset = e.scenario().onset();
        ActionCodec codec = new ActionCodec(BED.layout());
        AdaptationConfig v1State = AdaptationConfig.maml().withStateLayout(1);
        try (Maml<GaussianPolicy> learner = new Maml<>(
                smallPolicy(), MetaLearnerConfig.defaults().withInnerSteps(5).withInnerLearningRate(0.05))) {
            AdaptivePolicy p = new AdaptivePolicy(
                    "maml-layout1",
                    learner,
                    null,
                    new MpcExpertPolicy(MpcConfig.defaults(), RecoveryCriteria.defaults()),
                    v1State,
                    1);
            List<Step> stale = run(e, p, 1);
            assertEquals(onset, p.adaptedAt());
            for (Step s : stale)
                assertArrayEquals(
                        decoded(p.current(), s.state()), codec.encode(s.controls()), 1e-9, "hour " + s.hour());
            // the onset hour's stale state is not the state layout 2 shows then (the outage is not in it yet)
            List<Step> known = run(e, p, StateEncoder.LAYOUT_VERSION);
            assertFalse(
                    java.util.Arrays.equals(stale.get(0).state(), known.get(0).state()));
        }
        // the training tasks cut for that deployment: the same labels, the onset support row the stale state
        java.util.function.Function<AdaptationConfig, org.moca.meta.LearningTask> task = a -> Training.expertTasks(
                        BED.runner(),
                        List.of(e),
                        () -> new MpcExpertPolicy(MpcConfig.defaults(), RecoveryCriteria.defaults()),
                        a,
                        BED.criteria().windowHours(),
                        DataType.DOUBLE,
                        null)
                .get(0);
        org.moca.meta.LearningTask v1 = task.apply(v1State), v2 = task.apply(AdaptationConfig.maml());
        assertArrayEquals(
                v2.queryActions().toDoubleMatrix()[0], v1.queryActions().toDoubleMatrix()[0], 0, "same labels");
        double[] support = v1.supportStates().toDoubleMatrix()[0];
        assertArrayEquals(
                run(e, new org.moca.baseline.NoActionPolicy(), 1).get(0).state(), support, 0);
        assertFalse(java.util.Arrays.equals(support, v2.supportStates().toDoubleMatrix()[0]));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> AdaptationConfig.maml().withStateLayout(0));
    }

    @Test
    void protocolOneActsUnadaptedForTheSupportHours() {
        Episode e = BED.episode(ScenarioFamilies.blackSwan().sample(1, 4).get(0));
        int onset = e.scenario().onset();
        ActionCodec codec = new ActionCodec(BED.layout());
        GaussianPolicy base = smallPolicy();
        try (Maml<GaussianPolicy> learner = new Maml<>(base, MetaLearnerConfig.defaults())) {
            AdaptivePolicy p = new AdaptivePolicy("maml", learner, null, new FixedExpert(target(codec)), V1_MAML, 1);
            List<Step> steps = run(e, p);
            assertEquals(onset + V1_MAML.supportHours() - 1, p.adaptedAt());
            for (Step s : steps.subList(0, V1_MAML.supportHours() - 1))
                assertArrayEquals(decoded(base, s.state()), codec.encode(s.controls()), 1e-9, "blind hour " + s.hour());
        }
    }

    @Test
    void onsetSupportNeedsAPlanningExpert() {
        try (Maml<GaussianPolicy> learner = new Maml<>(smallPolicy(), MetaLearnerConfig.defaults())) {
            IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> new AdaptivePolicy(
                            "maml",
                            learner,
                            null,
                            new FixedExpert(target(new ActionCodec(BED.layout()))),
                            AdaptationConfig.maml(),
                            1));
            assertTrue(
                    ex.getMessage().contains("onsetSupport") && ex.getMessage().contains("fixed"), ex.getMessage());
        }
    }

    @Test
    void trainingBuildsTheOnsetSupportSetsDeploymentMeets() {
        Episode e = BED.episode(ScenarioFamilies.blackSwan().sample(1, 4).get(0));
        int onset = e.scenario().onset();
        AdaptationConfig cfg = AdaptationConfig.maml().withOnsetSupport(AdaptationConfig.OnsetSupport.PLAN);
        List<Demonstrations> sets = Training.onsetSupports(
                BED.runner(),
                List.of(e),
                () -> new MpcExpertPolicy(MpcConfig.defaults(), RecoveryCriteria.defaults()),
                cfg,
                null);
        Demonstrations d = sets.get(0);
        assertEquals(cfg.supportHours(), d.size());
        assertEquals(onset, d.hours()[0]);
        assertEquals(onset + cfg.supportHours() - 1, d.hours()[d.size() - 1]);
        // its first row is the observed state of the onset hour, as the deployed policy encodes it
        double[] observedAtOnset =
                run(e, new org.moca.baseline.NoActionPolicy()).get(0).state();
        assertArrayEquals(observedAtOnset, d.states()[0], 0);
        // the predicted states move (the plan acts on the twin) and the labels decode to valid controls
        assertFalse(java.util.Arrays.equals(d.states()[0], d.states()[d.size() - 1]));
        ActionCodec codec = new ActionCodec(BED.layout());
        for (double[] a : d.actions()) codec.decode(a).validate(BED.layout());
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> Training.onsetSupports(
                        BED.runner(), List.of(e), () -> new FixedExpert(target(codec)), cfg, null));
    }
}
