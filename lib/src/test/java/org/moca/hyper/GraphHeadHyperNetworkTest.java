package org.moca.hyper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.meta.FirstOrderMaml;
import org.moca.meta.GraphImitationLoss;
import org.moca.meta.MetaLearnerConfig;
import org.moca.policy.GraphPolicy;
import org.moca.policy.GraphPolicyConfig;
import org.moca.policy.GraphPolicyParameters;
import org.moca.policy.GraphStructure;
import org.moca.scenario.Episode;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.ActionCodec;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hypernetwork on the graph policy: a context of the same width on every network, deltas on the heads' output
 * layers only, fitted to the learner's adaptations on tasks of two networks, bounded off the training range.
 */
class GraphHeadHyperNetworkTest {
    private static final GraphPolicy FUNCTION = new GraphPolicy(new GraphPolicyConfig(8, 1, -2, 1, 0));

    /** One imitation task per episode: the onset state, the nominal plan's action scaled by a per-episode factor. */
    private record Task(GraphStructure graph, double[] state, GraphImitationLoss support) {}

    private static List<Task> tasks(Testbed bed, String family, int n, long seed) {
        GraphStructure graph = new GraphStructure(bed.layout());
        StateEncoder enc = new StateEncoder(bed.layout());
        ActionCodec codec = new ActionCodec(bed.layout());
        List<Episode> eps = bed.episodes(
                ScenarioFamilies.resolve(
                        family, "test", new ScenarioFamilies.Use(bed.network().name(), bed.network(), 48)),
                n,
                seed);
        List<Task> out = new ArrayList<>();
        for (int i = 0; i < eps.size(); i++) {
            Episode e = eps.get(i);
            double[][] x = new double[1][];
            bed.runner().run(e, new org.moca.baseline.NoActionPolicy(), (view, observed, controls) -> {
                if (x[0] == null && KnownDisruptions.firstOnset(observed) >= 0)
                    x[0] = KnownDisruptions.encode(enc, view, observed);
            });
            double[] a = codec.encode(e.nominal());
            for (int j = 0; j < a.length; j++) a[j] *= 0.5 + 0.1 * i;
            out.add(new Task(
                    graph, x[0], new GraphImitationLoss(FUNCTION, graph, new double[][] {x[0]}, new double[][] {a})));
        }
        return out;
    }

    private static List<Task> mixed() {
        List<Task> all =
                new ArrayList<>(tasks(Testbed.of(ReferenceNetworks.circularBatteriesNmc()), "lithium-crunch", 4, 3));
        all.addAll(tasks(Testbed.of(ReferenceNetworks.circularElectronicsNd()), "black-swan", 4, 4));
        return all;
    }

    @Test
    void theContextHasOneWidthOnEveryNetworkAndReadsMeansAndMaximaOfTheFeatureRows() {
        for (Task t : mixed()) {
            double[] c = GraphHeadHyperNetwork.context(t.graph(), t.state());
            assertEquals(GraphHeadHyperNetwork.CONTEXT, c.length);
            int ds = GraphStructure.SLOT_FEATURES;
            double[] rows = new double[t.graph().slots() * ds];
            t.graph().slotFeatures(t.state(), rows);
            for (int j = 0; j < ds; j++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int s = 0; s < t.graph().slots(); s++) {
                    max = Math.max(max, rows[s * ds + j]);
                    sum += rows[s * ds + j];
                }
                assertEquals(sum / t.graph().slots(), c[j], 1e-12, "mean of slot feature " + j);
                assertEquals(max, c[ds + j], 0.0, "max of slot feature " + j);
            }
        }
    }

    @Test
    void itMovesOnlyTheHeadsOutputLayersReproducesTheLearnersDeltasAndIsBoundedOffRange() {
        GraphPolicyParameters meta = GraphPolicyParameters.initialize(FUNCTION, 2);
        List<Task> all = mixed();
        GraphHeadHyperNetwork hyper = new GraphHeadHyperNetwork(meta, HyperNetworkConfig.defaults(), 5);
        int[] slice = hyper.slice();
        assertEquals(5 * (FUNCTION.config().hidden() + 1), slice.length);
        assertEquals(slice.length, Arrays.stream(slice).distinct().count());
        List<AdaptationExample> examples = new ArrayList<>();
        try (FirstOrderMaml<GraphPolicyParameters> learner = new FirstOrderMaml<>(
                meta, MetaLearnerConfig.defaults().withInnerSteps(3).withWorkers(1))) {
            for (Task t : all) examples.add(hyper.example(learner.adapt(t.support(), null), t.graph(), t.state()));
        }
        double before = 0;
        for (AdaptationExample e : examples)
            before += e.headDelta().norm2Number().doubleValue();
        assertTrue(before > 0, "the learner moved the heads' output layers");
        double mse = hyper.fit(examples, 1500, new SplittableRandom(6));
        assertTrue(mse < 0.1, "fits its 8 training deltas (target-RMS units): " + mse);

        double[] base = meta.parameterView().toDoubleVector();
        boolean[] inSlice = new boolean[base.length];
        for (int i : slice) inSlice[i] = true;
        for (int k = 0; k < all.size(); k++) {
            Task t = all.get(k);
            double[] adapted = hyper.adapt(t.graph(), t.state()).parameterView().toDoubleVector();
            double[] want = examples.get(k).headDelta().toDoubleVector();
            double err = 0, norm = 0;
            for (int i = 0; i < slice.length; i++) {
                double d = adapted[slice[i]] - base[slice[i]] - want[i];
                err += d * d;
                norm += want[i] * want[i];
            }
            assertTrue(err < 0.25 * norm, "task " + k + ": relative squared error " + err / norm);
            for (int i = 0; i < base.length; i++)
                if (!inSlice[i]) assertEquals(base[i], adapted[i], 0.0, "parameter " + i + " is not the heads' output");
        }
        assertArrayEquals(base, meta.parameterView().toDoubleVector(), "the base is not modified");

        // a state far off the training range: the delta is projected onto the bound's ball
        Task t = all.get(0);
        double[] far = t.state().clone();
        for (int i = 0; i < far.length; i++) far[i] *= 50;
        double n = Nd4j.createFromArray(hyper.headDelta(t.graph(), far))
                .norm2Number()
                .doubleValue();
        assertTrue(n <= hyper.deltaBound() * (1 + 1e-12), n + " > bound " + hyper.deltaBound());
    }

    private static void assertArrayEquals(double[] want, double[] got, String message) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, 0.0, message);
    }

    @Test
    void examplesOfAnotherShapeAreRefusedByName() {
        GraphPolicyParameters meta = GraphPolicyParameters.initialize(FUNCTION, 2);
        GraphHeadHyperNetwork hyper = new GraphHeadHyperNetwork(meta, HyperNetworkConfig.defaults(), 5);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> hyper.fit(
                        List.of(new AdaptationExample(Nd4j.zeros(3), Nd4j.zeros(hyper.slice().length))),
                        1,
                        new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("context of 3"), e.getMessage());
        var other = GraphPolicyParameters.initialize(new GraphPolicy(GraphPolicyConfig.defaults()), 1);
        e = assertThrows(IllegalArgumentException.class, () -> hyper.example(other, null, null));
        assertTrue(e.getMessage().contains("parameters"), e.getMessage());
        assertThrows(IllegalStateException.class, hyper::deltaBound, "not fitted");
    }
}
