package org.moca.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Loads a supply-network topology from a directory of CSV files (UTF-8, comma-separated, header row required,
 * {@code #} comment lines allowed):
 * <ul>
 *   <li>{@code materials.csv}: {@code id,tracked_mass_kg}</li>
 *   <li>{@code facilities.csv}: {@code id,type,material,capacity,demand,unit_cost,return_rate,return_delay,
 *       return_material,initial_inventory} — {@code type} is a {@link FacilityType} name (any case); empty cells are
 *       {@code null} or 0; {@code initial_inventory} reads like {@code reo:90;copper:300}</li>
 *   <li>{@code modes.csv}: {@code facility,mode,inputs,outputs} — e.g. {@code eol_motor:1} and
 *       {@code magnet:0.85;copper:4.5}; a facility's modes keep the file's order</li>
 *   <li>{@code lanes.csv}: {@code id,from,to,material,capacity,lead_time,unit_cost}</li>
 *   <li>optional {@code network.yaml} with a {@code name} (and optionally a {@code description}); without it the
 *       network is named after the directory.</li>
 * </ul>
 *
 * <p>Loading is strict: a malformed topology (unknown facility or material, negative or unparsable number, a yield
 * above 1 that would create tracked mass, a recipe input no lane delivers, a duplicate id, a missing or unknown column,
 * an unknown facility type, ...) fails with a {@link TopologyFormatException} whose message names the file, the line
 * and the field, e.g. {@code lanes.csv line 7, field capacity: expected a non-negative number, got "-3"}. Numbers
 * above 1e12 are rejected too: no supply chain moves a trillion units of anything per hour, and
 * the planners' LP solvers cannot resolve flows of a few units beside such numbers. A topology that reads well must
 * then also mean something: the semantic rules of {@link TopologyValidator} (no zero capacities, no lane carrying a
 * material its source never holds or its destination cannot use, no facility without lanes, no market nothing
 * delivers to, no recipe feeding its own input, ...) are reported the same way, at the row and column at fault.
 * Nothing is silently repaired. {@link TopologyWriter} writes the same format. Running time is linear in the size of
 * the files.
 */
public final class TopologyLoader {

    static final String MATERIALS = "materials.csv";
    static final String FACILITIES = "facilities.csv";
    static final String MODES = "modes.csv";
    static final String LANES = "lanes.csv";
    static final String NETWORK = "network.yaml";

    /** Keys allowed in network.yaml: a name, and free text describing the network. */
    static final List<String> NETWORK_KEYS = List.of("name", "description");

    static final List<String> MATERIAL_COLUMNS = List.of("id", "tracked_mass_kg");
    static final List<String> FACILITY_COLUMNS = List.of(
            "id",
            "type",
            "material",
            "capacity",
            "demand",
            "unit_cost",
            "return_rate",
            "return_delay",
            "return_material",
            "initial_inventory");
    static final List<String> MODE_COLUMNS = List.of("facility", "mode", "inputs", "outputs");
    static final List<String> LANE_COLUMNS =
            List.of("id", "from", "to", "material", "capacity", "lead_time", "unit_cost");

    /** Opens one file of the topology, or returns {@code null} when it does not exist. */
    @FunctionalInterface
    private interface Source {
        InputStream open(String file) throws IOException;
    }

    private TopologyLoader() {}

    /**
     * Loads the topology in {@code directory}.
     *
     * @throws TopologyFormatException naming file, line and field of the first problem found
     * @throws UncheckedIOException    when a file exists but cannot be read
     */
    public static SupplyNetwork load(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) throw new IllegalArgumentException("not a topology directory: " + directory);
        Path fileName = directory.toAbsolutePath().normalize().getFileName();
        String name = fileName == null ? "network" : fileName.toString();
        return load(name, file -> {
            Path p = directory.resolve(file);
            return Files.isRegularFile(p) ? Files.newInputStream(p) : null;
        });
    }

    /**
     * Loads the topology stored as classpath resources under {@code resourceDirectory} (e.g.
     * {@code datasets/topologies/circular-electronics-nd}), through this class's class loader.
     */
    public static SupplyNetwork loadResource(String resourceDirectory) {
        Objects.requireNonNull(resourceDirectory, "resourceDirectory");
        String dir = resourceDirectory.endsWith("/")
                ? resourceDirectory.substring(0, resourceDirectory.length() - 1)
                : resourceDirectory;
        ClassLoader loader = TopologyLoader.class.getClassLoader();
        if (loader.getResource(dir + "/" + MATERIALS) == null) {
            throw new IllegalArgumentException(
                    "no topology on the classpath at " + dir + " (missing " + MATERIALS + ")");
        }
        return load(dir.substring(dir.lastIndexOf('/') + 1), file -> loader.getResourceAsStream(dir + "/" + file));
    }

    private static SupplyNetwork load(String directoryName, Source source) {
        String name = readName(source, directoryName);
        Map<String, Integer> materialLines = new HashMap<>();
        Map<String, Material> materials = readMaterials(source, materialLines);
        List<CsvTable.Row> facilityRows =
                read(source, FACILITIES, FACILITY_COLUMNS).rows();
        List<CsvTable.Row> modeRows = read(source, MODES, MODE_COLUMNS).rows();
        List<CsvTable.Row> laneRows = read(source, LANES, LANE_COLUMNS).rows();

        // Facility ids and types first: modes and lanes refer to them.
        Map<String, CsvTable.Row> facilityRowById = new LinkedHashMap<>();
        Map<String, FacilityType> types = new HashMap<>();
        for (CsvTable.Row r : facilityRows) {
            String id = r.requiredText("id");
            CsvTable.Row first = facilityRowById.putIfAbsent(id, r);
            if (first != null)
                throw r.error("id", "duplicate facility id " + id + " (first on line " + first.line() + ")");
            types.put(id, facilityType(r));
        }

        Map<String, List<Mode>> modes = new HashMap<>();
        Map<String, Map<String, Integer>> modeLines = new HashMap<>();
        List<ModeRow> modeRecords = new ArrayList<>();
        for (CsvTable.Row r : modeRows) {
            String facility = r.requiredText("facility");
            FacilityType type = types.get(facility);
            if (type == null)
                throw r.error("facility", "unknown facility " + facility + " (not in " + FACILITIES + ")");
            if (!type.isProcessor())
                throw r.error("facility", "facility " + facility + " is a " + type + ", which has no modes");
            String modeName = r.requiredText("mode");
            Integer firstLine =
                    modeLines.computeIfAbsent(facility, k -> new HashMap<>()).putIfAbsent(modeName, r.line());
            if (firstLine != null) {
                throw r.error(
                        "mode",
                        "duplicate mode " + modeName + " of facility " + facility + " (first on line " + firstLine
                                + ")");
            }
            Map<String, Double> inputs = r.quantities("inputs", true);
            if (inputs.isEmpty()) throw r.error("inputs", "expected at least one material:quantity, got an empty cell");
            Map<String, Double> outputs = r.quantities("outputs", false);
            double in = trackedMass(r, "inputs", inputs, materials);
            double out = trackedMass(r, "outputs", outputs, materials);
            if (out > in * (1 + 1e-12)) {
                throw r.error(
                        "outputs",
                        String.format(
                                Locale.ROOT,
                                "outputs carry %.6g kg of tracked mass per unit processed but "
                                        + "inputs only %.6g kg (a yield above 1 would create tracked mass)",
                                out,
                                in));
            }
            Mode mode = new Mode(modeName, inputs, outputs);
            modes.computeIfAbsent(facility, k -> new ArrayList<>()).add(mode);
            modeRecords.add(new ModeRow(facility, mode, r));
        }

        List<Facility> facilities = new ArrayList<>();
        for (CsvTable.Row r : facilityRows) facilities.add(facility(r, types.get(r.raw("id")), modes, materials));

        List<Lane> lanes = new ArrayList<>();
        Map<String, Integer> laneLines = new HashMap<>();
        Map<String, Set<String>> delivered = new HashMap<>();
        for (CsvTable.Row r : laneRows) {
            String id = r.requiredText("id");
            Integer firstLine = laneLines.putIfAbsent(id, r.line());
            if (firstLine != null)
                throw r.error("id", "duplicate lane id " + id + " (first on line " + firstLine + ")");
            String from = knownFacility(r, "from", types);
            String to = knownFacility(r, "to", types);
            if (from.equals(to)) throw r.error("to", "a lane cannot return to the facility it leaves (" + from + ")");
            String material = knownMaterial(r, "material", materials);
            double capacity = r.nonNegative("capacity");
            int leadTime = r.integerAtLeast("lead_time", 1, null);
            double unitCost = r.nonNegative("unit_cost");
            lanes.add(new Lane(id, from, to, material, capacity, leadTime, unitCost));
            delivered.computeIfAbsent(to, k -> new HashSet<>()).add(material);
        }

        for (ModeRow m : modeRecords) {
            for (String input : m.mode().inputs().keySet()) {
                if (!delivered.getOrDefault(m.facility(), Set.of()).contains(input)) {
                    throw m.row()
                            .error(
                                    "inputs",
                                    "input " + input + " of mode " + m.mode().name() + " at facility " + m.facility()
                                            + " is delivered by no lane in " + LANES);
                }
            }
        }

        SupplyNetwork network;
        try {
            network = new SupplyNetwork(name, List.copyOf(materials.values()), facilities, lanes);
        } catch (IllegalArgumentException e) {
            // Every rule of SupplyNetwork is checked above with its location; reaching this means a rule was added
            // there and not here, so at least say which topology failed.
            throw new IllegalArgumentException("topology " + name + ": " + e.getMessage(), e);
        }
        List<TopologyValidator.Defect> defects = TopologyValidator.defects(network);
        if (!defects.isEmpty()) {
            TopologyValidator.Defect d = defects.get(0);
            String file;
            Integer line;
            switch (d.element()) {
                case MATERIAL -> {
                    file = MATERIALS;
                    line = materialLines.get(d.id());
                }
                case FACILITY -> {
                    file = FACILITIES;
                    line = facilityRowById.get(d.id()).line();
                }
                case MODE -> {
                    file = MODES;
                    line = modeLines.get(d.id()).get(d.mode());
                }
                case LANE -> {
                    file = LANES;
                    line = laneLines.get(d.id());
                }
                default -> throw new AssertionError(d.element());
            }
            throw new TopologyFormatException(file, line == null ? 0 : line, d.field(), d.problem());
        }
        return network;
    }

    private record ModeRow(String facility, Mode mode, CsvTable.Row row) {}

    private static String readName(Source source, String directoryName) {
        try (InputStream in = source.open(NETWORK)) {
            if (in == null) return directoryName;
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            if (root == null || !root.isObject())
                throw new TopologyFormatException(NETWORK, 0, null, "expected a mapping with a name");
            for (var it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!NETWORK_KEYS.contains(key)) {
                    throw new TopologyFormatException(
                            NETWORK, 0, key, "unknown key; expected only " + String.join(", ", NETWORK_KEYS));
                }
            }
            JsonNode n = root.get("name");
            if (n == null || !n.isTextual() || n.asText().isBlank()) {
                throw new TopologyFormatException(NETWORK, 0, "name", "expected a non-empty text");
            }
            return n.asText().strip();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new TopologyFormatException(NETWORK, line, null, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + NETWORK, e);
        }
    }

    private static Map<String, Material> readMaterials(Source source, Map<String, Integer> lines) {
        Map<String, Material> materials = new LinkedHashMap<>();
        for (CsvTable.Row r : read(source, MATERIALS, MATERIAL_COLUMNS).rows()) {
            String id = r.requiredText("id");
            if (id.contains(":") || id.contains(";")) {
                throw r.error(
                        "id",
                        "a material id cannot contain ':' or ';' (they separate quantity lists), got \"" + id + "\"");
            }
            Integer first = lines.putIfAbsent(id, r.line());
            if (first != null) throw r.error("id", "duplicate material id " + id + " (first on line " + first + ")");
            materials.put(id, new Material(id, r.positive("tracked_mass_kg")));
        }
        return materials;
    }

    private static CsvTable read(Source source, String file, List<String> columns) {
        try (InputStream in = source.open(file)) {
            if (in == null) throw new TopologyFormatException(file, 0, null, "missing file; a topology needs " + file);
            // Strict UTF-8: a file saved in another encoding fails instead of loading garbled ids.
            Reader reader = new InputStreamReader(
                    in,
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT));
            return CsvTable.read(file, reader, columns);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new TopologyFormatException(file, 0, null, "not valid UTF-8");
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private static FacilityType facilityType(CsvTable.Row r) {
        String t = r.requiredText("type");
        try {
            return FacilityType.valueOf(t.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw r.error(
                    "type",
                    "expected one of " + java.util.Arrays.toString(FacilityType.values()) + ", got \"" + t + "\"");
        }
    }

    private static Facility facility(
            CsvTable.Row r, FacilityType type, Map<String, List<Mode>> modes, Map<String, Material> materials) {
        String id = r.raw("id");
        String material = r.optionalText("material");
        if (material != null) knownMaterial(r, "material", materials);
        String returnMaterial = r.optionalText("return_material");
        if (returnMaterial != null) knownMaterial(r, "return_material", materials);
        double capacity = r.nonNegative("capacity");
        double demand = r.nonNegative("demand");
        double unitCost = r.nonNegative("unit_cost");
        double returnRate = r.share("return_rate");
        int returnDelay = r.integerAtLeast("return_delay", 0, 0);
        Map<String, Double> inventory = r.quantities("initial_inventory", false);
        for (String m : inventory.keySet()) {
            if (!materials.containsKey(m))
                throw r.error("initial_inventory", "unknown material " + m + " (not in " + MATERIALS + ")");
        }
        List<Mode> own = modes.getOrDefault(id, List.of());
        if (type.isProcessor() && own.isEmpty()) {
            throw r.error("type", "a " + type + " needs at least one mode in " + MODES + ", found none for " + id);
        }
        if ((type == FacilityType.VIRGIN_SUPPLIER || type == FacilityType.MARKET) && material == null) {
            throw r.error("material", "a " + type + " needs a material, got an empty cell");
        }
        if (type == FacilityType.MARKET && returnRate > 0 && returnMaterial == null) {
            throw r.error(
                    "return_material", "a market with return_rate > 0 needs a return_material, got an empty cell");
        }
        try {
            return new Facility(
                    id,
                    type,
                    material,
                    capacity,
                    demand,
                    unitCost,
                    own,
                    returnRate,
                    returnDelay,
                    returnMaterial,
                    inventory);
        } catch (IllegalArgumentException e) {
            throw new TopologyFormatException(r.file(), r.line(), null, e.getMessage());
        }
    }

    private static String knownFacility(CsvTable.Row r, String column, Map<String, FacilityType> types) {
        String id = r.requiredText(column);
        if (!types.containsKey(id)) throw r.error(column, "unknown facility " + id + " (not in " + FACILITIES + ")");
        return id;
    }

    private static String knownMaterial(CsvTable.Row r, String column, Map<String, Material> materials) {
        String id = r.requiredText(column);
        if (!materials.containsKey(id)) throw r.error(column, "unknown material " + id + " (not in " + MATERIALS + ")");
        return id;
    }

    private static double trackedMass(
            CsvTable.Row r, String column, Map<String, Double> quantities, Map<String, Material> materials) {
        double kg = 0;
        for (var e : quantities.entrySet()) {
            Material m = materials.get(e.getKey());
            if (m == null) throw r.error(column, "unknown material " + e.getKey() + " (not in " + MATERIALS + ")");
            kg += e.getValue() * m.trackedMassKg();
        }
        return kg;
    }
}
