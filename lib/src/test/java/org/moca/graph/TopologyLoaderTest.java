package org.moca.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyLoaderTest {

    @TempDir
    Path tmp;

    /** A small valid topology; each test breaks one thing in one file. */
    private static Map<String, String> valid() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("materials.csv", """
                id,tracked_mass_kg
                ore,1
                part,0.5
                scrap,0.5
                """);
        files.put("facilities.csv", """
                # a comment line
                id,type,material,capacity,demand,unit_cost,return_rate,return_delay,return_material,initial_inventory
                sup,virgin_supplier,ore,10,,1,,,,
                plant,COMPONENT_PLANT,,5,,2,,,,ore:3
                shop,Market,part,,2,,0.5,24,scrap,part:4
                dump,landfill,,,,,,,,
                """);
        files.put("modes.csv", """
                facility,mode,inputs,outputs
                plant,make,ore:1,part:1.5
                """);
        files.put("lanes.csv", """
                id,from,to,material,capacity,lead_time,unit_cost
                a,sup,plant,ore,10,2,0.5
                b,plant,shop,part,10,3,0.25
                c,shop,dump,scrap,10,1,0.1
                """);
        return files;
    }

    private Path write(Map<String, String> files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("topo"));
        for (var e : files.entrySet()) Files.writeString(dir.resolve(e.getKey()), e.getValue());
        return dir;
    }

    private TopologyFormatException failure(String file, String content) throws IOException {
        Map<String, String> files = valid();
        files.put(file, content);
        Path dir = write(files);
        return assertThrows(TopologyFormatException.class, () -> TopologyLoader.load(dir));
    }

    private static void assertLocated(TopologyFormatException e, String file, int line, String field) {
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + (line > 0 ? " line " + line : "")), e.getMessage());
    }

    @Test
    void loadsAValidTopologyWithEmptyCellsAsZeroAndCaseInsensitiveTypes() throws IOException {
        SupplyNetwork n = TopologyLoader.load(write(valid()));
        assertEquals("topo", n.name());
        assertEquals(
                List.of("sup", "plant", "shop", "dump"),
                n.facilities().stream().map(Facility::id).toList());
        Facility shop = n.facility("shop");
        assertEquals(FacilityType.MARKET, shop.type());
        assertEquals(0.0, shop.capacity());
        assertEquals(0.5, shop.returnRate());
        assertEquals(24, shop.returnDelay());
        assertEquals(Map.of("part", 4.0), shop.initialInventory());
        assertEquals(
                new Mode("make", Map.of("ore", 1.0), Map.of("part", 1.5)),
                n.facility("plant").modes().get(0));
        assertEquals(new Lane("b", "plant", "shop", "part", 10, 3, 0.25), n.lane("b"));
    }

    @Test
    void networkYamlNamesTheNetwork() throws IOException {
        Map<String, String> files = valid();
        files.put("network.yaml", "name: tiny loop\n");
        assertEquals("tiny loop", TopologyLoader.load(write(files)).name());
    }

    @Test
    void negativeLaneCapacityNamesFileLineAndField() throws IOException {
        TopologyFormatException e = failure("lanes.csv", """
                # lanes of the tiny network
                #
                # capacity per hour
                id,from,to,material,capacity,lead_time,unit_cost
                a,sup,plant,ore,10,2,0.5

                b,plant,shop,part,-3,3,0.25
                """);
        assertEquals("lanes.csv line 7, field capacity: expected a non-negative number, got \"-3\"", e.getMessage());
    }

    @Test
    void unknownFacilityInALane() throws IOException {
        TopologyFormatException e = failure("lanes.csv", """
                id,from,to,material,capacity,lead_time,unit_cost
                a,sup,plant,ore,10,2,0.5
                b,plant,shopp,part,10,3,0.25
                """);
        assertLocated(e, "lanes.csv", 3, "to");
        assertTrue(e.getMessage().contains("unknown facility shopp"), e.getMessage());
    }

    @Test
    void unknownMaterialInALane() throws IOException {
        TopologyFormatException e = failure("lanes.csv", """
                id,from,to,material,capacity,lead_time,unit_cost
                a,sup,plant,ore,10,2,0.5
                b,plant,shop,gold,10,3,0.25
                """);
        assertLocated(e, "lanes.csv", 3, "material");
    }

    @Test
    void negativeFacilityCapacity() throws IOException {
        TopologyFormatException e = failure("facilities.csv", """
                id,type,material,capacity,demand,unit_cost,return_rate,return_delay,return_material,initial_inventory
                sup,VIRGIN_SUPPLIER,ore,-10,,1,,,,
                plant,COMPONENT_PLANT,,5,,2,,,,
                shop,MARKET,part,,2,,0.5,24,part,
                """);
        assertLocated(e, "facilities.csv", 2, "capacity");
    }

    @Test
    void yieldAboveOneCreatingTrackedMass() throws IOException {
        TopologyFormatException e = failure("modes.csv", """
                facility,mode,inputs,outputs
                plant,make,ore:1,part:2.5
                """);
        assertLocated(e, "modes.csv", 2, "outputs");
        assertTrue(e.getMessage().contains("yield above 1"), e.getMessage());
    }

    @Test
    void recipeInputThatNoLaneDelivers() throws IOException {
        TopologyFormatException e = failure("lanes.csv", """
                id,from,to,material,capacity,lead_time,unit_cost
                b,plant,shop,part,10,3,0.25
                """);
        assertLocated(e, "modes.csv", 2, "inputs");
        assertTrue(
                e.getMessage().contains("input ore of mode make at facility plant is delivered by no lane"),
                e.getMessage());
    }

    @Test
    void duplicateIds() throws IOException {
        assertLocated(failure("facilities.csv", """
                id,type,material,capacity,demand,unit_cost,return_rate,return_delay,return_material,initial_inventory
                sup,VIRGIN_SUPPLIER,ore,10,,1,,,,
                plant,COMPONENT_PLANT,,5,,2,,,,
                sup,MARKET,part,,2,,0.5,24,part,
                """), "facilities.csv", 4, "id");
        assertLocated(failure("lanes.csv", """
                id,from,to,material,capacity,lead_time,unit_cost
                a,sup,plant,ore,10,2,0.5
                a,plant,shop,part,10,3,0.25
                """), "lanes.csv", 3, "id");
        assertLocated(failure("materials.csv", """
                id,tracked_mass_kg
                ore,1
                part,0.5
                ore,2
                """), "materials.csv", 4, "id");
        assertLocated(failure("modes.csv", """
                facility,mode,inputs,outputs
                plant,make,ore:1,part:1.5
                plant,make,ore:1,part:1
                """), "modes.csv", 3, "mode");
    }

    @Test
    void unparsableNumbersAreRejectedNotGuessed() throws IOException {
        for (String bad : List.of("1O", "NaN", "Infinity", "0x1p3", "1d", "", "1,5")) {
            String cell = bad.contains(",") ? "\"" + bad + "\"" : bad;
            TopologyFormatException e = failure("lanes.csv", """
                    id,from,to,material,capacity,lead_time,unit_cost
                    a,sup,plant,ore,10,2,0.5
                    b,plant,shop,part,10,%s,0.25
                    """.formatted(cell));
            assertLocated(e, "lanes.csv", 3, "lead_time");
        }
        assertLocated(failure("materials.csv", """
                id,tracked_mass_kg
                ore,1
                part,heavy
                """), "materials.csv", 3, "tracked_mass_kg");
        assertLocated(failure("facilities.csv", """
                id,type,material,capacity,demand,unit_cost,return_rate,return_delay,return_material,initial_inventory
                sup,VIRGIN_SUPPLIER,ore,10,,1,,,,
                plant,COMPONENT_PLANT,,5,,2,,,,ore:lots
                shop,MARKET,part,,2,,0.5,24,part,
                """), "facilities.csv", 3, "initial_inventory");
    }

    @Test
    void missingAndUnknownColumns() throws IOException {
        assertLocated(failure("lanes.csv", """
                id,from,to,material,capacity,lead_time
                a,sup,plant,ore,10,2
                """), "lanes.csv", 1, "unit_cost");
        assertLocated(failure("lanes.csv", """
                id,from,to,material,capcity,lead_time,unit_cost
                a,sup,plant,ore,10,2,0.5
                """), "lanes.csv", 1, "capcity");
        assertLocated(failure("lanes.csv", """
                id,from,to,material,capacity,lead_time,unit_cost
                a,sup,plant,ore,10,2
                """), "lanes.csv", 2, null);
    }

    @Test
    void unknownFacilityType() throws IOException {
        TopologyFormatException e = failure("facilities.csv", """
                id,type,material,capacity,demand,unit_cost,return_rate,return_delay,return_material,initial_inventory
                sup,VIRGIN_SUPPLIER,ore,10,,1,,,,
                plant,FACTORY,,5,,2,,,,
                shop,MARKET,part,,2,,0.5,24,part,
                """);
        assertLocated(e, "facilities.csv", 3, "type");
        assertTrue(e.getMessage().contains("\"FACTORY\""), e.getMessage());
    }

    @Test
    void crossFieldRulesAreLocatedToo() throws IOException {
        // a market returning goods needs to say as what
        assertLocated(failure("facilities.csv", """
                id,type,material,capacity,demand,unit_cost,return_rate,return_delay,return_material,initial_inventory
                sup,VIRGIN_SUPPLIER,ore,10,,1,,,,
                plant,COMPONENT_PLANT,,5,,2,,,,
                shop,MARKET,part,,2,,0.5,24,,
                """), "facilities.csv", 4, "return_material");
        // a return rate is a share
        assertLocated(failure("facilities.csv", """
                id,type,material,capacity,demand,unit_cost,return_rate,return_delay,return_material,initial_inventory
                sup,VIRGIN_SUPPLIER,ore,10,,1,,,,
                plant,COMPONENT_PLANT,,5,,2,,,,
                shop,MARKET,part,,2,,1.5,24,part,
                """), "facilities.csv", 4, "return_rate");
        // modes only for processors
        assertLocated(failure("modes.csv", """
                facility,mode,inputs,outputs
                plant,make,ore:1,part:1.5
                shop,resell,part:1,part:1
                """), "modes.csv", 3, "facility");
        // a processor without a mode
        assertLocated(failure("modes.csv", """
                facility,mode,inputs,outputs
                """), "facilities.csv", 4, "type");
        // a lane may not loop on one facility
        assertLocated(failure("lanes.csv", """
                id,from,to,material,capacity,lead_time,unit_cost
                a,sup,plant,ore,10,2,0.5
                b,plant,plant,part,10,3,0.25
                """), "lanes.csv", 3, "to");
    }

    @Test
    void missingFileAndBadQuoting() throws IOException {
        Map<String, String> files = valid();
        files.remove("modes.csv");
        Path dir = write(files);
        TopologyFormatException e = assertThrows(TopologyFormatException.class, () -> TopologyLoader.load(dir));
        assertLocated(e, "modes.csv", 0, null);
        assertLocated(failure("lanes.csv", """
                id,from,to,material,capacity,lead_time,unit_cost
                "a,sup,plant,ore,10,2,0.5
                """), "lanes.csv", 2, null);
    }

    @Test
    void encodingAndIdsThatCannotBeRead() throws IOException {
        Map<String, String> files = valid();
        Path dir = write(files);
        Files.write(dir.resolve("materials.csv"), new byte[] {
            'i',
            'd',
            ',',
            't',
            'r',
            'a',
            'c',
            'k',
            'e',
            'd',
            '_',
            'm',
            'a',
            's',
            's',
            '_',
            'k',
            'g',
            '\n',
            'o',
            (byte) 0xE9,
            ',',
            '1',
            '\n'
        });
        assertLocated(
                assertThrows(TopologyFormatException.class, () -> TopologyLoader.load(dir)), "materials.csv", 0, null);
        assertLocated(failure("materials.csv", """
                id,tracked_mass_kg
                ore,1
                part:a,0.5
                """), "materials.csv", 3, "id");
    }

    @Test
    void networkYamlWithAnUnknownKeyIsRejected() throws IOException {
        TopologyFormatException e = failure("network.yaml", "name: x\nnmae: y\n");
        assertLocated(e, "network.yaml", 0, "nmae");
    }

    @Test
    void writerRoundTripsTheReferenceNetwork() {
        SupplyNetwork ref = ReferenceNetworks.circularElectronicsNd();
        Path dir = tmp.resolve("copy");
        TopologyWriter.write(ref, dir);
        SupplyNetwork back = TopologyLoader.load(dir);
        assertSameNetwork(ref, back);
        assertTrue(Files.exists(dir.resolve("network.yaml")), "the name differs from the directory, so it is written");
    }

    static void assertSameNetwork(SupplyNetwork expected, SupplyNetwork actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(
                List.copyOf(expected.materials().values()),
                List.copyOf(actual.materials().values()));
        assertEquals(expected.facilities(), actual.facilities());
        assertEquals(expected.lanes(), actual.lanes());
    }
}
