package org.moca.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Recovery paths around a disrupted facility: for every material the facility supplied and every customer it supplied
 * it to, the alternative sources of that material and the routes from them to the customer that avoid the disrupted
 * facility, shortest first.
 *
 * <p>Definitions. The disrupted facility {@code D} supplied material {@code m} to customer {@code c} when a lane
 * {@code D -> c} carries {@code m}. An <em>alternative source</em> of {@code m} is any other facility (not {@code D},
 * not {@code c}) that ships {@code m} on some lane, produces it through a mode output, or is a virgin supplier of it. A
 * <em>recovery path</em> from source {@code s} is a simple path of lanes that all carry {@code m}, from {@code s} to
 * {@code c}, not through {@code D}, with at most {@link Config#maxHops()} lanes (hops count lanes, not facilities) and
 * a total lead time of at most {@link Config#maxLeadTime()} hours. Sources whose material cannot reach {@code c} on
 * such a path are still listed by {@link #alternativeSources}: they show where an alternative would need a new lane.
 *
 * <p>This corrects the article's sketch, whose "recovery paths" were shortest paths <em>starting at</em> the disrupted
 * node (the one facility that cannot ship) and whose length test counted nodes instead of hops.
 *
 * <p>Algorithm. Per (material, customer): a backward breadth-first search and a backward Dijkstra from the customer
 * over the lanes of that material (without {@code D}) give, for every facility, lower bounds on the hops and the lead
 * time still needed; then, per source, a best-first (A*) enumeration of simple paths ordered by
 * {@link Config#order()} emits paths in nondecreasing order, pruned by the budgets, and stops after
 * {@link Config#maxPathsPerPair()} paths or {@link Config#maxExpansionsPerPair()} expansions. The number of simple
 * paths can grow exponentially with the budget; the caps bound the work, and because paths come out in order, a
 * capped list is always the shortest ones. Time per (material, customer) O(L log L) plus the capped enumeration.
 */
public final class RecoveryPaths {

    /** What "shortest" means: fewest lanes, then shortest lead time; or the other way round. */
    public enum Order {
        HOPS,
        LEAD_TIME
    }

    /**
     * Bounds and order of the path search.
     *
     * @param maxHops              largest number of lanes on a path, at least 1 (the article's default: 5)
     * @param maxLeadTime          largest total lead time of a path in hours, at least 1 ({@code Integer.MAX_VALUE}: none)
     * @param maxPathsPerPair      at most this many paths per (source, customer, material), at least 1
     * @param maxExpansionsPerPair at most this many partial paths expanded per (source, customer, material), at least 1
     * @param order                ordering of the paths
     */
    public record Config(int maxHops, int maxLeadTime, int maxPathsPerPair, int maxExpansionsPerPair, Order order) {
        public static final Config DEFAULT = new Config(5, Integer.MAX_VALUE, 10, 100_000, Order.HOPS);

        public Config {
            if (maxHops < 1) throw new IllegalArgumentException("maxHops must be an integer >= 1, got " + maxHops);
            if (maxLeadTime < 1)
                throw new IllegalArgumentException("maxLeadTime must be an integer >= 1 (hours), got " + maxLeadTime);
            if (maxPathsPerPair < 1)
                throw new IllegalArgumentException("maxPathsPerPair must be an integer >= 1, got " + maxPathsPerPair);
            if (maxExpansionsPerPair < 1) {
                throw new IllegalArgumentException(
                        "maxExpansionsPerPair must be an integer >= 1, got " + maxExpansionsPerPair);
            }
            Objects.requireNonNull(order, "order");
        }

        /** Paths of at most {@code hops} lanes, fewest lanes first. */
        public static Config withinHops(int hops) {
            return new Config(
                    hops, Integer.MAX_VALUE, DEFAULT.maxPathsPerPair, DEFAULT.maxExpansionsPerPair, Order.HOPS);
        }

        /** Paths of at most {@code hours} total lead time (any number of lanes), quickest first. */
        public static Config withinLeadTime(int hours) {
            return new Config(
                    Integer.MAX_VALUE, hours, DEFAULT.maxPathsPerPair, DEFAULT.maxExpansionsPerPair, Order.LEAD_TIME);
        }
    }

    /**
     * One route by which {@code material} can reach {@code customer} from {@code source} without the disrupted facility.
     *
     * @param path     the lanes in order, from {@code source} to {@code customer}
     * @param hops     number of lanes
     * @param leadTime sum of the lanes' lead times, hours
     */
    public record RecoveryPath(
            String material, String customer, String source, List<Lane> path, int hops, int leadTime) {
        public RecoveryPath {
            path = List.copyOf(path);
        }
    }

    private final SupplyNetwork network;
    private final Config config;
    private final LaneIndex index;
    private final int[] laneMaterial;
    private final List<String> materialIds;

    public RecoveryPaths(SupplyNetwork network) {
        this(network, Config.DEFAULT);
    }

    public RecoveryPaths(SupplyNetwork network, Config config) {
        this.network = Objects.requireNonNull(network, "network");
        this.config = Objects.requireNonNull(config, "config");
        this.index = new LaneIndex(network);
        this.materialIds = List.copyOf(network.materials().keySet());
        this.laneMaterial = new int[index.laneCount];
        for (int l = 0; l < index.laneCount; l++)
            laneMaterial[l] = materialIds.indexOf(network.lanes().get(l).material());
    }

    public Config config() {
        return config;
    }

    /**
     * All recovery paths around {@code disruptedFacility}, ordered by {@link Config#order()} (ties in network order
     * of material, customer, source and lanes, so the order is reproducible).
     *
     * @throws IllegalArgumentException for an unknown facility
     */
    public List<RecoveryPath> find(String disruptedFacility) {
        int d = network.facilityIndexOf(disruptedFacility);
        List<RecoveryPath> out = new ArrayList<>();
        // (material, customer) pairs D supplied, in lane order, each once
        Set<Long> pairs = new LinkedHashSet<>();
        for (int k = index.outStart[d]; k < index.outStart[d + 1]; k++) {
            int l = index.outLanes[k];
            pairs.add(((long) laneMaterial[l] << 32) | index.to[l]);
        }
        for (long pair : pairs) {
            int m = (int) (pair >>> 32);
            int c = (int) pair;
            Bounds bounds = bounds(m, c, d);
            for (int s : sources(m, d, c)) {
                if (bounds.hops[s] > config.maxHops() || bounds.lead[s] > config.maxLeadTime()) continue;
                enumerate(m, s, c, d, bounds, out);
            }
        }
        Comparator<RecoveryPath> byHops =
                Comparator.comparingInt(RecoveryPath::hops).thenComparingInt(RecoveryPath::leadTime);
        Comparator<RecoveryPath> byLead =
                Comparator.comparingInt(RecoveryPath::leadTime).thenComparingInt(RecoveryPath::hops);
        out.sort((config.order() == Order.HOPS ? byHops : byLead)
                .thenComparingInt(p -> materialIds.indexOf(p.material()))
                .thenComparingInt(p -> network.facilityIndexOf(p.customer()))
                .thenComparingInt(p -> network.facilityIndexOf(p.source()))
                .thenComparing(
                        p -> p.path().stream()
                                .mapToInt(l -> network.laneIndexOf(l.id()))
                                .toArray(),
                        Arrays::compare));
        return out;
    }

    /**
     * The alternative sources of {@code material} when {@code disruptedFacility} is out: facilities other than it that
     * ship the material on some lane, produce it through a mode, or are virgin suppliers of it; in network order.
     */
    public List<String> alternativeSources(String disruptedFacility, String material) {
        int d = network.facilityIndexOf(disruptedFacility);
        int m = materialIds.indexOf(network.material(material).id());
        List<String> ids = new ArrayList<>();
        for (int s : sources(m, d, -1)) ids.add(network.facilities().get(s).id());
        return ids;
    }

    private int[] sources(int m, int disrupted, int customer) {
        String material = materialIds.get(m);
        boolean[] is = new boolean[index.facilityCount];
        for (int l = 0; l < index.laneCount; l++) if (laneMaterial[l] == m) is[index.from[l]] = true;
        for (int v = 0; v < index.facilityCount; v++) {
            Facility f = network.facilities().get(v);
            if (f.type() == FacilityType.VIRGIN_SUPPLIER && material.equals(f.material())) is[v] = true;
            for (Mode mode : f.modes()) if (mode.outputs().getOrDefault(material, 0.0) > 0) is[v] = true;
        }
        is[disrupted] = false;
        if (customer >= 0) is[customer] = false;
        int[] out = new int[index.facilityCount];
        int k = 0;
        for (int v = 0; v < index.facilityCount; v++) if (is[v]) out[k++] = v;
        return Arrays.copyOf(out, k);
    }

    /** Lower bounds on the hops and lead time from every facility to the customer on lanes of material m, without D. */
    private record Bounds(int[] hops, int[] lead) {}

    private Bounds bounds(int m, int customer, int disrupted) {
        int n = index.facilityCount;
        int[] hops = new int[n];
        Arrays.fill(hops, Integer.MAX_VALUE);
        hops[customer] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(customer);
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int k = index.inStart[v]; k < index.inStart[v + 1]; k++) {
                int l = index.inLanes[k];
                int u = index.from[l];
                if (laneMaterial[l] != m || u == disrupted || hops[u] != Integer.MAX_VALUE) continue;
                hops[u] = hops[v] + 1;
                queue.add(u);
            }
        }
        long[] lead = new long[n];
        Arrays.fill(lead, Long.MAX_VALUE);
        lead[customer] = 0;
        PriorityQueue<long[]> heap = new PriorityQueue<>(Comparator.comparingLong(a -> a[0]));
        heap.add(new long[] {0, customer});
        while (!heap.isEmpty()) {
            long[] top = heap.poll();
            int v = (int) top[1];
            if (top[0] > lead[v]) continue;
            for (int k = index.inStart[v]; k < index.inStart[v + 1]; k++) {
                int l = index.inLanes[k];
                int u = index.from[l];
                if (laneMaterial[l] != m || u == disrupted) continue;
                long t = lead[v] + network.lanes().get(l).leadTime();
                if (t < lead[u]) {
                    lead[u] = t;
                    heap.add(new long[] {t, u});
                }
            }
        }
        int[] leadInt = new int[n];
        for (int v = 0; v < n; v++) leadInt[v] = (int) Math.min(Integer.MAX_VALUE, lead[v]);
        return new Bounds(hops, leadInt);
    }

    /** A partial path: its last facility, lane and predecessor, with its cost so far and a lower bound on the total. */
    private record Partial(
            int at, int lane, Partial prev, int hops, long lead, long boundPrimary, long boundSecondary) {
        boolean visits(int v) {
            for (Partial p = this; p != null; p = p.prev) if (p.at == v) return true;
            return false;
        }
    }

    private void enumerate(int m, int source, int customer, int disrupted, Bounds b, List<RecoveryPath> out) {
        boolean hopsFirst = config.order() == Order.HOPS;
        PriorityQueue<Partial> open = new PriorityQueue<>(
                Comparator.comparingLong(Partial::boundPrimary).thenComparingLong(Partial::boundSecondary));
        open.add(partial(source, -1, null, 0, 0, b, hopsFirst));
        int found = 0, expansions = 0;
        while (!open.isEmpty() && found < config.maxPathsPerPair() && expansions < config.maxExpansionsPerPair()) {
            Partial p = open.poll();
            if (p.at == customer) {
                out.add(toPath(m, source, customer, p));
                found++;
                continue;
            }
            expansions++;
            for (int k = index.outStart[p.at]; k < index.outStart[p.at + 1]; k++) {
                int l = index.outLanes[k];
                int w = index.to[l];
                if (laneMaterial[l] != m || w == disrupted || b.hops[w] == Integer.MAX_VALUE) continue;
                int hops = p.hops + 1;
                long lead = p.lead + network.lanes().get(l).leadTime();
                if ((long) hops + b.hops[w] > config.maxHops() || lead + b.lead[w] > config.maxLeadTime()) continue;
                if (p.visits(w)) continue;
                open.add(partial(w, l, p, hops, lead, b, hopsFirst));
            }
        }
    }

    private static Partial partial(int at, int lane, Partial prev, int hops, long lead, Bounds b, boolean hopsFirst) {
        long hb = (long) hops + b.hops[at];
        long lb = lead + b.lead[at];
        return new Partial(at, lane, prev, hops, lead, hopsFirst ? hb : lb, hopsFirst ? lb : hb);
    }

    private RecoveryPath toPath(int m, int source, int customer, Partial end) {
        Lane[] lanes = new Lane[end.hops];
        int i = end.hops;
        for (Partial p = end; p.prev != null; p = p.prev)
            lanes[--i] = network.lanes().get(p.lane);
        return new RecoveryPath(
                materialIds.get(m),
                network.facilities().get(customer).id(),
                network.facilities().get(source).id(),
                List.of(lanes),
                end.hops,
                (int) Math.min(Integer.MAX_VALUE, end.lead));
    }
}
