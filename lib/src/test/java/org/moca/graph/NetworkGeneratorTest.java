package org.moca.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkGeneratorTest {

    private static SupplyNetwork generate(int n, long seed) {
        return new NetworkGenerator(NetworkGenerator.Config.withFacilities(n)).generate(seed);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 11, 15, 19, 20, 37, 100, 1000, 10_000})
    void exactFacilityCountAndValidStructure(int n) {
        for (long seed = 0; seed < (n <= 100 ? 10 : 1); seed++) {
            SupplyNetwork net = generate(n, seed);
            assertEquals(n, net.facilities().size(), "seed " + seed);
            Map<String, Integer> suppliersPerRaw = new HashMap<>();
            for (Facility f : net.facilities()) {
                if (f.type() == FacilityType.VIRGIN_SUPPLIER) suppliersPerRaw.merge(f.material(), 1, Integer::sum);
                Set<String> delivered = new HashSet<>();
                net.incoming(f.id()).forEach(l -> delivered.add(l.material()));
                for (Mode m : f.modes())
                    assertTrue(delivered.containsAll(m.inputs().keySet()), f.id() + " " + m);
            }
            suppliersPerRaw.forEach((raw, k) -> assertTrue(k >= 2, raw + " has " + k + " suppliers"));
            for (Lane l : net.lanes()) {
                assertTrue(l.leadTime() >= 2 && l.leadTime() <= 72, l.toString());
                assertTrue(l.capacity() >= 1, l.toString());
            }
        }
    }

    @Test
    void sameSeedSameNetworkOtherSeedOtherNetwork() {
        SupplyNetwork a = generate(500, 42), b = generate(500, 42), c = generate(500, 43);
        TopologyLoaderTest.assertSameNetwork(a, b);
        assertNotEquals(a.lanes(), c.lanes());
    }

    @Test
    void everyProductLineClosesItsLoop() {
        for (int n : new int[] {10, 60, 2000}) {
            SupplyNetwork net = generate(n, 5);
            CircularityScore c = new CircularityScore(net);
            int lines = 0;
            for (Facility f : net.facilities()) {
                if (f.type() != FacilityType.MARKET || !f.id().endsWith("-market-0")) continue;
                String line = f.id().substring(0, f.id().indexOf('-'));
                lines++;
                int scc = c.componentOf(f.id());
                for (String role : new String[] {"component", "assembly", "collection", "recycler", "reman"}) {
                    assertEquals(scc, c.componentOf(line + "-" + role + "-0"), "n " + n + " " + line + " " + role);
                }
            }
            assertTrue(lines >= 1);
            double[] mass = new double[net.lanes().size()];
            java.util.Arrays.fill(mass, 1);
            double score = c.score(mass);
            assertTrue(score > 0.4 && score < 1, "n " + n + " score " + score);
        }
    }

    @Test
    void roundTripsThroughTheWriter(@TempDir Path tmp) {
        SupplyNetwork gen = generate(60, 7);
        Path dir = tmp.resolve(gen.name());
        TopologyWriter.write(gen, dir);
        TopologyLoaderTest.assertSameNetwork(gen, TopologyLoader.load(dir));
    }

    @Test
    void configNamesTheBadField() {
        var e = assertThrows(IllegalArgumentException.class, () -> NetworkGenerator.Config.withFacilities(9));
        assertTrue(e.getMessage().startsWith("facilities"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NetworkGenerator.Config(100, 40, 1.5));
        assertTrue(e.getMessage().startsWith("extraLaneProbability"), e.getMessage());
    }
}
