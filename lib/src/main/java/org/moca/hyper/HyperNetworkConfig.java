package org.moca.hyper;

/**
 * Shape, training and safety bound of a {@link HeadHyperNetwork}.
 *
 * @param hiddenSize      width of the context encoder's hidden layer
 * @param rank            width of the code layer: the generated head deltas lie in a learned {@code rank}-dimensional
 *                        (affine) subspace of the head's parameter space
 * @param learningRate    Adam step size
 * @param batchSize       examples per Adam step
 * @param deltaBoundScale the predicted head delta's Euclidean norm is capped at {@code deltaBoundScale} times the
 *                        largest norm among the training deltas (1: the hypernetwork never moves the head farther than
 *                        gradient adaptation moved it on any training support set); the direction is kept
 */
public record HyperNetworkConfig(int hiddenSize, int rank, double learningRate, int batchSize, double deltaBoundScale) {

    /** The default {@link #deltaBoundScale}: no farther than the farthest training adaptation. */
    public static final double DEFAULT_DELTA_BOUND_SCALE = 1.0;

    public HyperNetworkConfig {
        if (hiddenSize < 1) throw new IllegalArgumentException("hiddenSize must be >= 1, got " + hiddenSize);
        if (rank < 1) throw new IllegalArgumentException("rank must be >= 1, got " + rank);
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, got " + learningRate);
        }
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (!(deltaBoundScale > 0 && Double.isFinite(deltaBoundScale))) {
            throw new IllegalArgumentException(
                    "deltaBoundScale must be a finite number > 0 (times the largest training delta's norm), got "
                            + deltaBoundScale);
        }
    }

    /** 64 hidden units, rank 16, Adam lr 0.001, batches of 16, deltas capped at the largest training delta's norm. */
    public static HyperNetworkConfig defaults() {
        return new HyperNetworkConfig(64, 16, 1e-3, 16, DEFAULT_DELTA_BOUND_SCALE);
    }

    public HyperNetworkConfig withLearningRate(double value) {
        return new HyperNetworkConfig(hiddenSize, rank, value, batchSize, deltaBoundScale);
    }

    public HyperNetworkConfig withDeltaBoundScale(double value) {
        return new HyperNetworkConfig(hiddenSize, rank, learningRate, batchSize, value);
    }
}
