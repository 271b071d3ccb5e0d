package org.moca.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;

class ScenarioFamiliesTest {

    @Test
    void referenceFamiliesLoadAndDiffer() {
        ScenarioFamily train = ScenarioFamilies.training(), test = ScenarioFamilies.blackSwan();
        assertEquals("training", train.name());
        assertEquals("black-swan", test.name());
        for (Scenario s : test.sample(30, 1)) {
            Disruption first = s.disruptions().get(0);
            assertEquals(DisruptionType.SUPPLIER_OUTAGE, first.type());
            assertEquals("reo_primary", first.target());
            assertEquals(72, first.duration());
            assertEquals(1.0, first.severity());
            assertEquals(s.onset(), first.onset());
        }
        // the shift: no training scenario contains a full 72-hour primary outage
        for (Scenario s : train.sample(300, 2)) {
            for (Disruption d : s.disruptions()) {
                assertTrue(!(d.target().equals("reo_primary") && d.severity() == 1.0 && d.duration() >= 72), s.label());
            }
        }
    }

    @Test
    void theTrainingFamilyDemonstratesEveryLeverTheTestsNeedWithoutTheirDisruptions() {
        List<Scenario> train = ScenarioFamilies.training().sample(400, 4);
        // full outages of the primary, but shorter than the black swan's 72 h: buying from the backup is demonstrated
        assertTrue(train.stream()
                .anyMatch(s -> s.disruptions().stream()
                        .anyMatch(d -> d.target().equals("reo_primary") && d.severity() == 1.0 && d.duration() < 72)));
        // the backup source short or its lane late while the primary is partly out: the circular levers are needed
        assertTrue(train.stream()
                .anyMatch(s -> s.disruptions().stream().anyMatch(d -> d.target().equals("reo_backup"))));
        assertTrue(train.stream()
                .anyMatch(s -> s.disruptions().stream()
                        .anyMatch(d -> d.target().equals("L02") && d.type() == DisruptionType.LOGISTICS_DELAY)));
        // and no variant of the validation family (the tuning family) is a test variant or a training variant
        List<String> validation = ScenarioFamilies.validation().variants().stream()
                .map(ScenarioVariant::name)
                .toList();
        for (ScenarioFamily other : List.of(ScenarioFamilies.training(), ScenarioFamilies.blackSwan()))
            for (ScenarioVariant v : other.variants()) assertTrue(!validation.contains(v.name()), v.name());
        assertEquals(
                ScenarioFamilies.validation().sample(5, 1),
                ScenarioFamilies.resolve("validation").sample(5, 1));
    }

    @Test
    void samplingIsSeededAndPrefixStable() {
        ScenarioFamily f = ScenarioFamilies.training();
        List<Scenario> a = f.sample(20, 5), b = f.sample(20, 5), c = f.sample(40, 5), d = f.sample(20, 6);
        assertEquals(a, b);
        assertEquals(a, c.subList(0, 20));
        assertNotEquals(a, d);
    }

    @Test
    void everyVariantIsDrawnInRoughProportion() {
        List<Scenario> s = ScenarioFamilies.blackSwan().sample(900, 3);
        for (String v : List.of("primary-outage", "primary-outage+recycler-loss", "primary-outage+demand-shock")) {
            long n = s.stream().filter(x -> x.variant().equals(v)).count();
            assertTrue(Math.abs(n - 300) < 60, v + " drawn " + n + " times of 900");
        }
    }

