package org.moca.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantically empty topologies (issue 13, item 3): each one is structurally valid, was loaded without complaint
 * before {@link TopologyValidator}, and must now fail with the file, the line and the field at fault.
 */
class TopologyValidatorTest {

    @TempDir
    Path tmp;

    /**
     * A small meaningful loop — sup -> plant -> shop -> bin -> (recycler -> plant | dump) — as lines per file. Line
     * numbers: facilities.csv sup 2, plant 3, shop 4, bin 5, recycler 6, dump 7; modes.csv make 2, melt 3; lanes.csv a
     * 2 ... f 7.
     */
    private static Map<String, List<String>> valid() {
        Map<String, List<String>> files = new LinkedHashMap<>();
        files.put("materials.csv", lines("id,tracked_mass_kg", "ore,1", "part,0.5", "eol,0.5"));
        files.put(
                "facilities.csv",
                lines(
                        "id,type,material,capacity,demand,unit_cost,return_rate,return_delay,return_material,"
                                + "initial_inventory",
                        "sup,VIRGIN_SUPPLIER,ore,10,,1,,,,",
                        "plant,COMPONENT_PLANT,,5,,2,,,,ore:3",
                        "shop,MARKET,part,,2,,0.5,24,eol,part:4",
                        "bin,COLLECTION,,,,,,,,",
                        "recycler,RECYCLER,,4,,1,,,,",
                        "dump,LANDFILL,,,,,,,,"));
        files.put(
                "modes.csv",
                lines("facility,mode,inputs,outputs", "plant,make,ore:1,part:1.5", "recycler,melt,eol:1,ore:0.4"));
        files.put(
                "lanes.csv",
                lines(
                        "id,from,to,material,capacity,lead_time,unit_cost",
                        "a,sup,plant,ore,10,2,0.5",
                        "b,plant,shop,part,10,3,0.25",
                        "c,shop,bin,eol,10,2,0.1",
                        "d,bin,recycler,eol,10,2,0.1",
                        "e,bin,dump,eol,10,1,0.1",
                        "f,recycler,plant,ore,10,2,0.1"));
        return files;
    }

    private static List<String> lines(String... lines) {
        return new ArrayList<>(List.of(lines));
    }

    private Path write(Map<String, List<String>> files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("topo"));
        for (var e : files.entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
        return dir;
    }

    private TopologyFormatException failure(Map<String, List<String>> files) throws IOException {
        Path dir = write(files);
        return assertThrows(TopologyFormatException.class, () -> TopologyLoader.load(dir));
    }

    /** The topology with line {@code line} (1-based) of {@code file} replaced. */
    private static Map<String, List<String>> replace(String file, int line, String content) {
        Map<String, List<String>> files = valid();
        files.get(file).set(line - 1, content);
        return files;
    }

    /** The topology with rows appended to {@code file}. */
    private static Map<String, List<String>> append(Map<String, List<String>> files, String file, String... rows) {
        files.get(file).addAll(List.of(rows));
        return files;
    }

