package org.moca.graph;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's reference topologies, shipped under {@code datasets/topologies/} and on lib's classpath.
 */
public final class ReferenceNetworks {

    /** Classpath location (and path relative to the repository root) of the reference topology. */
    public static final String CIRCULAR_ELECTRONICS_ND = "datasets/topologies/circular-electronics-nd";

    /** The name of the reference topology on the command line and in configs. */
    public static final String REFERENCE_NAME = "circular-electronics-nd";

    private ReferenceNetworks() {}

    /**
     * The one resolver of topology names the workbench accepts (command line, experiment configs, notebooks): the name
     * of a shipped topology ({@value #REFERENCE_NAME}) or a directory of topology CSV files.
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
        java.util.Objects.requireNonNull(name, "name");
        if (name.equals(REFERENCE_NAME)) return circularElectronicsNd();
        Path dir = Path.of(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(source + " '" + name + "': expected " + REFERENCE_NAME
                    + " (shipped) or a directory of topology CSV files");
        }
        return TopologyLoader.load(dir);
    }

    /**
     * The circular electronics case of the MOCA article: NdPr oxide suppliers (primary and a dearer, slower backup),
     * copper, a magnet plant, motor assembly, one market, collection of end-of-life motors and e-waste, a
     * remanufacturer and three rare-earth recyclers, and a landfill. 12 facilities, 22 lanes, 7 materials; provenance of
     * every number in {@code datasets/README.md}.
     *
     * <p>Read from the classpath; when lib runs from an unpackaged tree without resources, falls back to the
     * {@code datasets} directory of the working directory or its parent. Loaded once and shared (it is immutable).
     */
    public static SupplyNetwork circularElectronicsNd() {
        SupplyNetwork n = circularElectronicsNd;
        if (n == null) {
            synchronized (ReferenceNetworks.class) {
                n = circularElectronicsNd;
                // not a static initializer: a load failure must surface as its own exception on every call
                if (n == null) circularElectronicsNd = n = load();
            }
        }
        return n;
    }

    private static volatile SupplyNetwork circularElectronicsNd;

    private static SupplyNetwork load() {
        if (ReferenceNetworks.class
                        .getClassLoader()
                        .getResource(CIRCULAR_ELECTRONICS_ND + "/" + TopologyLoader.MATERIALS)
                != null) {
            return TopologyLoader.loadResource(CIRCULAR_ELECTRONICS_ND);
        }
        for (Path base : new Path[] {Path.of(""), Path.of("..")}) {
            Path dir = base.resolve(CIRCULAR_ELECTRONICS_ND);
            if (Files.isDirectory(dir)) return TopologyLoader.load(dir);
        }
        throw new IllegalStateException("reference topology " + CIRCULAR_ELECTRONICS_ND
                + " is neither on the classpath nor under the working directory");
    }
}
