package org.moca.replay;

import java.util.List;
import java.util.Objects;

/**
 * One draw from a {@link ReplayBuffer}: the items, their stable ids (to report new priorities with
 * {@link ReplayBuffer#updatePriority}) and their importance-sampling weights (multiply each item's loss by its weight).
 * Immutable.
 *
 * @param <T> the item type
 */
public final class ReplayBatch<T> {
    private final List<T> items;
    private final long[] ids;
    private final double[] weights;
    private final double beta;

    /**
     * @param items   the sampled items (an item may appear more than once: sampling is with replacement)
     * @param ids     their ids, same length
     * @param weights their importance weights in (0, 1], same length
     * @param beta    the importance-sampling exponent the weights were computed with
     */
    public ReplayBatch(List<T> items, long[] ids, double[] weights, double beta) {
        this.items = List.copyOf(Objects.requireNonNull(items, "items"));
        this.ids = Objects.requireNonNull(ids, "ids").clone();
        this.weights = Objects.requireNonNull(weights, "weights").clone();
        if (ids.length != this.items.size() || weights.length != this.items.size()) {
            throw new IllegalArgumentException("items, ids and weights must have one length, got " + this.items.size()
                    + ", " + ids.length + ", " + weights.length);
        }
        this.beta = beta;
    }

    public int size() {
        return items.size();
    }

    public T item(int i) {
        return items.get(i);
    }

    public long id(int i) {
        return ids[i];
    }

    public double weight(int i) {
        return weights[i];
    }

    /** The items, unmodifiable. */
    public List<T> items() {
        return items;
    }

    /** A copy of the ids. */
    public long[] ids() {
        return ids.clone();
    }

    /** A copy of the importance weights. */
    public double[] weights() {
        return weights.clone();
    }

    public double beta() {
        return beta;
    }
}