    private static void assertLocated(TopologyFormatException e, String file, int line, String field, String says) {
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + " line " + line + ", field " + field + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void theFixtureIsMeaningful() throws IOException {
        SupplyNetwork n = TopologyLoader.load(write(valid()));
        assertEquals(List.of(), TopologyValidator.defects(n));
        assertEquals(6, n.facilities().size());
    }

    // ---- the classes of issue 13, item 3 ----

    @Test
    void allCapacitiesZero() throws IOException {
        Map<String, List<String>> files = valid();
        files.put(
                "facilities.csv",
                lines(
                        files.get("facilities.csv").get(0),
                        "sup,VIRGIN_SUPPLIER,ore,0,,1,,,,",
                        "plant,COMPONENT_PLANT,,0,,2,,,,ore:3",
                        "shop,MARKET,part,,2,,0.5,24,eol,part:4",
                        "bin,COLLECTION,,,,,,,,",
                        "recycler,RECYCLER,,0,,1,,,,",
                        "dump,LANDFILL,,,,,,,,"));
        files.get("lanes.csv").replaceAll(l -> l.replace(",10,", ",0,"));
        assertLocated(failure(files), "facilities.csv", 2, "capacity", "can never supply anything");
    }

    @Test
    void aZeroCapacityAnywhereIsIdleForever() throws IOException {
        assertLocated(
                failure(replace("facilities.csv", 6, "recycler,RECYCLER,,0,,1,,,,")),
                "facilities.csv",
                6,
                "capacity",
                "can never process anything");
        assertLocated(
                failure(replace("lanes.csv", 5, "d,bin,recycler,eol,0,2,0.1")),
                "lanes.csv",
                5,
                "capacity",
                "can never carry anything");
        assertLocated(
                failure(replace("facilities.csv", 4, "shop,MARKET,part,,0,,0.5,24,eol,part:4")),
                "facilities.csv",
                4,
                "demand",
                "no service level");
        assertLocated(
                failure(replace("facilities.csv", 5, "bin,COLLECTION,eol,0,,,,,,")),
                "facilities.csv",
                5,
                "capacity",
                "inflow (capacity) is 0");
    }

    @Test
    void aLaneCarryingAMaterialItsSourceNeverHoldsOrProduces() throws IOException {
        TopologyFormatException e =
                failure(append(valid(), "lanes.csv", "g,sup,bin,part,10,2,0.1", "h,bin,dump,part,10,1,0.1"));
        assertLocated(e, "lanes.csv", 8, "material", "lane g carries part from sup, which never holds part");
        assertTrue(e.getMessage().endsWith("sup holds only ore"), e.getMessage());
    }

    @Test
    void aLaneBringingAMaterialItsDestinationCannotUse() throws IOException {
        TopologyFormatException e = failure(append(valid(), "lanes.csv", "g,sup,shop,ore,10,2,0.1"));
        assertLocated(e, "lanes.csv", 8, "material", "lane g brings ore to shop, which cannot use it: shop sells only");
        // a recycler that neither takes nor ships what it is sent
        assertLocated(
                failure(append(valid(), "lanes.csv", "g,plant,recycler,part,10,2,0.1")),
                "lanes.csv",
                8,
                "material",
                "recycler takes only eol in its modes, and no lane carries part on from it");
    }

    @Test
    void aLaneIntoAFacilityThatShipsTheMaterialOnIsTransshipmentAndFine() throws IOException {
        // the recycler does not use ore, but it ships ore to the plant, so it can pass the supplier's ore on
        SupplyNetwork n = TopologyLoader.load(write(append(valid(), "lanes.csv", "g,sup,recycler,ore,10,2,0.1")));
        assertEquals(7, n.lanes().size());
    }

    @Test
    void aFacilityWithNoLanes() throws IOException {
        assertLocated(
                failure(append(valid(), "facilities.csv", "dump2,LANDFILL,,,,,,,,")),
                "facilities.csv",
                8,
                "id",
                "dump2 has no lanes");
    }

    @Test
    void aMarketWhoseProductNoLaneDelivers() throws IOException {
        Map<String, List<String>> files = append(valid(), "facilities.csv", "shop2,MARKET,part,,1,,0.3,24,eol,part:2");
        append(files, "lanes.csv", "g,shop2,bin,eol,10,2,0.1");
        assertLocated(
                failure(files),
                "facilities.csv",
                8,
                "material",
                "no lane delivers part to market shop2: it could never sell anything beyond its initial stock");
    }

    @Test
    void aMarketFedOnlyByALaneThatNeverCarriesAnything() throws IOException {
        // plant2 -> shop2, but plant2 only gets ore from recycler2, which only gets eol from plant2's ... nothing:
        // a transshipment loop between two collections, with no source anywhere
        Map<String, List<String>> files = valid();
        append(
                files,
                "facilities.csv",
                "hubA,COLLECTION,,,,,,,,",
                "hubB,COLLECTION,,,,,,,,",
                "shop2,MARKET,part,,1,,,,,");
        append(
                files,
                "lanes.csv",
                "g,hubA,hubB,part,10,2,0.1",
                "h,hubB,hubA,part,10,2,0.1",
                "i,hubB,shop2,part,10,2,0.1");
        assertLocated(failure(files), "facilities.csv", 10, "material", "no part can ever reach market shop2");
    }

    @Test
    void aRecipeWhoseOutputIsItsOwnInput() throws IOException {
        // magnet-plant style catalyst: part feeds the making of part; shop sends part back to the plant
        Map<String, List<String>> files = replace("modes.csv", 2, "plant,make,ore:1;part:1,part:2.5");
        append(files, "lanes.csv", "g,shop,plant,part,10,2,0.1");
        assertLocated(failure(files), "modes.csv", 2, "outputs", "output part of mode make at plant is also its input");
    }

    @Test
    void aChainOfRecipesAtOneFacilityThatFeedsItsOwnInput() throws IOException {
        // melt turns eol into ore, unmelt ore back into eol: eol -> ore -> eol inside the recycler
        Map<String, List<String>> files = append(valid(), "modes.csv", "recycler,unmelt,ore:1,eol:1.5");
        append(files, "lanes.csv", "g,sup,recycler,ore,10,2,0.1");
        assertLocated(
                failure(files),
                "modes.csv",
                3,
                "outputs",
                "output ore of mode melt at recycler comes back as its input through other recipes of recycler"
                        + " (eol -> ore -> eol)");
        // a longer chain over three modes is a loop as well
        files = append(valid(), "modes.csv", "recycler,smelt,ore:1,part:1", "recycler,grind,part:1,eol:0.9");
        append(files, "lanes.csv", "g,sup,recycler,ore,10,2,0.1", "h,plant,recycler,part,10,2,0.1");
        assertLocated(failure(files), "modes.csv", 3, "outputs", "(eol -> ore -> part -> eol)");
    }

    @Test
    void twoRecipesInSequenceWithoutALoopAreFine() throws IOException {
        // eol -> ore (melt) and ore -> part (refine) at one recycler: a chain, not a loop (SupplyNetwork wants every
        // recipe input delivered by some lane, so the supplier sends ore there too)
        Map<String, List<String>> files = append(valid(), "modes.csv", "recycler,refine,ore:1,part:0.9");
        append(files, "lanes.csv", "g,recycler,shop,part,10,2,0.1", "h,sup,recycler,ore,10,2,0.1");
        assertEquals(List.of(), TopologyValidator.defects(TopologyLoader.load(write(files))));
    }

    @Test
    void anAbsurdlyLargeNumberIsAnInputErrorAtItsCell() throws IOException {
        // demand 1e308 used to overflow the steady-state LP into "INFEASIBLE" and a stack trace
        Map<String, List<String>> files = replace("facilities.csv", 4, "shop,MARKET,part,,1e308,,0.5,24,eol,part:4");
        assertLocated(failure(files), "facilities.csv", 4, "demand", "at most 1e12");
        files = replace("modes.csv", 2, "plant,make,ore:1,part:2e12");
        assertLocated(failure(files), "modes.csv", 2, "outputs", "at most 1e12");
        // the ceiling itself is allowed (the yield rule then applies)
        files = replace("lanes.csv", 2, "a,sup,plant,ore,1e12,2,0.5");
        assertEquals(1e12, TopologyLoader.load(write(files)).lane("a").capacity());
    }

    // ---- what else makes a network meaningless ----

    @Test
    void aMaterialNothingUses() throws IOException {
        assertLocated(
                failure(append(valid(), "materials.csv", "gold,1")),
                "materials.csv",
                5,
                "id",
                "material gold is used by no facility, mode or lane");
    }

    @Test
    void aFieldTheTypeIgnores() throws IOException {
        assertLocated(
                failure(replace("facilities.csv", 4, "shop,MARKET,part,3,2,,0.5,24,eol,part:4")),
                "facilities.csv",
                4,
                "capacity",
                "a MARKET does not use capacity (got 3, which would be silently ignored)");
        assertLocated(
                failure(replace("facilities.csv", 2, "sup,VIRGIN_SUPPLIER,ore,10,5,1,,,,")),
                "facilities.csv",
                2,
                "demand",
                "a VIRGIN_SUPPLIER does not use demand");
        assertLocated(
                failure(replace("facilities.csv", 3, "plant,COMPONENT_PLANT,part,5,,2,,,,ore:3")),
                "facilities.csv",
                3,
                "material",
                "does not use material");
        assertLocated(
                failure(replace("facilities.csv", 7, "dump,LANDFILL,,,,3,,,,")),
                "facilities.csv",
                7,
                "unit_cost",
                "a LANDFILL does not use unit_cost");
        assertLocated(
                failure(replace("facilities.csv", 5, "bin,COLLECTION,,,,,0.5,,,")),
                "facilities.csv",
                5,
                "return_rate",
                "a COLLECTION does not use return_rate");
    }

    @Test
    void returnsThatAreTheProductOrGoNowhere() throws IOException {
        assertLocated(
                failure(replace("facilities.csv", 4, "shop,MARKET,part,,2,,0.5,24,part,part:4")),
                "facilities.csv",
                4,
                "return_material",
                "end-of-life units would be sold again as new");
        assertLocated(
                failure(replace("facilities.csv", 4, "shop,MARKET,part,,2,,,24,eol,part:4")),
                "facilities.csv",
                4,
                "return_rate",
                "return_rate is 0, so no unit ever returns");
        Map<String, List<String>> files = valid();
        files.get("lanes.csv").remove("c,shop,bin,eol,10,2,0.1");
        assertLocated(failure(files), "facilities.csv", 4, "return_material", "returns of eol pile up at market shop");
    }

    @Test
    void aSupplyOrAStreamThatLeavesByNoLane() throws IOException {
        // a supplier that only receives (the plant gets its ore from the recycler alone)
        Map<String, List<String>> files = append(valid(), "lanes.csv", "g,recycler,sup,ore,10,2,0.1");
        files.get("lanes.csv").set(1, "a,recycler,plant,ore,10,2,0.5");
        assertLocated(
                failure(files), "facilities.csv", 2, "material", "supplier sup supplies ore but no lane carries ore");
        // an exogenous stream into a collection that passes nothing on
        files = append(valid(), "materials.csv", "junk,0.1");
        append(files, "facilities.csv", "bin2,COLLECTION,junk,50,,,,,,");
        append(files, "lanes.csv", "g,shop,bin2,eol,5,2,0.1", "h,bin2,dump,eol,5,2,0.1");
        assertLocated(
                failure(files),
                "facilities.csv",
                8,
                "material",
                "collection bin2 gathers junk from outside but no lane");
    }

    @Test
    void aModeOutputThatGoesNowhere() throws IOException {
        Map<String, List<String>> files = append(valid(), "materials.csv", "slag,0.05");
        files.get("modes.csv").set(2, "recycler,melt,eol:1,ore:0.4;slag:1");
        assertLocated(failure(files), "modes.csv", 3, "outputs", "output slag of mode melt at recycler goes nowhere");
        // ... and is fine once a lane takes it to the landfill
        append(files, "lanes.csv", "g,recycler,dump,slag,10,1,0.1");
        assertEquals(List.of(), TopologyValidator.defects(TopologyLoader.load(write(files))));
    }

    @Test
    void anInitialStockThatCanNeverBeUsed() throws IOException {
        assertLocated(
                failure(replace("facilities.csv", 6, "recycler,RECYCLER,,4,,1,,,,part:5")),
                "facilities.csv",
                6,
                "initial_inventory",
                "the initial stock of part at recycler can never be used or shipped");
    }

    @Test
    void aLaneOutOfALandfill() throws IOException {
        assertLocated(
                failure(append(valid(), "lanes.csv", "g,dump,recycler,eol,10,2,0.1")),
                "lanes.csv",
                8,
                "from",
                "a landfill is a final sink");
    }

    @Test
    void aTransshipmentLoopWithNoSourceCarriesNothing() throws IOException {
        // hubA and hubB pass part back and forth and on to the shop, but no part ever enters the loop
        Map<String, List<String>> files =
                append(valid(), "facilities.csv", "hubA,COLLECTION,,,,,,,,", "hubB,COLLECTION,,,,,,,,");
        append(files, "lanes.csv", "g,hubA,hubB,part,10,2,0.1", "h,hubB,hubA,part,10,2,0.1", "i,hubB,shop,part,5,2,0");
        assertLocated(
                failure(files), "lanes.csv", 8, "material", "lane g can never carry anything: no part ever reaches");
    }

    @Test
    void aTransshipmentLoopWithNoExitNeverReachesAUse() throws IOException {
        // the plant sends part into a loop between two hubs that never leaves it
        Map<String, List<String>> files =
                append(valid(), "facilities.csv", "hubA,COLLECTION,,,,,,,,", "hubB,COLLECTION,,,,,,,,");
        append(files, "lanes.csv", "g,plant,hubA,part,10,2,0.1", "h,hubA,hubB,part,10,2,0.1", "i,hubB,hubA,part,5,2,0");
        assertLocated(
                failure(files), "lanes.csv", 8, "material", "the part that lane g brings to hubA never reaches a use");
    }

    @Test
    void aModeWhoseInputNeverArrives() throws IOException {
        // the recycler's eol comes only from hub, which passes it back and forth with hub2: no eol ever enters
        Map<String, List<String>> files = valid();
        files.get("lanes.csv").set(4, "d,hub,recycler,eol,10,2,0.1");
        append(files, "facilities.csv", "hub,COLLECTION,,,,,,,,", "hub2,COLLECTION,,,,,,,,");
        append(files, "lanes.csv", "g,hub,hub2,eol,10,2,0.1", "h,hub2,hub,eol,10,2,0.1");
        assertLocated(failure(files), "modes.csv", 3, "inputs", "input eol of mode melt at recycler never arrives");
    }

    // ---- the differential check: every shipped and every generated network still passes ----

    @Test
    void theShippedTopologiesPass() {
        for (String name : ReferenceNetworks.SHIPPED) {
            assertEquals(List.of(), TopologyValidator.defects(ReferenceNetworks.resolve(name)), name);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 11, 12, 15, 19, 20, 25, 37, 60, 100, 250, 500, 1000})
    void everyGeneratedNetworkPasses(int facilities) {
        NetworkGenerator gen = new NetworkGenerator(NetworkGenerator.Config.withFacilities(facilities));
        for (long seed = 0; seed < (facilities <= 100 ? 12 : 4); seed++) {
            SupplyNetwork n = gen.generate(seed);
            assertEquals(List.of(), TopologyValidator.defects(n), n.name());
        }
        for (double extra : new double[] {0, 1}) {
            SupplyNetwork n = new NetworkGenerator(new NetworkGenerator.Config(facilities, 9, extra)).generate(3);
            assertEquals(List.of(), TopologyValidator.defects(n), n.name() + " extra " + extra);
        }
    }

    @Test
    void aGeneratedNetworkStillLoadsThroughTheWriter() {
        SupplyNetwork gen = new NetworkGenerator(NetworkGenerator.Config.withFacilities(300)).generate(11);
        Path dir = tmp.resolve(gen.name());
        TopologyWriter.write(gen, dir);
        TopologyLoaderTest.assertSameNetwork(gen, TopologyLoader.load(dir));
    }

    @Test
    void requireMeaningfulNamesTheNetworkAndTheElement() {
        SupplyNetwork n = new SupplyNetwork(
                "lonely",
                List.of(new Material("ore", 1)),
                List.of(Facility.supplier("sup", "ore", 0, 1, Map.of()), Facility.landfill("dump")),
                List.of(new Lane("a", "sup", "dump", "ore", 1, 1, 0)));
        var e = assertThrows(IllegalArgumentException.class, () -> TopologyValidator.requireMeaningful(n));
        assertEquals(
                "network lonely: facility sup, field capacity: a virgin supplier with capacity 0 can never supply"
                        + " anything",
                e.getMessage());
    }
}
