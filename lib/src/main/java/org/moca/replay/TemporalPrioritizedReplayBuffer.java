package org.moca.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Proportional prioritized experience replay (Schaul, Quan, Antonoglou and Silver, 2016) whose priorities also fade
 * with age, so that recent experience is favoured during a disruption's recovery window.
 *
 * <p>Item {@code i}, added as the {@code t_i}-th insertion with priority {@code p_i = |error_i| + epsilon}, is drawn
 * with probability
 * <pre>
 *   P(i) = w_i / sum_j w_j,    w_i = p_i^alpha * exp(-(now - t_i) / tau)
 * </pre>
 * and carries the importance weight {@code (N P(i))^-beta / max_j (N P(j))^-beta = (min_j w_j / w_i)^beta}, with beta
 * growing linearly to 1 over {@code betaAnnealingSteps} sample calls. New items enter at the largest priority ever set,
 * so every item is drawn at least with good chance once before its error is known.
 *
 * <p>Why the age decay cannot overflow: {@code exp(-(now - t_i)/tau) = exp((t_i - ref)/tau) * exp(-(now - ref)/tau)},
 * and the second factor is common to all items, so it cancels in P(i) and in the weights. The trees store
 * {@code p_i^alpha exp((t_i - ref)/tau)}; once the newest exponent passes {@value #RENORMALIZE_AT}, {@code ref} moves to
 * the present and all leaves are recomputed from the stored {@code p_i^alpha} (O(n), once every
 * {@value #RENORMALIZE_AT} tau insertions, so O(1) amortized). Exponents stay in [-500, 64]. (The author multiplies
 * each new priority by a temporal weight above 1 on top of the running maximum, which compounds to infinity.)
 *
 * <p>Structure: a ring buffer of capacity n over a {@link SumMinTree}. Running time: {@link #add} and
 * {@link #updatePriority} O(log n) (amortized), {@link #sample} O(k log n) for k items. Not thread-safe.
 *
 * @param <T> the item type
 */
public final class TemporalPrioritizedReplayBuffer<T> implements ReplayBuffer<T> {

    /** Move the time reference once the newest item's decay exponent exceeds this. */
    static final double RENORMALIZE_AT = 64;
    /** Largest accepted |error|: keeps every weight and their sum finite. */
    static final double MAX_ERROR = 1e100;

    private final PrioritizedReplayConfig config;
    private final int capacity;
    private final SumMinTree tree;
    private final Object[] items;
    private final long[] ids;
    /** p_i^alpha per slot, kept to recompute leaves when the time reference moves. */
    private final double[] priorityPowAlpha;

    private final double inverseTau;
    private long nextId;
    private long reference;
    private double maxPriority = 1.0;
    private long samplesDrawn;

    public TemporalPrioritizedReplayBuffer(PrioritizedReplayConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.capacity = config.capacity();
        this.tree = new SumMinTree(capacity);
        this.items = new Object[capacity];
        this.ids = new long[capacity];
        java.util.Arrays.fill(ids, -1L);
        this.priorityPowAlpha = new double[capacity];
        this.inverseTau = Double.isInfinite(config.ageDecayHorizon()) ? 0.0 : 1.0 / config.ageDecayHorizon();
    }

    public PrioritizedReplayConfig config() {
        return config;
    }

    @Override
    public long add(T item) {
        Objects.requireNonNull(item, "item");
        long id = nextId++;
        if ((id - reference) * inverseTau > RENORMALIZE_AT) renormalize(id);
        int slot = slot(id);
        items[slot] = item;
        ids[slot] = id;
        priorityPowAlpha[slot] = Math.pow(maxPriority, config.alpha());
        tree.set(slot, leaf(slot));
        return id;
    }

    @Override
    public ReplayBatch<T> sample(int batchSize, SplittableRandom random) {
        Objects.requireNonNull(random, "random");
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        if (size() == 0) throw new IllegalStateException("cannot sample from an empty buffer");
        double beta = config.beta(samplesDrawn++);
        double total = tree.sum();
        double logMin = Math.log(tree.min());
        List<T> batch = new ArrayList<>(batchSize);
        long[] batchIds = new long[batchSize];
        double[] weights = new double[batchSize];
        for (int k = 0; k < batchSize; k++) {
            int slot = tree.find(random.nextDouble() * total);
            @SuppressWarnings("unchecked")
            T item = (T) items[slot];
            batch.add(item);
            batchIds[k] = ids[slot];
            // (min w / w_i)^beta in logs: the ratio itself may underflow when priorities span hundreds of decades
            weights[k] = Math.exp(beta * (logMin - Math.log(tree.get(slot))));
        }
        return new ReplayBatch<>(batch, batchIds, weights, beta);
    }

    @Override
    public boolean updatePriority(long id, double error) {
        if (!(Math.abs(error) <= MAX_ERROR)) {
            throw new IllegalArgumentException("error must be a finite number with |error| <= 1e100, got " + error);
        }
        if (!contains(id)) return false;
        double priority = Math.abs(error) + config.priorityEpsilon();
        maxPriority = Math.max(maxPriority, priority);
        int slot = slot(id);
        priorityPowAlpha[slot] = Math.pow(priority, config.alpha());
        tree.set(slot, leaf(slot));
        return true;
    }

    @Override
    public boolean contains(long id) {
        return id >= 0 && id < nextId && ids[slot(id)] == id;
    }

    @Override
    public int size() {
        return (int) Math.min(nextId, capacity);
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** The probability that one draw returns item {@code id}; 0 if it is not stored. O(1). */
    public double probability(long id) {
        return contains(id) ? tree.get(slot(id)) / tree.sum() : 0.0;
    }

    /** The importance-sampling exponent the next {@link #sample} call will use. */
    public double currentBeta() {
        return config.beta(samplesDrawn);
    }

    /** The priority a new item enters with: the largest priority set so far (1 before any update). */
    public double maxPriority() {
        return maxPriority;
    }

    private int slot(long id) {
        return (int) (id % capacity);
    }

    private double leaf(int slot) {
        return priorityPowAlpha[slot] * Math.exp((ids[slot] - reference) * inverseTau);
    }

    private void renormalize(long newReference) {
        reference = newReference;
        double[] values = new double[capacity];
        boolean[] occupied = new boolean[capacity];
        for (int s = 0; s < capacity; s++) {
            occupied[s] = ids[s] >= 0;
            if (occupied[s]) values[s] = leaf(s);
        }
        tree.rebuild(values, occupied);
    }
}
