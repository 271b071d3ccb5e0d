package org.moca.replay;

import java.util.Arrays;

/**
 * A complete binary tree over {@code n} non-negative leaf values that keeps, in every inner node, both the sum and the
 * minimum of the leaves below it: the index structure of proportional prioritized replay (Schaul et al., 2016,
 * "Prioritized Experience Replay", appendix B.2.1).
 *
 * <p>Leaves live at positions {@code [size, 2 size)} of two arrays, {@code size} the next power of two at or above
 * {@code n}; node {@code k} has children {@code 2k} and {@code 2k + 1}. An empty leaf holds 0 in the sum tree and
 * {@code +inf} in the min tree, so it is never sampled and never taken as the minimum.
 *
 * <p>Running time: {@link #set} O(log n), {@link #find} O(log n), {@link #sum()} and {@link #min()} O(1),
 * {@link #rebuild} O(n). Parents are always recomputed from their two children, never patched by a delta, so rounding
 * errors do not accumulate over millions of updates.
 */
final class SumMinTree {
    private final int leaves;
    private final int size;
    private final double[] sum;
    private final double[] min;

    SumMinTree(int leaves) {
        if (leaves < 1) throw new IllegalArgumentException("leaves must be at least 1, got " + leaves);
        this.leaves = leaves;
        int s = 1;
        while (s < leaves) s <<= 1;
        this.size = s;
        this.sum = new double[2 * s];
        this.min = new double[2 * s];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
    }

    int leaves() {
        return leaves;
    }

    /** Sets leaf {@code i} to {@code value} (a finite non-negative number); O(log n). */
    void set(int i, double value) {
        checkIndex(i);
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("leaf value must be finite and non-negative, got " + value);
        }
        int k = i + size;
        sum[k] = value;
        min[k] = value;
        for (k >>= 1; k >= 1; k >>= 1) pull(k);
    }

    /** Empties leaf {@code i}: it no longer counts in the sum nor in the minimum; O(log n). */
    void clear(int i) {
        checkIndex(i);
        int k = i + size;
        sum[k] = 0;
        min[k] = Double.POSITIVE_INFINITY;
        for (k >>= 1; k >= 1; k >>= 1) pull(k);
    }

    /** The value of leaf {@code i} (0 when empty). */
    double get(int i) {
        checkIndex(i);
        return sum[i + size];
    }

    /** Whether leaf {@code i} holds a value (was set and not cleared). */
    boolean occupied(int i) {
        checkIndex(i);
        return min[i + size] != Double.POSITIVE_INFINITY;
    }

    /** Sum of all leaves. */
    double sum() {
        return sum[1];
    }

    /** Minimum over occupied leaves, {@code +inf} when none is occupied. */
    double min() {
        return min[1];
    }

    /**
     * The leaf whose prefix-sum interval contains {@code u}: the smallest {@code i} with
     * {@code leaf[0] + ... + leaf[i] > u}, for {@code 0 <= u < sum()}. Rounding can make {@code u} fall just past the
     * last positive leaf; the descent then keeps to the side that has mass, so an empty leaf is never returned while
     * the tree holds any mass. O(log n).
     */
    int find(double u) {
        if (!(sum[1] > 0)) throw new IllegalStateException("cannot sample from a tree without mass");
        int k = 1;
        while (k < size) {
            int left = 2 * k;
            double leftSum = sum[left];
            if ((u < leftSum && leftSum > 0) || sum[left + 1] <= 0) {
                k = left;
            } else {
                u -= leftSum;
                k = left + 1;
            }
        }
        return k - size;
    }

    /**
     * Replaces every leaf at once: {@code values[i]} for occupied leaves, and leaves with {@code occupied[i] == false}
     * become empty; O(n), cheaper than n calls of {@link #set}.
     */
    void rebuild(double[] values, boolean[] occupied) {
        if (values.length != leaves || occupied.length != leaves) {
            throw new IllegalArgumentException(
                    "expected " + leaves + " values, got " + values.length + " and " + occupied.length);
        }
        for (int i = 0; i < leaves; i++) {
            int k = i + size;
            if (occupied[i]) {
                double v = values[i];
                if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException(
                            "leaf value must be finite and non-negative, got " + v + " at " + i);
                }
                sum[k] = v;
                min[k] = v;
            } else {
                sum[k] = 0;
                min[k] = Double.POSITIVE_INFINITY;
            }
        }
        for (int k = size - 1; k >= 1; k--) pull(k);
    }

    private void pull(int k) {
        sum[k] = sum[2 * k] + sum[2 * k + 1];
        min[k] = Math.min(min[2 * k], min[2 * k + 1]);
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= leaves) throw new IndexOutOfBoundsException("leaf " + i + " outside [0, " + leaves + ")");
    }
}
