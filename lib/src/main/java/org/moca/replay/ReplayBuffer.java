package org.moca.replay;

import java.util.SplittableRandom;

/**
 * A bounded store of past experience from which a learner re-samples mini-batches (Lin, 1992; Mnih et al., 2015).
 * Every item gets a stable id, its insertion sequence number, which stays valid until the item is overwritten; ids are
 * never reused, so a late priority update cannot land on another item.
 *
 * @param <T> the item type (a transition, a labelled state, ...)
 */
public interface ReplayBuffer<T> {

    /** Stores {@code item} (not null), overwriting the oldest one when full, and returns its id. */
    long add(T item);

    /**
     * Draws {@code batchSize} items with replacement, with the buffer's sampling distribution, using {@code random}
     * only. Requires a non-empty buffer.
     */
    ReplayBatch<T> sample(int batchSize, SplittableRandom random);

    /**
     * Sets the priority of item {@code id} from its new learning error (e.g. a TD error or a loss).
     *
     * @return {@code true} if applied; {@code false} if the item is no longer stored (overwritten since it was
     *         sampled, or never added), in which case nothing changes
     */
    boolean updatePriority(long id, double error);

    /** Whether item {@code id} is still stored. */
    boolean contains(long id);

    /** Number of items stored. */
    int size();

    /** Maximum number of items stored. */
    int capacity();
}
