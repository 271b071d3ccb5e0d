package org.moca.hyper;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.moca.policy.DenseOps;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParameterLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Amortized adaptation: a small network maps a task's context (the crisis state: mean support state and mean support
 * action) to a delta of the policy's HEAD (the mean layer), trained to reproduce the deltas gradient adaptation
 * produced (D. Ha, A. Dai, Q. V. Le, "HyperNetworks", ICLR 2017; head-only adaptation after Raghu et al., ANIL).
 *
 * <p>Shape: {@code context -> hidden (ReLU) -> rank-r code (ReLU) -> head delta}, so the deltas lie in a learned
 * r-dimensional subspace. At the author's policy shape (head 256 x 64 + 64 = 16,448 parameters) with hidden 64 and
 * rank 16 that is ~0.28 M parameters, 1% of the author's dense generator (one layer from a 256-wide embedding to
 * all ~0.1 M policy weights, 259 times the policy), and one forward costs ~0.6 MFLOP instead of five gradient steps'
 * ~220 MFLOP. What it cannot express: changes of the body and of the log-std.
 *
 * <p>Training and the generator are {@link DeltaGenerator}'s (shared with the graph policy's
 * {@link GraphHeadHyperNetwork}): mean squared error to the target deltas, contexts standardized per dimension and
 * targets scaled by their RMS from the first {@link #fit} call, Adam on minibatches.
 *
 * <p><b>The bound.</b> A ReLU generator is piecewise linear, so on a context far from the training contexts (a crisis
 * unlike any training task, a state scaled out of range) its output grows linearly with the distance: the one-pass
 * adaptation extrapolates, and deployed head deltas were measured to cost 3.5 times no-action's unmet demand. Every
 * predicted delta is therefore projected onto the ball of radius {@code R = deltaBoundScale * max_i ||delta_i||} over
 * the training deltas (the adaptations gradient descent actually made):
 * <pre>  delta = g(x) * min(1, R / ||g(x)||).</pre>
 * A prediction inside the ball (every in-distribution one whose norm is within the training range) is unchanged; the
 * direction of one outside it is kept and its length cut to R. The radius is a bound on the output, which is what
 * matters to the policy, rather than a trust region on the context (the distance of a context from the training ones
 * does not bound a ReLU network's output, and a context within range can still map to a long delta). Cost: one pass
 * over the head delta, O(head size), no allocation.
 */
public final class HeadHyperNetwork {
    private final GaussianPolicy base;
    private final ParameterLayout layout;
    private final DeltaGenerator generator;
    private FastBuffers fast;

    /** A hypernetwork for adapting {@code base} (kept as a snapshot), initialized from {@code seed}. */
    public HeadHyperNetwork(GaussianPolicy base, HyperNetworkConfig config, long seed) {
        this.base = Objects.requireNonNull(base, "base").copy();
        this.layout = base.layout();
        this.generator = new DeltaGenerator(
                base.config().stateDim() + base.config().actionDim(),
                Math.toIntExact(layout.headSize()),
                base.dataType(),
                config,
                seed);
    }

    /** The crisis context of a support set: column means of states then of actions, {@code 1 x (stateDim + actionDim)}. */
    public static INDArray context(INDArray supportStates, INDArray supportActions) {
        return Nd4j.hstack(
                supportStates.mean(true, 0),
                supportActions.castTo(supportStates.dataType()).mean(true, 0));
    }

    /** Number of trainable parameters of the generator. */
    public long numParameters() {
        return generator.numParameters();
    }

    /**
     * Runs {@code steps} Adam steps on minibatches drawn from {@code examples} with {@code rng}; returns the mean
     * squared error (in target-RMS units) over all examples afterwards.
     */
    public double fit(List<AdaptationExample> examples, int steps, SplittableRandom rng) {
        return generator.fit(examples, steps, rng);
    }

    /**
     * The predicted head delta for {@code context} ({@code 1 x contextDim}), as a rank-1 array, within the bound
     * ({@link #deltaBound()}).
     */
    public INDArray headDelta(INDArray context) {
        return generator.delta(context);
    }

    /** The generator's delta for {@code context} without the bound: what the bound protects against. */
    INDArray unboundedHeadDelta(INDArray context) {
        return generator.unboundedDelta(context);
    }

    /**
     * The radius {@code R} of the ball every predicted head delta is projected onto: {@code deltaBoundScale} times the
     * largest Euclidean norm among the training deltas of all {@link #fit} calls so far.
     */
    public double deltaBound() {
        return generator.deltaBound();
    }

    /**
     * The base policy with its head moved by the predicted delta for this support set, within the bound: amortized
     * adaptation.
     */
    public GaussianPolicy adapt(INDArray supportStates, INDArray supportActions) {
        GaussianPolicy adapted = base.copy();
        adaptInto(supportStates, supportActions, adapted);
        return adapted;
    }

    /**
     * As {@link #adapt}, writing into {@code target} (a policy of the base's shape and precision), which a real-time
     * caller keeps and reuses: no parameter-sized allocation per adaptation.
     */
    public void adaptInto(INDArray supportStates, INDArray supportActions, GaussianPolicy target) {
        if (!target.config().equals(base.config()) || target.dataType() != base.dataType()) {
            throw new IllegalArgumentException("target must have the base policy's config and data type");
        }
        INDArray delta = generateFast(supportStates, supportActions);
        DenseOps.copy(base.parameterView(), target.parameterView());
        DenseOps.axpy(generator.outputFactor(delta), delta, layout.headView(target.parameterView()));
    }

    /**
     * The generator's output for the support set's context, on preallocated buffers with BLAS calls and Java loops only
     * ({@link DenseOps}): no ND4J op, so the real-time path neither pays ND4J's per-op overhead nor leaves native
     * memory behind for the garbage collector.
     */
    private INDArray generateFast(INDArray supportStates, INDArray supportActions) {
        generator.requireFitted();
        DataType type = base.dataType();
        INDArray states = DenseOps.dense(supportStates.dataType() == type ? supportStates : supportStates.castTo(type));
        INDArray actions =
                DenseOps.dense(supportActions.dataType() == type ? supportActions : supportActions.castTo(type));
        int n = states.rows();
        if (actions.rows() != n)
            throw new IllegalArgumentException("support states and actions must have the same rows");
        if (fast == null) fast = new FastBuffers(type, states.columns(), actions.columns(), generator.contextScale());
        if (fast.ones.length() != n) fast.ones = Nd4j.ones(type, n);
        DenseOps.columnSums(states, fast.ones, fast.stateMeans);
        DenseOps.columnSums(actions, fast.ones, fast.actionMeans);
        DenseOps.scale(fast.context, 1.0 / n);
        DenseOps.axpyInto(-1.0, generator.contextMean(), fast.context, fast.x); // x = (context - mean) / scale
        DenseOps.mul(fast.x, fast.inverseScale, fast.x);
        return generator.forwardStandardized(fast.x);
    }

    /** Buffers of the real-time path, allocated on first use after fitting (the context statistics are fixed then). */
    private static final class FastBuffers {
        final INDArray context, stateMeans, actionMeans, x, inverseScale;
        INDArray ones;

        FastBuffers(DataType type, int stateDim, int actionDim, INDArray contextScale) {
            context = Nd4j.zeros(type, 1, stateDim + actionDim);
            stateMeans = context.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, stateDim));
            actionMeans = context.get(NDArrayIndex.point(0), NDArrayIndex.interval(stateDim, stateDim + actionDim));
            x = Nd4j.zeros(type, 1, stateDim + actionDim);
            inverseScale = Nd4j.ones(type, 1, stateDim + actionDim).divi(contextScale);
            ones = Nd4j.ones(type, 1);
        }
    }
}
