package org.moca.hyper;

/**
 * Shape and training of a {@link HeadHyperNetwork}.
 *
 * @param hiddenSize   width of the context encoder's hidden layer
 * @param rank         width of the code layer: the generated head deltas lie in a learned {@code rank}-dimensional
 *                     (affine) subspace of the head's parameter space
 * @param learningRate Adam step size
 * @param batchSize    examples per Adam step
 */
public record HyperNetworkConfig(int hiddenSize, int rank, double learningRate, int batchSize) {

    public HyperNetworkConfig {
        if (hiddenSize < 1) throw new IllegalArgumentException("hiddenSize must be >= 1, got " + hiddenSize);
        if (rank < 1) throw new IllegalArgumentException("rank must be >= 1, got " + rank);
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, got " + learningRate);
        }
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }

    /** 64 hidden units, rank 16, Adam lr 0.001, batches of 16. */
    public static HyperNetworkConfig defaults() {
        return new HyperNetworkConfig(64, 16, 1e-3, 16);
    }

    public HyperNetworkConfig withLearningRate(double value) {
        return new HyperNetworkConfig(hiddenSize, rank, value, batchSize);
    }
}
