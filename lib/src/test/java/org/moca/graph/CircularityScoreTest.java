package org.moca.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.cycle.TiernanSimpleCycles;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.Test;

class CircularityScoreTest {

    @Test
    void referenceNetworkLoopsAreFound() {
        SupplyNetwork n = ReferenceNetworks.circularElectronicsNd();
        CircularityScore c = new CircularityScore(n);
        Set<String> acyclic = new HashSet<>();
        for (int l = 0; l < n.lanes().size(); l++)
            if (!c.isCyclic(l)) acyclic.add(n.lanes().get(l).id());
        // supply lanes feed the loop and the landfill lanes leave it; every other lane lies on a cycle
        assertEquals(Set.of("L01", "L02", "L03", "L09", "L13"), acyclic);
        assertEquals(17, c.cyclicLaneCount());
        assertEquals(
                List.of(Set.of(
                        "magnet_plant",
                        "motor_assembly",
                        "market",
                        "collection",
                        "remanufacturer",
                        "recycler_hydro",
                        "recycler_small",
                        "recycler_pyro")),
                c.cyclicComponents().stream().map(Set::copyOf).toList());
        assertEquals(5, c.components().size());
        assertEquals(c.componentOf("market"), c.componentOf("recycler_pyro"));
    }

    @Test
    void scoreIsCyclicMassOverTotalMass() {
        SupplyNetwork n = ReferenceNetworks.circularElectronicsNd();
        double[] mass = new double[n.lanes().size()];
        mass[n.laneIndexOf("L01")] = 7.5; // virgin REO, not on a cycle
        mass[n.laneIndexOf("L19")] = 2.5; // recycled REO, on a cycle
        mass[n.laneIndexOf("L13")] = 10; // e-waste to landfill, not on a cycle
        mass[n.laneIndexOf("L05")] = 57; // motors to market, on a cycle
        CircularityScore c = new CircularityScore(n);
        assertEquals(59.5 / 77.0, c.score(mass), 1e-15);
        assertEquals(new CircularityScore.Measurement(59.5, 77.0), c.measure(mass));
        assertEquals(c.score(mass), CircularityScore.of(n, mass));
    }

