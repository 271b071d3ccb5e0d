package org.moca.hyper;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.moca.policy.Activation;
import org.moca.policy.Adam;
import org.moca.policy.DenseOps;
import org.moca.policy.GaussianMlpMath;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The part of a hypernetwork that does not know which policy it adapts: a generator {@code context -> hidden (ReLU) ->
 * rank-r code (ReLU) -> delta} fitted to the deltas gradient adaptation made, and the bound on what it predicts (the
 * ball of radius {@code deltaBoundScale * max ||training delta||}, {@link HeadHyperNetwork} explains why). The MLP's
 * {@link HeadHyperNetwork} and the graph policy's {@link GraphHeadHyperNetwork} each say which slice of their policy's
 * parameters the delta moves and what a context is.
 *
 * <p>Training minimizes the mean squared error to the target deltas (contexts standardized per dimension, targets
 * scaled by their RMS, both from the first {@link #fit} call), with Adam on minibatches. The generator is a
 * {@link GaussianPolicy} with a fixed unit std, whose NLL is exactly half the squared error plus a constant, so its
 * gradient is the kernel's, checked against finite differences.
 */
public final class DeltaGenerator {
    private final int contextDim;
    private final int deltaSize;
    private final DataType type;
    private final HyperNetworkConfig config;
    private final GaussianPolicy generator;
    private final Adam adam;
    private INDArray contextMean;
    private INDArray contextScale;
    private double targetScale = Double.NaN;
    private double largestTrainingDelta;
    private GaussianMlpMath.Tape singleRowTape;

    /** A generator from {@code contextDim} context entries to {@code deltaSize} delta entries, from {@code seed}. */
    public DeltaGenerator(int contextDim, int deltaSize, DataType type, HyperNetworkConfig config, long seed) {
        if (contextDim < 1) throw new IllegalArgumentException("contextDim must be >= 1, got " + contextDim);
        if (deltaSize < 1) throw new IllegalArgumentException("deltaSize must be >= 1, got " + deltaSize);
        this.contextDim = contextDim;
        this.deltaSize = deltaSize;
        this.type = Objects.requireNonNull(type, "type");
        this.config = Objects.requireNonNull(config, "config");
        PolicyConfig shape = new PolicyConfig(
                contextDim, List.of(config.hiddenSize(), config.rank()), deltaSize, Activation.RELU, 0.0, 0.0, 0.0);
        this.generator = GaussianPolicy.initialize(shape, type, seed);
        this.adam = new Adam(generator.numParameters(), type, config.learningRate(), 0.9, 0.999, 1e-8);
    }

    /** Number of trainable parameters of the generator. */
    public long numParameters() {
        return generator.numParameters();
    }

    public int contextDim() {
        return contextDim;
    }

    public int deltaSize() {
        return deltaSize;
    }

    /**
     * Runs {@code steps} Adam steps on minibatches drawn from {@code examples} with {@code rng}; returns the mean
     * squared error (in target-RMS units) over all examples afterwards.
     *
     * @throws IllegalArgumentException when there is no example or one has the wrong context or delta length
     */
    public double fit(List<AdaptationExample> examples, int steps, SplittableRandom rng) {
        if (examples == null || examples.isEmpty()) throw new IllegalArgumentException("examples must not be empty");
        for (int i = 0; i < examples.size(); i++) {
            AdaptationExample e = examples.get(i);
            if (e.context().length() != contextDim || e.headDelta().length() != deltaSize)
                throw new IllegalArgumentException("example " + i + " has a context of "
                        + e.context().length()
                        + " and a delta of " + e.headDelta().length() + " entries; this generator maps " + contextDim
                        + " to " + deltaSize);
        }
        INDArray contexts = org.nd4j.linalg.factory.Nd4j.vstack(examples.stream()
                .map(e -> e.context().reshape(1, e.context().length()).castTo(type))
                .toArray(INDArray[]::new));
        INDArray targets = org.nd4j.linalg.factory.Nd4j.vstack(examples.stream()
                .map(e -> e.headDelta().reshape(1, e.headDelta().length()).castTo(type))
                .toArray(INDArray[]::new));
        if (contextMean == null) {
            contextMean = contexts.mean(true, 0);
            contextScale = contexts.std(true, 0).addi(1e-6);
            double rms = Math.sqrt(targets.mul(targets).meanNumber().doubleValue());
            targetScale = rms > 0 ? rms : 1.0;
        }
        for (int i = 0; i < targets.rows(); i++) {
            largestTrainingDelta = Math.max(
                    largestTrainingDelta, targets.getRow(i).norm2Number().doubleValue());
        }
        INDArray x = contexts.subRowVector(contextMean).diviRowVector(contextScale);
        INDArray y = targets.div(targetScale);
        int n = examples.size();
        int b = Math.min(config.batchSize(), n);
        int[] rows = new int[b];
        for (int step = 0; step < steps; step++) {
            for (int i = 0; i < b; i++) rows[i] = rng.nextInt(n);
            INDArray gradient = generator.gradient(x.getRows(rows), y.getRows(rows));
            adam.step(generator.parameterView(), gradient);
        }
        INDArray error = generator.mean(x).subi(y);
        return error.muli(error).meanNumber().doubleValue();
    }

    /** The predicted delta for {@code context} ({@code contextDim} entries), as a new rank-1 array, within the bound. */
    public INDArray delta(INDArray context) {
        INDArray raw = generate(context);
        return raw.dup().reshape(deltaSize).muli(targetScale * boundFactor(raw));
    }

    /** The generator's delta for {@code context} without the bound: what the bound protects against. */
    INDArray unboundedDelta(INDArray context) {
        return generate(context).dup().reshape(deltaSize).muli(targetScale);
    }

    /**
     * The radius {@code R} of the ball every predicted delta is projected onto: {@code deltaBoundScale} times the
     * largest Euclidean norm among the training deltas of all {@link #fit} calls so far.
     */
    public double deltaBound() {
        requireFitted();
        return config.deltaBoundScale() * largestTrainingDelta;
    }

    /** The factor that takes a generator output {@code raw} (target-RMS units) to the bounded delta. */
    double outputFactor(INDArray raw) {
        return targetScale * boundFactor(raw);
    }

    /**
     * {@code min(1, R / ||targetScale * raw||)} for a generator output {@code raw} in target-RMS units; one loop,
     * no ND4J op. A zero bound (every training delta zero) gives 0: the slice stays at the base.
     */
    private double boundFactor(INDArray raw) {
        DenseOps.Elements e = DenseOps.elements(DenseOps.dense(raw));
        double squares = 0;
        for (int i = 0; i < e.length(); i++) squares += e.get(i) * e.get(i);
        double norm = targetScale * Math.sqrt(squares);
        double bound = deltaBound();
        return norm <= bound ? 1.0 : bound / norm;
    }

    /**
     * The generator's output for one context, in target-RMS units: a live buffer, overwritten by the next call.
     * A single row, so standardizing is a same-shape elementwise op (ND4J's row broadcasts are slow).
     */
    private INDArray generate(INDArray context) {
        requireFitted();
        if (context.length() != contextDim)
            throw new IllegalArgumentException("context has " + context.length() + " entries, expected " + contextDim);
        INDArray x = context.reshape(1, context.length())
                .castTo(type)
                .sub(contextMean)
                .divi(contextScale);
        return forwardStandardized(x);
    }

    /** The generator's output for an already standardized {@code 1 x contextDim} row: a live buffer. */
    INDArray forwardStandardized(INDArray x) {
        if (singleRowTape == null) singleRowTape = generator.kernel().newTape(1);
        return generator.kernel().forwardMean(generator.parameterViews(), x, singleRowTape);
    }

    /** The per-dimension context mean of the first fit ({@code 1 x contextDim}). */
    INDArray contextMean() {
        requireFitted();
        return contextMean;
    }

    /** The per-dimension context scale of the first fit ({@code 1 x contextDim}). */
    INDArray contextScale() {
        requireFitted();
        return contextScale;
    }

    void requireFitted() {
        if (contextMean == null) throw new IllegalStateException("fit the hypernetwork before using it");
    }
}
