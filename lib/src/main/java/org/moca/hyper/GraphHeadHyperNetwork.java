package org.moca.hyper;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.moca.policy.GraphPolicyParameters;
import org.moca.policy.GraphStructure;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hypernetwork on the graph policy: one pass from a crisis context to a delta of the five heads' output layers
 * ({@link org.moca.policy.GraphPolicy#headOutputIndices()}, {@code 5 (hidden + 1)} entries), trained on the deltas the
 * learner's K gradient steps made there, bounded as {@link HeadHyperNetwork}'s (the generator and the bound are
 * {@link DeltaGenerator}'s).
 *
 * <p><b>The context</b> has to mean the same on every network, whose sizes differ: it is the column means and the
 * column maxima of the slot feature rows of the observed state ({@link GraphStructure#slotFeatures}) and the column
 * means of its lane feature rows, {@code 2 SLOT_FEATURES + LANE_FEATURES} numbers whatever the network. The maxima
 * keep a disruption that touches a few facilities of a large network from being averaged away. The MLP's context (mean
 * support state and action) has the MLP's fixed width and needs an expert's labels; this one needs neither, so the
 * adaptation costs one generator pass and no planner.
 *
 * <p>What it cannot express: the changes gradient adaptation makes to the encoder, the message-passing rounds, the
 * heads' hidden layers and the log-stds (the MLP's hypernetwork likewise moves its head only).
 */
public final class GraphHeadHyperNetwork {
    /** The context's width: slot feature means and maxima, lane feature means. */
    public static final int CONTEXT = 2 * GraphStructure.SLOT_FEATURES + GraphStructure.LANE_FEATURES;

    private final GraphPolicyParameters base;
    private final int[] slice;
    private final DeltaGenerator generator;

    /** A hypernetwork for adapting {@code base} (kept as a snapshot), initialized from {@code seed}. */
    public GraphHeadHyperNetwork(GraphPolicyParameters base, HyperNetworkConfig config, long seed) {
        Objects.requireNonNull(base, "base");
        this.base = base.withParameters(base.parameterView());
        this.slice = base.function().headOutputIndices();
        this.generator = new DeltaGenerator(CONTEXT, slice.length, DataType.DOUBLE, config, seed);
    }

    /**
     * The crisis context of an encoded {@code state} on {@code graph}'s network: slot feature column means, then their
     * column maxima, then lane feature column means.
     */
    public static double[] context(GraphStructure graph, double[] state) {
        int ds = GraphStructure.SLOT_FEATURES, dl = GraphStructure.LANE_FEATURES;
        double[] slots = new double[graph.slots() * ds];
        graph.slotFeatures(state, slots);
        double[] out = new double[CONTEXT];
        java.util.Arrays.fill(out, ds, 2 * ds, Double.NEGATIVE_INFINITY);
        for (int s = 0; s < graph.slots(); s++)
            for (int j = 0; j < ds; j++) {
                double v = slots[s * ds + j];
                out[j] += v / graph.slots();
                out[ds + j] = Math.max(out[ds + j], v);
            }
        if (graph.lanes() > 0) {
            double[] lanes = new double[graph.lanes() * dl];
            graph.laneFeatures(state, lanes);
            for (int l = 0; l < graph.lanes(); l++)
                for (int j = 0; j < dl; j++) out[2 * ds + j] += lanes[l * dl + j] / graph.lanes();
        }
        return out;
    }

    /** The training pair of a state on which gradient adaptation turned the base into {@code adapted}. */
    public AdaptationExample example(GraphPolicyParameters adapted, GraphStructure graph, double[] state) {
        if (adapted.numParameters() != base.numParameters())
            throw new IllegalArgumentException(
                    "adapted has " + adapted.numParameters() + " parameters, the base " + base.numParameters());
        double[] a = adapted.parameterView().toDoubleVector(),
                b = base.parameterView().toDoubleVector();
        double[] delta = new double[slice.length];
        for (int i = 0; i < slice.length; i++) delta[i] = a[slice[i]] - b[slice[i]];
        return new AdaptationExample(Nd4j.createFromArray(context(graph, state)), Nd4j.createFromArray(delta));
    }

    /** Fits the generator ({@link DeltaGenerator#fit}); the mean squared error in target-RMS units afterwards. */
    public double fit(List<AdaptationExample> examples, int steps, SplittableRandom rng) {
        return generator.fit(examples, steps, rng);
    }

    /** The predicted delta of the heads' output layers in {@code state}, within the bound ({@link #deltaBound()}). */
    public double[] headDelta(GraphStructure graph, double[] state) {
        return generator.delta(Nd4j.createFromArray(context(graph, state))).toDoubleVector();
    }

    /** The radius every predicted delta is projected onto ({@link DeltaGenerator#deltaBound()}). */
    public double deltaBound() {
        return generator.deltaBound();
    }

    /** The base policy with its heads' output layers moved by the predicted delta for {@code state}. */
    public GraphPolicyParameters adapt(GraphStructure graph, double[] state) {
        double[] delta = headDelta(graph, state);
        double[] theta = base.parameterView().toDoubleVector();
        for (int i = 0; i < slice.length; i++) theta[slice[i]] += delta[i];
        return base.withParameters(Nd4j.createFromArray(theta));
    }

    /** Number of trainable parameters of the generator. */
    public long numParameters() {
        return generator.numParameters();
    }

    /** The parameters the delta moves: {@link org.moca.policy.GraphPolicy#headOutputIndices()}. */
    public int[] slice() {
        return slice.clone();
    }
}
