package org.moca.policy;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Where each tensor of a {@link GaussianPolicy} lives in its flat parameter vector.
 *
 * <p>Order: for each linear layer {@code l} its weight {@code W_l} ({@code fanIn x fanOut}, row-major) then its bias
 * {@code b_l}; last the log-std parameter {@code rho} ({@code actionDim}). The output layer's {@code W, b} (the
 * "head") are contiguous, which lets ANIL and the hypernetwork address them as one slice.
 */
public final class ParameterLayout {
    private final int[] sizes;
    private final long[] weightOffset;
    private final long[] biasOffset;
    private final long logStdOffset;
    private final long size;

    public ParameterLayout(PolicyConfig config) {
        this.sizes = config.layerSizes();
        int layers = sizes.length - 1;
        weightOffset = new long[layers];
        biasOffset = new long[layers];
        long at = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = at;
            at += (long) sizes[l] * sizes[l + 1];
            biasOffset[l] = at;
            at += sizes[l + 1];
        }
        logStdOffset = at;
        size = at + sizes[layers];
    }

    /** Number of scalar parameters. */
    public long size() {
        return size;
    }

    /** Number of linear layers (hidden layers + the mean head). */
    public int layers() {
        return sizes.length - 1;
    }

    public int fanIn(int layer) {
        return sizes[layer];
    }

    public int fanOut(int layer) {
        return sizes[layer + 1];
    }

    public long weightOffset(int layer) {
        return weightOffset[layer];
    }

    public long biasOffset(int layer) {
        return biasOffset[layer];
    }

    public long logStdOffset() {
        return logStdOffset;
    }

    /** Offset of the head (the mean layer's weight then bias). */
    public long headOffset() {
        return weightOffset[layers() - 1];
    }

    /** Size of the head: {@code (lastHidden + 1) * actionDim}. */
    public long headSize() {
        return logStdOffset - headOffset();
    }

    /** Views of {@code flat} (length {@link #size()}) as the policy's tensors; writes go through to {@code flat}. */
    public ParameterViews views(INDArray flat) {
        if (flat.length() != size) {
            throw new IllegalArgumentException(
                    "flat parameter vector must have length " + size + ", got " + flat.length());
        }
        INDArray vector = flat.rank() == 1 ? flat : flat.reshape(size);
        int layers = layers();
        INDArray[] w = new INDArray[layers];
        INDArray[] b = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = slice(vector, weightOffset[l], (long) sizes[l] * sizes[l + 1])
                    .reshape('c', sizes[l], sizes[l + 1]);
            b[l] = slice(vector, biasOffset[l], sizes[l + 1]).reshape('c', 1, sizes[l + 1]);
        }
        INDArray rho = slice(vector, logStdOffset, sizes[layers]).reshape('c', 1, sizes[layers]);
        return new ParameterViews(vector, w, b, rho);
    }

    /** The head slice of {@code flat} as a 1-D view. */
    public INDArray headView(INDArray flat) {
        return slice(flat.rank() == 1 ? flat : flat.reshape(size), headOffset(), headSize());
    }

    private static INDArray slice(INDArray vector, long offset, long length) {
        return vector.get(NDArrayIndex.interval(offset, offset + length));
    }
}
