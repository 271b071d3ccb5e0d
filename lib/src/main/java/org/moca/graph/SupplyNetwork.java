package org.moca.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.builder.GraphTypeBuilder;

/**
 * A circular supply network: materials, facilities (vertices) and lanes (edges) of a directed multigraph.
 *
 * <p>Immutable and validated on construction: ids are unique, every lane joins known facilities and carries a known
 * material, every mode input is delivered by some lane into its facility, and no mode creates tracked mass (the sum of
 * its outputs' tracked mass is at most that of its inputs — a recycler's yield cannot exceed 1). Facilities and lanes
 * keep the order given, which fixes the layout of the simulator's state and action vectors.
 *
 * <p>The graph's vertices are facility ids; two lanes of different materials (or two parallel lanes of one material)
 * between the same facilities are both kept.
 */
public final class SupplyNetwork {

    private final String name;
    private final Map<String, Material> materials;
    private final List<Facility> facilities;
    private final List<Lane> lanes;
    private final Map<String, Integer> facilityIndex;
    private final Map<String, Integer> laneIndex;
    private final Graph<String, Lane> graph;

    /**
     * @throws IllegalArgumentException naming the offending facility, lane, material or mode
     */
    public SupplyNetwork(String name, List<Material> materials, List<Facility> facilities, List<Lane> lanes) {
        this.name = Objects.requireNonNull(name, "name");
        Map<String, Material> mats = new LinkedHashMap<>();
        for (Material m : Objects.requireNonNull(materials, "materials")) {
            if (mats.put(m.id(), m) != null) throw new IllegalArgumentException("duplicate material id " + m.id());
        }
        this.materials = Collections.unmodifiableMap(mats);
        this.facilities = List.copyOf(Objects.requireNonNull(facilities, "facilities"));
        this.lanes = List.copyOf(Objects.requireNonNull(lanes, "lanes"));

        Map<String, Integer> fIdx = new LinkedHashMap<>();
        for (int i = 0; i < this.facilities.size(); i++) {
            Facility f = this.facilities.get(i);
            if (fIdx.put(f.id(), i) != null) throw new IllegalArgumentException("duplicate facility id " + f.id());
            requireMaterial(f.material(), "facility " + f.id() + ": material");
            requireMaterial(f.returnMaterial(), "facility " + f.id() + ": returnMaterial");
            f.initialInventory().keySet().forEach(m -> requireMaterial(m, "facility " + f.id() + ": initialInventory"));
            for (Mode mode : f.modes()) {
                double in = 0, out = 0;
                for (var e : mode.inputs().entrySet()) {
                    requireMaterial(e.getKey(), "facility " + f.id() + ", mode " + mode.name() + ": input");
                    in += e.getValue() * this.materials.get(e.getKey()).trackedMassKg();
                }
                for (var e : mode.outputs().entrySet()) {
                    requireMaterial(e.getKey(), "facility " + f.id() + ", mode " + mode.name() + ": output");
                    out += e.getValue() * this.materials.get(e.getKey()).trackedMassKg();
                }
                if (out > in * (1 + 1e-12)) {
                    throw new IllegalArgumentException("facility " + f.id() + ", mode " + mode.name()
                            + ": outputs carry " + out + " kg of tracked mass per unit but inputs only " + in
                            + " (a yield above 1 creates mass)");
                }
            }
        }
        this.facilityIndex = Collections.unmodifiableMap(fIdx);

        Map<String, Integer> lIdx = new LinkedHashMap<>();
        Graph<String, Lane> g = GraphTypeBuilder.<String, Lane>directed()
                .allowingMultipleEdges(true)
                .allowingSelfLoops(false)
                .weighted(false)
                .buildGraph();
        fIdx.keySet().forEach(g::addVertex);
        for (int i = 0; i < this.lanes.size(); i++) {
            Lane l = this.lanes.get(i);
            if (lIdx.put(l.id(), i) != null) throw new IllegalArgumentException("duplicate lane id " + l.id());
            if (!fIdx.containsKey(l.from()))
                throw new IllegalArgumentException("lane " + l.id() + ": unknown facility " + l.from());
            if (!fIdx.containsKey(l.to()))
                throw new IllegalArgumentException("lane " + l.id() + ": unknown facility " + l.to());
            requireMaterial(l.material(), "lane " + l.id() + ": material");
            g.addEdge(l.from(), l.to(), l);
        }
        this.laneIndex = Collections.unmodifiableMap(lIdx);
        // Callers get a read-only view: mutating the graph would silently desynchronise it from lanes() and the
        // indices.
        this.graph = new AsUnmodifiableGraph<>(g);

        for (Facility f : this.facilities) {
            Set<String> delivered = new HashSet<>();
            g.incomingEdgesOf(f.id()).forEach(l -> delivered.add(l.material()));
            for (Mode mode : f.modes()) {
                for (String m : mode.inputs().keySet()) {
                    if (!delivered.contains(m)) {
                        throw new IllegalArgumentException("facility " + f.id() + ", mode " + mode.name() + ": input "
                                + m + " is delivered by no lane");
                    }
                }
            }
        }
    }

    private void requireMaterial(String id, String where) {
        if (id != null && !materials.containsKey(id))
            throw new IllegalArgumentException(where + ": unknown material " + id);
    }

    public String name() {
        return name;
    }

    /** Materials by id, in declaration order. */
    public Map<String, Material> materials() {
        return materials;
    }

    public Material material(String id) {
        Material m = materials.get(id);
        if (m == null) throw new IllegalArgumentException("unknown material " + id);
        return m;
    }

    /** Facilities in declaration order (the simulator's facility index order). */
    public List<Facility> facilities() {
        return facilities;
    }

    /** Lanes in declaration order (the simulator's lane index order). */
    public List<Lane> lanes() {
        return lanes;
    }

    public Facility facility(String id) {
        return facilities.get(facilityIndexOf(id));
    }

    public int facilityIndexOf(String id) {
        Integer i = facilityIndex.get(id);
        if (i == null) throw new IllegalArgumentException("unknown facility " + id);
        return i;
    }

    public Lane lane(String id) {
        return lanes.get(laneIndexOf(id));
    }

    public int laneIndexOf(String id) {
        Integer i = laneIndex.get(id);
        if (i == null) throw new IllegalArgumentException("unknown lane " + id);
        return i;
    }

    /** The directed multigraph view (vertices are facility ids, edges are lanes); unmodifiable. */
    public Graph<String, Lane> graph() {
        return graph;
    }

    public List<Lane> outgoing(String facilityId) {
        return new ArrayList<>(graph.outgoingEdgesOf(facilityId));
    }

    public List<Lane> incoming(String facilityId) {
        return new ArrayList<>(graph.incomingEdgesOf(facilityId));
    }

    @Override
    public String toString() {
        return "SupplyNetwork[" + name + ": " + facilities.size() + " facilities, " + lanes.size() + " lanes, "
                + materials.size() + " materials]";
    }
}
