package org.moca.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small networks for graph-algorithm tests: pass-through facilities (no recipes) joined by arbitrary lanes. */
final class TestNetworks {

    private TestNetworks() {}

    /** A network with facilities {@code f0..f(n-1)} and the given lanes, written {@code "from>to"} by index. */
    static SupplyNetwork of(int n, String... lanes) {
        List<int[]> pairs = new ArrayList<>();
        for (String l : lanes) {
            String[] p = l.split(">", -1);
            pairs.add(new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])});
        }
        return build("test", n, pairs);
    }

    /**
     * A random directed multigraph on {@code n} facilities: each ordered pair gets a lane with probability
     * {@code density}, and a parallel second lane with probability {@code density / 3}.
     */
    static SupplyNetwork random(long seed, int n, double density) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<int[]> pairs = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                if (u == v) continue;
                if (rnd.nextDouble() < density) pairs.add(new int[] {u, v});
                if (rnd.nextDouble() < density / 3) pairs.add(new int[] {u, v});
            }
        }
        // shuffle so that lane order is unrelated to facility order
        for (int i = pairs.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int[] t = pairs.get(i);
            pairs.set(i, pairs.get(j));
            pairs.set(j, t);
        }
        return build("random-" + seed, n, pairs);
    }

    private static SupplyNetwork build(String name, int n, List<int[]> pairs) {
        List<Facility> facilities = new ArrayList<>();
        for (int i = 0; i < n; i++) facilities.add(Facility.collection("f" + i, null, 0, Map.of()));
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            int[] p = pairs.get(i);
            lanes.add(new Lane("l" + i, "f" + p[0], "f" + p[1], "x", 10, 1 + (i % 5), 1));
        }
        return new SupplyNetwork(name, List.of(new Material("x", 1)), facilities, lanes);
    }
}
