package org.moca.graph;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's reference topologies, shipped under {@code datasets/topologies/} and on lib's classpath.
 */
public final class ReferenceNetworks {

    /** Classpath location (and path relative to the repository root) of the reference topology. */
    public static final String CIRCULAR_ELECTRONICS_ND = "datasets/topologies/circular-electronics-nd";

    private ReferenceNetworks() {}

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
