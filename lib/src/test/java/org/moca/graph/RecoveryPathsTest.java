package org.moca.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecoveryPathsTest {

    private static final SupplyNetwork REF = ReferenceNetworks.circularElectronicsNd();

    private static List<String> describe(List<RecoveryPaths.RecoveryPath> paths) {
        return paths.stream()
                .map(p -> p.material() + " " + p.source() + "->" + p.customer() + " "
                        + p.path().stream().map(Lane::id).toList() + " " + p.hops() + "h " + p.leadTime() + "t")
                .toList();
    }

    @Test
    void primaryRareEarthOutage() {
        RecoveryPaths rp = new RecoveryPaths(REF);
        assertEquals(
                List.of(
                        "reo recycler_small->magnet_plant [L20] 1h 8t",
                        "reo recycler_hydro->magnet_plant [L19] 1h 12t",
                        "reo reo_backup->magnet_plant [L02] 1h 20t",
                        "reo recycler_pyro->magnet_plant [L21] 1h 24t"),
                describe(rp.find("reo_primary")));
        assertEquals(
                List.of("reo_backup", "recycler_hydro", "recycler_small", "recycler_pyro"),
                rp.alternativeSources("reo_primary", "reo"));
        // within a 12-hour lead-time budget only the hydrometallurgical recyclers are fast enough
        assertEquals(
                List.of("recycler_small", "recycler_hydro"),
                new RecoveryPaths(REF, RecoveryPaths.Config.withinLeadTime(12))
                        .find("reo_primary").stream()
                                .map(RecoveryPaths.RecoveryPath::source)
                                .toList());
    }

    @Test
    void magnetPlantOutageLeavesOnlyHarvestedMagnets() {
        assertEquals(
                List.of("magnet remanufacturer->motor_assembly [L15] 1h 6t"),
                describe(new RecoveryPaths(REF).find("magnet_plant")));
    }

    @Test
    void collectionIsASinglePointOfFailure() {
        RecoveryPaths rp = new RecoveryPaths(REF);
        assertEquals(List.of(), rp.find("collection"));
        // the market still has the end-of-life motors, but no lane that bypasses collection
        assertEquals(List.of("market"), rp.alternativeSources("collection", "eol_motor"));
    }

    /** The sketch counted nodes: its "5 steps" allowed only 4 lanes. Here a budget of 5 hops admits 5 lanes. */
    @Test
    void hopsCountLanesNotFacilities() {
        // f0 -> f1 (disrupted) -> f2 (customer); detour f0 -> f3 -> f4 -> f5 -> f6 -> f2 of five lanes
        SupplyNetwork n = TestNetworks.of(8, "0>1", "1>2", "0>3", "3>4", "4>5", "5>6", "6>2", "7>0");
        Map<String, Integer> hopsBySource = new HashMap<>();
        for (var p : new RecoveryPaths(n).find("f1")) {
            hopsBySource.put(p.source(), p.hops());
            assertEquals(p.hops(), p.path().size());
        }
        assertEquals(Map.of("f6", 1, "f5", 2, "f4", 3, "f3", 4, "f0", 5), hopsBySource, "f7 needs 6 lanes");
        assertFalse(new RecoveryPaths(n, RecoveryPaths.Config.withinHops(4))
                .find("f1").stream().anyMatch(p -> p.source().equals("f0")));
        assertTrue(new RecoveryPaths(n, RecoveryPaths.Config.withinHops(6))
                .find("f1").stream().anyMatch(p -> p.source().equals("f7")));
    }

    /** The sketch's paths all started at the disrupted node; none of ours may even pass through it. */
    @Test
    void pathsAvoidTheDisruptedFacilityAndAreWellFormed() {
        for (long seed = 0; seed < 40; seed++) {
            SupplyNetwork n = TestNetworks.random(seed, 9, 0.25);
            String d = n.facilities().get((int) (seed % 9)).id();
            for (var p : new RecoveryPaths(n).find(d)) {
                assertFalse(p.source().equals(d));
                String at = p.source();
                Set<String> seen = new HashSet<>(List.of(at));
                int lead = 0;
                for (Lane l : p.path()) {
                    assertEquals(at, l.from());
                    assertEquals(p.material(), l.material());
                    assertFalse(l.to().equals(d) || l.from().equals(d), "seed " + seed + " " + p);
                    assertTrue(seen.add(l.to()), "not simple: " + p);
                    at = l.to();
                    lead += l.leadTime();
                }
                assertEquals(p.customer(), at);
                assertEquals(lead, p.leadTime());
                assertTrue(p.hops() <= 5);
            }
        }
    }

    /** Differential test: best-first enumeration against plain depth-first enumeration of all simple paths. */
    @Test
    void agreesWithExhaustiveEnumerationAndCapsKeepTheShortest() {
        int compared = 0;
        for (long seed = 0; seed < 100; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed * 31 + 7);
            int size = 4 + rnd.nextInt(6);
            SupplyNetwork n = TestNetworks.random(seed, size, 0.15 + 0.3 * rnd.nextDouble());
            String d = n.facilities().get(rnd.nextInt(size)).id();
            int maxHops = 1 + rnd.nextInt(5);
            int maxLead = rnd.nextBoolean() ? Integer.MAX_VALUE : 3 + rnd.nextInt(12);
            RecoveryPaths.Order order = rnd.nextBoolean() ? RecoveryPaths.Order.HOPS : RecoveryPaths.Order.LEAD_TIME;
            var all = new RecoveryPaths(n, new RecoveryPaths.Config(maxHops, maxLead, 1_000_000, 10_000_000, order))
                    .find(d);
            Map<String, List<int[]>> expected = exhaustive(n, d, maxHops, maxLead);
            Map<String, List<int[]>> actual = new HashMap<>();
            for (var p : all)
                actual.computeIfAbsent(p.source() + ">" + p.customer(), k -> new ArrayList<>())
                        .add(new int[] {p.hops(), p.leadTime()});
            assertEquals(keys(expected), keys(actual), "seed " + seed);
            compared += all.size();
            // with a cap of 2 per pair, each pair keeps its 2 shortest under the chosen order
            var capped = new RecoveryPaths(n, new RecoveryPaths.Config(maxHops, maxLead, 2, 10_000_000, order)).find(d);
            Map<String, List<int[]>> cappedByPair = new HashMap<>();
            for (var p : capped)
                cappedByPair
                        .computeIfAbsent(p.source() + ">" + p.customer(), k -> new ArrayList<>())
                        .add(new int[] {p.hops(), p.leadTime()});
            for (var e : expected.entrySet()) {
                List<String> sorted = sortedKeys(e.getValue(), order);
                assertEquals(
                        sorted.subList(0, Math.min(2, sorted.size())),
                        sortedKeys(cappedByPair.get(e.getKey()), order),
                        "seed " + seed);
            }
        }
        assertTrue(compared > 200, "the random sample must contain paths: " + compared);
    }

    @Test
    void configNamesTheBadField() {
        var e = assertThrows(IllegalArgumentException.class, () -> RecoveryPaths.Config.withinHops(0));
        assertTrue(e.getMessage().startsWith("maxHops"));
        assertThrows(IllegalArgumentException.class, () -> new RecoveryPaths(REF).find("nowhere"));
    }

    /** All simple paths on single-material test networks, by plain DFS, keyed "source>customer" -> (hops, lead). */
    private static Map<String, List<int[]>> exhaustive(SupplyNetwork n, String d, int maxHops, int maxLead) {
        Map<String, List<int[]>> out = new HashMap<>();
        Set<String> customers = new HashSet<>();
        n.outgoing(d).forEach(l -> customers.add(l.to()));
        Set<String> sources = new HashSet<>();
        n.lanes().forEach(l -> sources.add(l.from()));
        for (String c : customers) {
            for (String s : sources) {
                if (s.equals(d) || s.equals(c)) continue;
                List<String> path = new ArrayList<>(List.of(s));
                dfs(n, d, c, s, 0, 0, maxHops, maxLead, path, out.computeIfAbsent(s + ">" + c, k -> new ArrayList<>()));
            }
        }
        out.values().removeIf(List::isEmpty);
        return out;
    }

    private static void dfs(
            SupplyNetwork n,
            String d,
            String c,
            String at,
            int hops,
            int lead,
            int maxHops,
            int maxLead,
            List<String> path,
            List<int[]> found) {
        if (at.equals(c)) {
            found.add(new int[] {hops, lead});
            return;
        }
        for (Lane l : n.outgoing(at)) {
            int t = lead + l.leadTime();
            if (l.to().equals(d) || path.contains(l.to()) || hops + 1 > maxHops || t > maxLead) continue;
            path.add(l.to());
            dfs(n, d, c, l.to(), hops + 1, t, maxHops, maxLead, path, found);
            path.remove(path.size() - 1);
        }
    }

    private static Map<String, List<String>> keys(Map<String, List<int[]>> m) {
        Map<String, List<String>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, sortedKeys(v, RecoveryPaths.Order.HOPS)));
        return out;
    }

    private static List<String> sortedKeys(List<int[]> v, RecoveryPaths.Order order) {
        if (v == null) return List.of();
        return v.stream()
                .sorted(
                        order == RecoveryPaths.Order.HOPS
                                ? java.util.Comparator.<int[]>comparingInt(a -> a[0])
                                        .thenComparingInt(a -> a[1])
                                : java.util.Comparator.<int[]>comparingInt(a -> a[1])
                                        .thenComparingInt(a -> a[0]))
                .map(a -> a[0] + "/" + a[1])
                .toList();
    }
}