    @Test
    void malformedYamlNamesFileLineAndKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                name: bad
                warmupHours: 48
                horizonHours: 96
                variants:
                  - name: v
                    weight: 1
                    disruptions:
                      - {type: SUPPLIER_OUTAGE, targets: [x], severity: [0.9, 0.2], duration: [1, 2]}
                """);
        var e = assertThrows(IllegalArgumentException.class, () -> ScenarioFamilies.load(f));
        assertTrue(
                e.getMessage().contains("bad.yaml:8:")
                        && e.getMessage().contains("variants[0].disruptions[0].severity"),
                e.getMessage());

        Files.writeString(
                f,
                "name: bad\nwarmupHours: 48\nhorizonHours: 96\ncolour: red\nvariants:\n  - name: v\n    weight: 1\n    disruptions:\n      - {type: DEMAND_SHOCK, targets: [m], severity: [0.1, 0.2], duration: [1, 2]}\n");
        e = assertThrows(IllegalArgumentException.class, () -> ScenarioFamilies.load(f));
        assertTrue(
                e.getMessage().contains("unknown key 'colour'")
                        && e.getMessage().contains("bad.yaml:4:"),
                e.getMessage());

        Files.writeString(f, "name: bad\nwarmupHours: 48\nhorizonHours: 96\n");
        e = assertThrows(IllegalArgumentException.class, () -> ScenarioFamilies.load(f));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("variants"), e.getMessage());

        Files.writeString(f, "name: bad\nwarmupHours: forty\nhorizonHours: 96\nvariants: []\n");
        e = assertThrows(IllegalArgumentException.class, () -> ScenarioFamilies.load(f));
        assertTrue(e.getMessage().contains("warmupHours") && e.getMessage().contains("bad.yaml:2:"), e.getMessage());
    }

    @Test
    void taskAtOnsetSplitsSupportAndQuery() {
        Scenario s = ScenarioFamilies.blackSwan().sample(1, 1).get(0);
        Task t = Task.atOnset(s, 6, 48);
        assertEquals(s.onset(), t.supportFrom());
        assertEquals(s.onset() + 6, t.supportTo());
        assertEquals(s.onset() + 6, t.queryFrom());
        assertEquals(s.onset() + 48, t.queryTo());
    }

    @Test
    void everyShippedFamilyLoadsAndFitsItsOwnTopologyAndTheListMatchesTheFiles() throws Exception {
        for (String topology : org.moca.graph.ReferenceNetworks.SHIPPED) {
            Path dir = Path.of("..", ScenarioFamilies.SCENARIOS_ROOT, topology);
            List<String> files;
            try (var s = Files.list(dir)) {
                files = s.map(p -> p.getFileName().toString().replace(".yaml", ""))
                        .sorted()
                        .toList();
            }
            assertEquals(
                    files,
                    ScenarioFamilies.familiesOf(topology).stream().sorted().toList(),
                    "the short names of " + topology + " are its files");
            var use = new ScenarioFamilies.Use(topology, org.moca.graph.ReferenceNetworks.resolve(topology), 48);
            for (String name : files)
                assertEquals(name, ScenarioFamilies.resolve(name, "test", use).name());
            String test = ScenarioFamilies.defaultTestFamily(topology, "--scenario");
            assertTrue(files.contains(test), test);
        }
        // the other topology's family by name is an error naming the topology's own families
        var battery = new ScenarioFamilies.Use(
                "circular-batteries-nmc", org.moca.graph.ReferenceNetworks.resolve("circular-batteries-nmc"), 48);
        var e = assertThrows(
                IllegalArgumentException.class, () -> ScenarioFamilies.resolve("black-swan", "--scenario", battery));
        assertTrue(e.getMessage().contains("lithium-crunch"), e.getMessage());
    }

    @Test
    void aDisruptionThatCouldStartAfterTheHorizonIsRejectedAlsoWhenBuiltInCode() {
        DisruptionSpec late = new DisruptionSpec(
                DisruptionType.SUPPLIER_OUTAGE, List.of("x"), new double[] {1, 1}, new int[] {1, 1}, new int[] {0, 72});
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new ScenarioFamily("f", 48, 72, List.of(new ScenarioVariant("v", 1, List.of(late)))));
        assertTrue(e.getMessage().startsWith("variants[0].disruptions[0].onsetDelay"), e.getMessage());
        new ScenarioFamily("f", 48, 73, List.of(new ScenarioVariant("v", 1, List.of(late)))); // 72 < 73: can happen
    }
}
