package org.moca.graph;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Brute-force reference for {@link CircularityScore}: marks the lanes lying on some directed cycle by enumerating every
 * simple cycle, as the article's sketch did (there with networkx {@code simple_cycles}). <b>Exponential</b>: a network
 * can hold exponentially many simple cycles in its size, so this exists only to test {@link CircularityScore} on
 * small graphs and to show the blow-up in {@code org.moca.bench.GraphBench}; it gives up after a time limit.
 *
 * <p>Unlike the sketch, a lane counts once if it lies on any cycle, not once per cycle. Parallel lanes between the same
 * two facilities are equivalent for this question, so cycles are enumerated on the simple digraph of facility pairs:
 * for every start facility {@code s}, a backtracking depth-first search over facilities with a larger index than
 * {@code s} finds each simple cycle exactly once (at its smallest facility). Time O((F + L)(C + 1)) at best for C
 * cycles, and worse: the search also walks dead-end paths.
 */
public final class SimpleCycleCircularity {

    /** The outcome of a complete enumeration. */
    public record Result(boolean[] cyclicLanes, long simpleCycles) {
        public Result {
            cyclicLanes = cyclicLanes.clone();
        }

        @Override
        public boolean[] cyclicLanes() {
            return cyclicLanes.clone();
        }

        /** Share of {@code laneMass} on lanes marked cyclic; 0 when the total is 0. */
        public double score(double[] laneMass) {
            if (laneMass.length != cyclicLanes.length) {
                throw new IllegalArgumentException(
                        "laneMass has " + laneMass.length + " entries, expected " + cyclicLanes.length);
            }
            double on = 0, total = 0;
            for (int l = 0; l < laneMass.length; l++) {
                total += laneMass[l];
                if (cyclicLanes[l]) on += laneMass[l];
            }
            return total > 0 ? on / total : 0;
        }
    }

    private static final int CLOCK_CHECK_MASK = 4095;

    private final LaneIndex index;
    private final int[][] successors;
    private final boolean[][] pairOnCycle;
    private final boolean[] onPath;
    private final int[] path;
    private long deadline;
    private long steps;
    private long cycles;

    /** Largest network accepted: the F×F pair table costs F² bytes, and larger networks never finish anyway. */
    public static final int MAX_FACILITIES = 5_000;

    /**
     * Prepares the enumeration.
     *
     * @throws IllegalArgumentException for more than {@link #MAX_FACILITIES} facilities
     */
    public SimpleCycleCircularity(SupplyNetwork network) {
        Objects.requireNonNull(network, "network");
        if (network.facilities().size() > MAX_FACILITIES) {
            throw new IllegalArgumentException("brute-force cycle enumeration takes at most " + MAX_FACILITIES
                    + " facilities, got " + network.facilities().size() + "; use CircularityScore");
        }
        this.index = new LaneIndex(network);
        int n = index.facilityCount;
        boolean[][] adjacent = new boolean[n][n];
        for (int l = 0; l < index.laneCount; l++) adjacent[index.from[l]][index.to[l]] = true;
        successors = new int[n][];
        for (int v = 0; v < n; v++) {
            int[] s = new int[n];
            int k = 0;
            for (int w = 0; w < n; w++) if (adjacent[v][w]) s[k++] = w;
            successors[v] = Arrays.copyOf(s, k);
        }
        pairOnCycle = new boolean[n][n];
        onPath = new boolean[n];
        path = new int[n];
    }

    /**
     * Enumerates all simple cycles within {@code timeLimit}.
     *
     * @return the cyclic lanes and the number of simple cycles, or empty when the time limit ran out first
     */
    public Optional<Result> enumerate(Duration timeLimit) {
        deadline = System.nanoTime() + timeLimit.toNanos();
        steps = 0;
        cycles = 0;
        for (boolean[] row : pairOnCycle) Arrays.fill(row, false);
        try {
            for (int s = 0; s < index.facilityCount; s++) {
                path[0] = s;
                onPath[s] = true;
                extend(s, s, 1);
                onPath[s] = false;
            }
        } catch (TimeLimitReached e) {
            Arrays.fill(onPath, false);
            return Optional.empty();
        }
        boolean[] cyclic = new boolean[index.laneCount];
        for (int l = 0; l < index.laneCount; l++) cyclic[l] = pairOnCycle[index.from[l]][index.to[l]];
        return Optional.of(new Result(cyclic, cycles));
    }

    private void extend(int start, int v, int length) {
        if ((++steps & CLOCK_CHECK_MASK) == 0 && System.nanoTime() > deadline) throw new TimeLimitReached();
        for (int w : successors[v]) {
            if (w == start) {
                cycles++;
                for (int i = 0; i < length; i++) pairOnCycle[path[i]][path[(i + 1) % length]] = true;
            } else if (w > start && !onPath[w]) {
                onPath[w] = true;
                path[length] = w;
                extend(start, w, length + 1);
                onPath[w] = false;
            }
        }
    }

    private static final class TimeLimitReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TimeLimitReached() {
            super(null, null, false, false);
        }
    }
}
