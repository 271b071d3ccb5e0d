package org.moca.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.moca.infra.AtomicFiles;

/**
 * Writes a {@link SupplyNetwork} as a topology directory in the format {@link TopologyLoader} reads, so that
 * {@code TopologyLoader.load(dir)} gives back an equal network (same materials, facilities, modes and lanes in the same
 * order). Numbers are written so that they parse back to the identical {@code double}. A {@code network.yaml} is
 * written only when the network's name differs from the directory's name.
 */
public final class TopologyWriter {

    private TopologyWriter() {}

    /**
     * Writes {@code network} into {@code directory} (created if needed; existing topology files are overwritten).
     *
     * @throws IllegalArgumentException when an id cannot be written losslessly (a material id containing {@code :} or
     *                                  {@code ;}, or any id with a line break)
     */
    public static void write(SupplyNetwork network, Path directory) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(directory, "directory");
        network.materials().keySet().forEach(TopologyWriter::requireListableMaterial);
        try {
            Files.createDirectories(directory);
            StringBuilder m = header(TopologyLoader.MATERIAL_COLUMNS);
            for (Material mat : network.materials().values()) row(m, mat.id(), num(mat.trackedMassKg()));
            StringBuilder f = header(TopologyLoader.FACILITY_COLUMNS);
            StringBuilder modes = header(TopologyLoader.MODE_COLUMNS);
            for (Facility fac : network.facilities()) {
                row(
                        f,
                        fac.id(),
                        fac.type().name(),
                        text(fac.material()),
                        num(fac.capacity()),
                        num(fac.demand()),
                        num(fac.unitCost()),
                        num(fac.returnRate()),
                        Integer.toString(fac.returnDelay()),
                        text(fac.returnMaterial()),
                        quantities(fac.initialInventory()));
                for (Mode mode : fac.modes())
                    row(modes, fac.id(), mode.name(), quantities(mode.inputs()), quantities(mode.outputs()));
            }
            StringBuilder l = header(TopologyLoader.LANE_COLUMNS);
            for (Lane lane : network.lanes()) {
                row(
                        l,
                        lane.id(),
                        lane.from(),
                        lane.to(),
                        lane.material(),
                        num(lane.capacity()),
                        Integer.toString(lane.leadTime()),
                        num(lane.unitCost()));
            }
            Path dirName = directory.toAbsolutePath().normalize().getFileName();
            Path yaml = directory.resolve(TopologyLoader.NETWORK);
            // the four CSVs (and the name file) appear together or not at all
            try (AtomicFiles.FileSet files = AtomicFiles.fileSet()) {
                files.addString(directory.resolve(TopologyLoader.MATERIALS), m.toString());
                files.addString(directory.resolve(TopologyLoader.FACILITIES), f.toString());
                files.addString(directory.resolve(TopologyLoader.MODES), modes.toString());
                files.addString(directory.resolve(TopologyLoader.LANES), l.toString());
                boolean named = dirName == null || !dirName.toString().equals(network.name());
                if (named) {
                    files.addString(
                            yaml,
                            "name: \"" + network.name().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
                }
                files.commit();
                if (!named) Files.deleteIfExists(yaml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing topology " + network.name() + " to " + directory, e);
        }
    }

    private static void requireListableMaterial(String id) {
        if (id.contains(":") || id.contains(";")) {
            throw new IllegalArgumentException(
                    "material id " + id + " contains ':' or ';' and cannot be written in a quantity list");
        }
    }

    private static StringBuilder header(List<String> columns) {
        return new StringBuilder(String.join(",", columns)).append('\n');
    }

    private static void row(StringBuilder sb, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(cell(cells[i]));
        }
        sb.append('\n');
    }

    private static String cell(String s) {
        if (s.contains("\n") || s.contains("\r"))
            throw new IllegalArgumentException("cannot write a line break in a cell: " + s);
        boolean quote = s.contains(",") || s.contains("\"") || s.startsWith("#") || !s.equals(s.strip());
        return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** Shortest-looking exact form: integers without a fraction, others via {@link Double#toString} (round-trips). */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    private static String quantities(Map<String, Double> q) {
        return q.entrySet().stream()
                .map(e -> e.getKey() + ":" + num(e.getValue()))
                .collect(Collectors.joining(";"));
    }
}