    @Test
    void zeroFlowScoresZeroAndBadInputIsRejected() {
        SupplyNetwork n = TestNetworks.of(2, "0>1", "1>0");
        CircularityScore c = new CircularityScore(n);
        assertEquals(0.0, c.score(new double[2]));
        assertThrows(IllegalArgumentException.class, () -> c.score(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> c.score(new double[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> c.score(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> c.score(new double[] {1, Double.POSITIVE_INFINITY}));
    }

    /** The article's sketch added an edge's flow once per cycle through it; a lane on two cycles must count once. */
    @Test
    void laneOnTwoCyclesCountsOnce() {
        // f0 -> f1 lies on f0->f1->f0 and on f0->f1->f2->f0
        SupplyNetwork n = TestNetworks.of(3, "0>1", "1>0", "1>2", "2>0");
        double[] mass = {1, 1, 1, 1};
        assertEquals(1.0, new CircularityScore(n).score(mass));
        assertEquals(
                2,
                new SimpleCycleCircularity(n)
                        .enumerate(Duration.ofSeconds(10))
                        .orElseThrow()
                        .simpleCycles());
        assertEquals(5.0 / 4.0, authorsPerCycleScore(n, mass), 1e-12, "the sketch's measure exceeds 1 here");
    }

    /** Differential test: SCC membership against brute-force simple-cycle enumeration on 150 random multigraphs. */
    @Test
    void agreesWithSimpleCycleEnumerationOnRandomMultigraphs() {
        int withCycles = 0, partial = 0;
        for (long seed = 0; seed < 150; seed++) {
            SplittableRandom rnd = new SplittableRandom(1000 + seed);
            int facilities = 2 + rnd.nextInt(8);
            double density = 0.05 + 0.4 * rnd.nextDouble();
            SupplyNetwork n = TestNetworks.random(seed, facilities, density);
            CircularityScore fast = new CircularityScore(n);
            SimpleCycleCircularity.Result brute = new SimpleCycleCircularity(n)
                    .enumerate(Duration.ofSeconds(30))
                    .orElseThrow();
            assertArrayEquals(brute.cyclicLanes(), fast.cyclicLanes(), "seed " + seed);
            double[] mass = new double[n.lanes().size()];
            for (int l = 0; l < mass.length; l++) mass[l] = rnd.nextDouble() < 0.2 ? 0 : rnd.nextDouble() * 100;
            double score = fast.score(mass);
            assertEquals(brute.score(mass), score, 1e-12, "seed " + seed);
            assertTrue(score >= 0 && score <= 1);
            assertEquals(
                    kosarajuComponents(n),
                    fast.components().stream().map(Set::copyOf).collect(Collectors.toSet()),
                    "seed " + seed);
            assertEquals(tiernanCycleCount(n), brute.simpleCycles(), "seed " + seed);
            if (brute.simpleCycles() > 0) withCycles++;
            if (fast.cyclicLaneCount() > 0 && fast.cyclicLaneCount() < mass.length) partial++;
        }
        // the sample must exercise both outcomes, or the comparison proves little
        assertTrue(withCycles > 50, "graphs with cycles: " + withCycles);
        assertTrue(partial > 30, "graphs with both cyclic and acyclic lanes: " + partial);
    }

    @Test
    void componentsComeInTopologicalOrder() {
        for (long seed = 0; seed < 30; seed++) {
            SupplyNetwork n = TestNetworks.random(seed, 12, 0.12);
            CircularityScore c = new CircularityScore(n);
            for (Lane l : n.lanes())
                assertTrue(c.componentOf(l.from()) <= c.componentOf(l.to()), "seed " + seed + " lane " + l);
        }
    }

    @Test
    void longChainDoesNotOverflowTheStack() {
        int n = 50_000;
        String[] lanes = new String[n];
        for (int i = 0; i < n - 1; i++) lanes[i] = i + ">" + (i + 1);
        lanes[n - 1] = (n - 1) + ">0";
        CircularityScore c = new CircularityScore(TestNetworks.of(n, lanes));
        assertEquals(1, c.components().size());
        double[] mass = new double[n];
        Arrays.fill(mass, 1);
        assertEquals(1.0, c.score(mass));
        assertFalse(new CircularityScore(TestNetworks.of(3, "0>1", "1>2")).isCyclic(0));
    }

    /** The article's measure: every simple cycle adds the flow of each of its edges again. For the regression test only. */
    private static double authorsPerCycleScore(SupplyNetwork n, double[] mass) {
        var g = new DefaultDirectedGraph<String, DefaultEdge>(DefaultEdge.class);
        n.facilities().forEach(f -> g.addVertex(f.id()));
        n.lanes().forEach(l -> g.addEdge(l.from(), l.to()));
        double total = Arrays.stream(mass).sum(), circular = 0;
        for (List<String> cycle : new TiernanSimpleCycles<>(g).findSimpleCycles()) {
            for (int i = 0; i < cycle.size(); i++) {
                String u = cycle.get(i), v = cycle.get((i + 1) % cycle.size());
                for (int l = 0; l < mass.length; l++) {
                    if (n.lanes().get(l).from().equals(u)
                            && n.lanes().get(l).to().equals(v)) circular += mass[l];
                }
            }
        }
        return circular / total;
    }

    private static Set<Set<String>> kosarajuComponents(SupplyNetwork n) {
        return new KosarajuStrongConnectivityInspector<>(n.graph())
                .stronglyConnectedSets().stream().map(Set::copyOf).collect(Collectors.toSet());
    }

    private static long tiernanCycleCount(SupplyNetwork n) {
        var g = new DefaultDirectedGraph<String, DefaultEdge>(DefaultEdge.class);
        n.facilities().forEach(f -> g.addVertex(f.id()));
        n.lanes().forEach(l -> g.addEdge(l.from(), l.to()));
        long[] count = {0};
        new TiernanSimpleCycles<>(g).findSimpleCycles(c -> count[0]++);
        return count[0];
    }
}
