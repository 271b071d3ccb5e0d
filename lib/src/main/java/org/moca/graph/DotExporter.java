package org.moca.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.moca.infra.AtomicFiles;

/**
 * Exports a network as a Graphviz DOT digraph that makes its loops visible: each loop (strongly connected component
 * with more than one facility) is a cluster in its own color, lanes on a cycle are drawn in that color and thicker,
 * the optional disrupted facility is outlined in red, and lane widths follow the optional flow. Parallel lanes stay
 * separate edges (it is a multigraph). Render with {@code dot -Tsvg}; {@link SvgRenderer} draws without Graphviz.
 * Output is deterministic (network order).
 */
public final class DotExporter {

    private DotExporter() {}

    /** The DOT text of {@code network} with {@code options}. */
    public static String export(SupplyNetwork network, RenderOptions options) {
        Objects.requireNonNull(network, "network");
        NetworkStyle style = new NetworkStyle(network, Objects.requireNonNull(options, "options"));
        StringBuilder sb = new StringBuilder();
        sb.append("digraph ").append(quote(network.name())).append(" {\n");
        sb.append("  graph [rankdir=LR, fontname=\"Helvetica\", label=")
                .append(quote(network.name() + ": " + style.summary()))
                .append(", labelloc=t, nodesep=0.35, ranksep=0.9];\n");
        sb.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n");
        sb.append("  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];\n");
        List<List<Integer>> byLoop = new ArrayList<>();
        for (int i = 0; i < style.loops; i++) byLoop.add(new ArrayList<>());
        for (int v = 0; v < network.facilities().size(); v++)
            if (style.loopOf[v] >= 0) byLoop.get(style.loopOf[v]).add(v);
        for (int i = 0; i < style.loops; i++) {
            sb.append("  subgraph cluster_loop").append(i).append(" {\n");
            sb.append("    label=")
                    .append(quote("loop " + (i + 1) + " (strongly connected)"))
                    .append(", style=dashed, color=")
                    .append(quote(NetworkStyle.loopColor(i)))
                    .append(", fontcolor=")
                    .append(quote(NetworkStyle.loopColor(i)))
                    .append(";\n");
            for (int v : byLoop.get(i)) node(sb, "    ", style, v);
            sb.append("  }\n");
        }
        for (int v = 0; v < network.facilities().size(); v++) if (style.loopOf[v] < 0) node(sb, "  ", style, v);
        for (int l = 0; l < network.lanes().size(); l++) {
            Lane lane = network.lanes().get(l);
            sb.append("  ")
                    .append(quote(lane.from()))
                    .append(" -> ")
                    .append(quote(lane.to()))
                    .append(" [id=")
                    .append(quote(lane.id()))
                    .append(", label=")
                    .append(quote(style.laneLabel(l)))
                    .append(", color=")
                    .append(quote(style.laneColor(l)))
                    .append(", fontcolor=")
                    .append(quote(style.laneColor(l)))
                    .append(String.format(Locale.ROOT, ", penwidth=%.2f", style.laneWidth(l)));
            if (style.touchesDisrupted(lane)) sb.append(", style=dashed");
            sb.append("];\n");
        }
        return sb.append("}\n").toString();
    }

    /** Writes {@link #export} to {@code file} (UTF-8). */
    public static void write(SupplyNetwork network, RenderOptions options, Path file) {
        try {
            AtomicFiles.writeString(file, export(network, options));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    private static void node(StringBuilder sb, String indent, NetworkStyle style, int v) {
        Facility f = style.network.facilities().get(v);
        String label = f.id() + "\n" + NetworkStyle.typeLabel(f.type()) + (style.isDisrupted(v) ? "\nDISRUPTED" : "");
        sb.append(indent)
                .append(quote(f.id()))
                .append(" [label=")
                .append(quote(label))
                .append(", fillcolor=")
                .append(quote(style.fill(v)))
                .append(", color=")
                .append(quote(style.border(v)));
        if (style.isDisrupted(v)) sb.append(", penwidth=3, fontcolor=").append(quote(NetworkStyle.DISRUPTED));
        if (f.type() == FacilityType.LANDFILL) sb.append(", shape=invtrapezium");
        if (f.type() == FacilityType.VIRGIN_SUPPLIER) sb.append(", shape=box, style=\"filled\"");
        sb.append("];\n");
    }

    /** A DOT double-quoted string: backslash and quote escaped, newlines as DOT's centered line break. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
