package org.moca.graph;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's reference topologies, shipped under {@code datasets/topologies/} and on lib's classpath.
 */
public final class ReferenceNetworks {

    /** Classpath location (and path relative to the repository root) of the reference topology. */
    public static final String CIRCULAR_ELECTRONICS_ND = "datasets/topologies/circular-electronics-nd";

    private ReferenceNetworks() {
    }

    /**
     * The circular electronics case of the MOCA article: NdPr oxide suppliers (primary and a dearer, slower backup),
     * copper, a magnet plant, motor assembly, one market, collection of end-of-life motors and e-waste, a
     * remanufacturer and three rare-earth recyclers, and a landfill. 12 facilities, 22 lanes, 7 materials; provenance of
     * every number in {@code datasets/README.md}.
     *
     * <p>Read from the classpath; when lib runs from an unpackaged tree without resources, falls back to the
     * {@code datasets} directory of the working directory or its parent.
     */
    public static SupplyNetwork circularElectronicsNd() {
        if (ReferenceNetworks.class.getClassLoader().getResource(CIRCULAR_ELECTRONICS_ND + "/" + TopologyLoader.MATERIALS) != null) {
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
