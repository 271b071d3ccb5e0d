package org.moca.graph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The project's shipped topologies, under {@code datasets/topologies/} and on lib's classpath, and the one resolver of
 * topology names.
 */
public final class ReferenceNetworks {

    /** Classpath location (and path relative to the repository root) of the reference topology. */
    public static final String CIRCULAR_ELECTRONICS_ND = "datasets/topologies/circular-electronics-nd";

    /** The name of the reference topology on the command line and in configs. */
    public static final String REFERENCE_NAME = "circular-electronics-nd";

    /** Classpath location (and path relative to the repository root) of the lithium-ion battery topology. */
    public static final String CIRCULAR_BATTERIES_NMC = "datasets/topologies/circular-batteries-nmc";

    /** The name of the lithium-ion battery topology on the command line and in configs. */
    public static final String BATTERIES_NAME = "circular-batteries-nmc";

    /** The names of the shipped topologies, in the order the documentation lists them. */
    public static final List<String> SHIPPED = List.of(REFERENCE_NAME, BATTERIES_NAME);

    private static final Map<String, String> LOCATIONS =
            Map.of(REFERENCE_NAME, CIRCULAR_ELECTRONICS_ND, BATTERIES_NAME, CIRCULAR_BATTERIES_NMC);

    /** Loaded shipped networks (immutable, so shared); a failed load is not cached and fails again on every call. */
    private static final Map<String, SupplyNetwork> LOADED = new ConcurrentHashMap<>();

    private ReferenceNetworks() {}

    /**
     * The one resolver of topology names the workbench accepts (command line, experiment configs, notebooks): the name
     * of a shipped topology ({@link #SHIPPED}) or a directory of topology CSV files.
     *
     * @throws IllegalArgumentException naming {@code name} and what is accepted, if it is neither
     */
    public static SupplyNetwork resolve(String name) {
        return resolve(name, "topology");
    }

    /**
     * {@link #resolve(String)}, with errors that begin with {@code source}: where the name came from (an option such
     * as {@code --topology} or a config key).
     */
    public static SupplyNetwork resolve(String name, String source) {
        Objects.requireNonNull(name, "name");
        if (SHIPPED.contains(name)) return shipped(name);
        Path dir = Path.of(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(source + " '" + name + "': expected one of " + String.join(", ", SHIPPED)
                    + " (shipped) or a directory of topology CSV files");
        }
        return TopologyLoader.load(dir);
    }

    /**
     * The shipped topology {@code name} (one of {@link #SHIPPED}), loaded once and shared.
     *
     * <p>Read from the classpath; when lib runs from an unpackaged tree without resources, falls back to the
     * {@code datasets} directory of the working directory or its parent.
     *
     * @throws IllegalArgumentException if {@code name} is not a shipped topology
     */
    public static SupplyNetwork shipped(String name) {
        String location = LOCATIONS.get(Objects.requireNonNull(name, "name"));
        if (location == null) {
            throw new IllegalArgumentException(
                    "no shipped topology '" + name + "', expected one of " + String.join(", ", SHIPPED));
        }
        // not a static initializer: a load failure must surface as its own exception on every call
        return LOADED.computeIfAbsent(name, n -> load(location));
    }

    /**
     * The circular electronics case of the MOCA article: NdPr oxide suppliers (primary and a dearer, slower backup),
     * copper, a magnet plant, motor assembly, one market, collection of end-of-life motors and e-waste, a
     * remanufacturer and three rare-earth recyclers, and a landfill. 12 facilities, 22 lanes, 7 materials; provenance of
     * every number in {@code datasets/README.md}.
     */
    public static SupplyNetwork circularElectronicsNd() {
        return shipped(REFERENCE_NAME);
    }

    /**
     * A circular lithium-ion (NMC 811) battery chain: lithium hydroxide (a primary refiner and a dearer, slower spot
     * source) and nickel-manganese-cobalt precursor suppliers, a cathode plant, a cell and module plant, pack assembly,
     * an electric-vehicle market, collection of end-of-life packs, a remanufacturer (refurbish packs, harvest modules,
     * shred to black mass), a repurposer and a stationary-storage market for second-life packs, a hydrometallurgical and
     * a pyrometallurgical recycler, and a landfill. Provenance of every number in {@code datasets/README.md}.
     */
    public static SupplyNetwork circularBatteriesNmc() {
        return shipped(BATTERIES_NAME);
    }

    private static SupplyNetwork load(String location) {
        if (ReferenceNetworks.class.getClassLoader().getResource(location + "/" + TopologyLoader.MATERIALS) != null) {
            return TopologyLoader.loadResource(location);
        }
        for (Path base : new Path[] {Path.of(""), Path.of("..")}) {
            Path dir = base.resolve(location);
            if (Files.isDirectory(dir)) return TopologyLoader.load(dir);
        }
        throw new IllegalStateException(
                "shipped topology " + location + " is neither on the classpath nor under the working directory");
    }
}
