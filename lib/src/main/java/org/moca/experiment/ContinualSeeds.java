package org.moca.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seeds one seed of the continual experiment expands into, derived in this one place (and recorded, by name, in
 * {@code provenance.json}): the meta-training episodes, the policy's initialization and the meta-batch draws use the
 * seed itself; the stream's and the held-out episodes come from two further seeds drawn from
 * {@code new SplittableRandom(seed)}, offset by the family's index, so that the stream and the held-out sets never
 * share an episode and each family has its own episodes.
 *
 * @param seed          the experiment seed
 * @param trainEpisodes seed of the meta-training episodes
 * @param policy        seed of the policy's initialization
 * @param metaBatches   seed of the {@link SplittableRandom} that draws the meta-batches
 * @param stream        seed of the stream's episodes of each family (by family index)
 * @param heldOut       seed of the held-out episodes of each family (by family index)
 */
public record ContinualSeeds(
        long seed, long trainEpisodes, long policy, long metaBatches, List<Long> stream, List<Long> heldOut) {

    public ContinualSeeds {
        stream = List.copyOf(stream);
        heldOut = List.copyOf(heldOut);
        if (stream.size() != heldOut.size())
            throw new IllegalArgumentException("stream and heldOut must have one seed per family, got " + stream.size()
                    + " and " + heldOut.size());
    }

    /** The seeds of experiment seed {@code seed} with {@code families} families. O(families). */
    public static ContinualSeeds of(long seed, int families) {
        SplittableRandom root = new SplittableRandom(seed);
        long streamSeed = root.nextLong(), heldOutSeed = root.nextLong();
        Long[] stream = new Long[families], heldOut = new Long[families];
        for (int f = 0; f < families; f++) {
            stream[f] = streamSeed + f;
            heldOut[f] = heldOutSeed + f;
        }
        return new ContinualSeeds(seed, seed, seed, seed, List.of(stream), List.of(heldOut));
    }

    /**
     * Every seed by name, for provenance: {@code seed<k>} itself, then {@code seed<k>.train-episodes},
     * {@code .policy}, {@code .meta-batches}, {@code .stream.<family>} and {@code .held-out.<family>}.
     */
    public Map<String, Long> named(List<String> families) {
        if (families.size() != stream.size())
            throw new IllegalArgumentException(
                    "families must name the " + stream.size() + " families, got " + families.size());
        String k = "seed" + seed;
        Map<String, Long> out = new LinkedHashMap<>();
        out.put(k, seed);
        out.put(k + ".train-episodes", trainEpisodes);
        out.put(k + ".policy", policy);
        out.put(k + ".meta-batches", metaBatches);
        for (int f = 0; f < families.size(); f++) {
            out.put(k + ".stream." + families.get(f), stream.get(f));
            out.put(k + ".held-out." + families.get(f), heldOut.get(f));
        }
        return out;
    }
}
