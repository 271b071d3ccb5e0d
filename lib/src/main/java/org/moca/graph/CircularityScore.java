package org.moca.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Circularity score of a supply network: the share of flow mass that moves on lanes lying on some directed cycle.
 *
 * <p>A lane {@code u -> v} lies on a directed cycle exactly when {@code v} can reach {@code u} again, i.e. when both
 * ends are in the same strongly connected component (SCC). So
 * <pre>
 *   circularity(m) = sum over cyclic lanes l of m[l]  /  sum over all lanes l of m[l]      (0 when the total is 0)
 * </pre>
 * where {@code m[l] >= 0} is the flow mass on lane {@code l} (tracked kg in the simulator, or units). Each lane counts
 * once however many cycles it lies on, so the score is always in [0, 1].
 *
 * <p>The components are found once, in the constructor, by Tarjan's algorithm (Tarjan 1972) in O(F + L) time for F
 * facilities and L lanes; each {@link #score} is then O(L). This replaces the article's sketch, which enumerated all
 * simple cycles (exponentially many — see {@link SimpleCycleCircularity}) and added an edge's flow once per cycle it
 * lies on, so its "share" could exceed 1.
 */
public final class CircularityScore {

    /** The parts of one measurement; {@link #score()} is their ratio. */
    public record Measurement(double cyclicMass, double totalMass) {
        /** cyclicMass / totalMass in [0, 1], or 0 when nothing flows. */
        public double score() {
            return totalMass > 0 ? Math.min(1.0, cyclicMass / totalMass) : 0.0;
        }
    }

    private final SupplyNetwork network;
    private final int[] componentOf;
    private final List<List<String>> components;
    private final boolean[] cyclic;
    private final int cyclicCount;

    /** Finds the strongly connected components and cyclic lanes of {@code network}; O(F + L). */
    public CircularityScore(SupplyNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
        LaneIndex index = new LaneIndex(network);
        this.componentOf = index.strongComponents();
        int count = 0;
        for (int c : componentOf) count = Math.max(count, c + 1);
        List<List<String>> comps = new ArrayList<>(count);
        for (int c = 0; c < count; c++) comps.add(new ArrayList<>());
        for (int v = 0; v < componentOf.length; v++)
            comps.get(componentOf[v]).add(network.facilities().get(v).id());
        List<List<String>> frozen = new ArrayList<>(count);
        for (List<String> c : comps) frozen.add(List.copyOf(c));
        this.components = Collections.unmodifiableList(frozen);
        this.cyclic = new boolean[index.laneCount];
        int k = 0;
        for (int l = 0; l < index.laneCount; l++) {
            cyclic[l] = componentOf[index.from[l]] == componentOf[index.to[l]];
            if (cyclic[l]) k++;
        }
        this.cyclicCount = k;
    }

    /** Convenience: the circularity of {@code laneMass} on {@code network} (computes the components each call). */
    public static double of(SupplyNetwork network, double[] laneMass) {
        return new CircularityScore(network).score(laneMass);
    }

    public SupplyNetwork network() {
        return network;
    }

    /**
     * The circularity score of the flow {@code laneMass} (indexed like {@code network.lanes()}), in [0, 1]; 0 when no
     * mass flows. O(L).
     *
     * @throws IllegalArgumentException if the array has the wrong length or holds a negative or non-finite entry
     */
    public double score(double[] laneMass) {
        return measure(laneMass).score();
    }

    /** The cyclic and total flow mass of {@code laneMass}; see {@link #score(double[])}. */
    public Measurement measure(double[] laneMass) {
        Objects.requireNonNull(laneMass, "laneMass");
        if (laneMass.length != cyclic.length) {
            throw new IllegalArgumentException(
                    "laneMass has " + laneMass.length + " entries, the network has " + cyclic.length + " lanes");
        }
        double onCycles = 0, total = 0;
        for (int l = 0; l < laneMass.length; l++) {
            double m = laneMass[l];
            if (!(m >= 0) || !Double.isFinite(m)) {
                throw new IllegalArgumentException("laneMass[" + l + "] (lane "
                        + network.lanes().get(l).id() + ") must be a non-negative finite number, got " + m);
            }
            total += m;
            if (cyclic[l]) onCycles += m;
        }
        return new Measurement(onCycles, total);
    }

    /** Whether each lane (indexed like {@code network.lanes()}) lies on some directed cycle. A fresh copy. */
    public boolean[] cyclicLanes() {
        return cyclic.clone();
    }

    /** Whether lane {@code laneIndex} lies on some directed cycle. */
    public boolean isCyclic(int laneIndex) {
        return cyclic[laneIndex];
    }

    /** Number of lanes that lie on some directed cycle. */
    public int cyclicLaneCount() {
        return cyclicCount;
    }

    /**
     * The strongly connected components as lists of facility ids, in a topological order of the condensation (every
     * lane between two components goes from an earlier to a later one); within a component, facilities keep the
     * network's order. A facility on no cycle is a component of its own.
     */
    public List<List<String>> components() {
        return components;
    }

    /** Index into {@link #components()} of the component holding {@code facilityId}. */
    public int componentOf(String facilityId) {
        return componentOf[network.facilityIndexOf(facilityId)];
    }

    /** Component index per facility (indexed like {@code network.facilities()}). A fresh copy. */
    public int[] componentIndex() {
        return Arrays.copyOf(componentOf, componentOf.length);
    }

    /** The components with more than one facility: the loops of the network. */
    public List<List<String>> cyclicComponents() {
        return components.stream().filter(c -> c.size() > 1).toList();
    }
}
