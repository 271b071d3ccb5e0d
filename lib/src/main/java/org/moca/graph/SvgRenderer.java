package org.moca.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.moca.infra.AtomicFiles;

/**
 * Draws a network as a standalone SVG, in pure Java (no Graphviz), with a layout that makes the loops visible.
 *
 * <p>Layout: a layered drawing by facility role. The <em>production band</em> runs left to right: virgin suppliers,
 * component plants, assembly plants, markets, collection, landfill; facilities of one role stack vertically in network
 * order. The <em>recovery band</em> below it is a row of recyclers then remanufacturers under the plants, so
 * end-of-life material visibly drops from collection into recovery and climbs back into the plants and the market:
 * each loop closes on the page. Lanes are quadratic Bézier curves; lanes running right to left (return
 * flows) and parallel lanes bend apart so that none hide another. Encoding: see {@link NetworkStyle} — facilities
 * tinted by loop (strongly connected component), cyclic lanes in their loop's color, the disrupted facility in red,
 * widths by flow. Output is deterministic. O(F + L).
 */
public final class SvgRenderer {

    private static final double COLUMN_GAP = 250;
    private static final double ROW_GAP = 78;
    private static final double NODE_W = 150;
    private static final double NODE_H = 44;
    private static final double MARGIN = 40;
    private static final double BAND_GAP = 1.7 * ROW_GAP;
    private static final double PARALLEL_SPREAD = 20;
    private static final double RETURN_BEND = 0.10;
    private static final double SAME_ROW_BEND = 0.22;
    private static final int RECOVERY_PER_ROW = 5;
    private static final double LABEL_NUDGE = 10;
    private static final double RECOVERY_FIRST_COLUMN = 0.75;
    private static final double RECOVERY_SPACING = 0.8;

    /** Column (in units of COLUMN_GAP) and band of each role. */
    private record Slot(double column, boolean recovery) {}

    private static final Map<FacilityType, Slot> SLOTS = new EnumMap<>(Map.of(
            FacilityType.VIRGIN_SUPPLIER, new Slot(0, false),
            FacilityType.COMPONENT_PLANT, new Slot(1, false),
            FacilityType.ASSEMBLY_PLANT, new Slot(2, false),
            FacilityType.MARKET, new Slot(3, false),
            FacilityType.COLLECTION, new Slot(4, false),
            FacilityType.LANDFILL, new Slot(5.1, true),
            FacilityType.RECYCLER, new Slot(RECOVERY_FIRST_COLUMN, true),
            FacilityType.REMANUFACTURER, new Slot(RECOVERY_FIRST_COLUMN, true)));

    private SvgRenderer() {}

    /** The SVG document of {@code network} with {@code options}. */
    public static String render(SupplyNetwork network, RenderOptions options) {
        Objects.requireNonNull(network, "network");
        NetworkStyle style = new NetworkStyle(network, Objects.requireNonNull(options, "options"));
        double[][] pos = layout(network);
        Curve[] curves = curves(network, pos);

        // bounds of the facilities and of the curves (which may arc outside them)
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] p : pos) {
            minX = Math.min(minX, p[0] - NODE_W / 2);
            maxX = Math.max(maxX, p[0] + NODE_W / 2);
            minY = Math.min(minY, p[1] - NODE_H / 2);
            maxY = Math.max(maxY, p[1] + NODE_H / 2);
        }
        for (Curve c : curves) {
            for (double t = 0; t <= 1; t += 0.125) {
                double[] q = c.at(t);
                minX = Math.min(minX, q[0]);
                maxX = Math.max(maxX, q[0]);
                minY = Math.min(minY, q[1] - 10);
                maxY = Math.max(maxY, q[1] + 10);
            }
        }
        double titleH = 64, left = MARGIN + 40;
        double legendH = 30 + 22 * (3 + (style.disrupted >= 0 ? 1 : 0) + Math.min(style.loops, 7));
        double dx = left - minX, dy = MARGIN + titleH - minY;
        for (double[] p : pos) {
            p[0] += dx;
            p[1] += dy;
        }
        for (Curve c : curves) c.shift(dx, dy);
        double width = Math.max(maxX - minX + left + MARGIN, 760);
        double height = maxY - minY + MARGIN + titleH + 30 + legendH;

        Svg svg = new Svg(width, height);
        svg.text(MARGIN, MARGIN + 8, network.name(), "font-size=\"18\" font-weight=\"bold\"");
        svg.text(MARGIN, MARGIN + 28, style.summary(), "font-size=\"12\" fill=\"#555555\"");
        bandLabels(svg, network, pos);
        for (int i = 0; i < curves.length; i++) lane(svg, style, i, curves[i]);
        for (int v = 0; v < network.facilities().size(); v++) node(svg, style, v, pos[v]);
        labels(svg, style, curves, pos);
        legend(svg, style, MARGIN, height - legendH - 10);
        return svg.close();
    }

    /** A lane's drawn curve: quadratic Bézier from {@code a} via {@code c} to {@code b}, ends clipped to the boxes. */
    private static final class Curve {
        double ax, ay, cx, cy, bx, by;

        double[] at(double t) {
            double u = 1 - t;
            return new double[] {u * u * ax + 2 * u * t * cx + t * t * bx, u * u * ay + 2 * u * t * cy + t * t * by};
        }

        void shift(double dx, double dy) {
            ax += dx;
            bx += dx;
            cx += dx;
            ay += dy;
            by += dy;
            cy += dy;
        }
    }

    private static Curve[] curves(SupplyNetwork network, double[][] pos) {
        Map<String, Integer> parallelSeen = new HashMap<>();
        Map<String, Integer> parallelCount = new HashMap<>();
        for (Lane l : network.lanes()) parallelCount.merge(pairKey(l.from(), l.to()), 1, Integer::sum);
        Curve[] curves = new Curve[network.lanes().size()];
        for (int i = 0; i < curves.length; i++) {
            Lane lane = network.lanes().get(i);
            double[] a = pos[network.facilityIndexOf(lane.from())];
            double[] b = pos[network.facilityIndexOf(lane.to())];
            String key = pairKey(lane.from(), lane.to());
            int k = parallelCount.get(key);
            int j = parallelSeen.merge(key, 1, Integer::sum) - 1;
            boolean hasReverse = parallelCount.containsKey(pairKey(lane.to(), lane.from()));
            double len = Math.hypot(b[0] - a[0], b[1] - a[1]);
            boolean sameRow = Math.abs(a[1] - b[1]) < 1 && Math.abs(a[0] - b[0]) > COLUMN_GAP;
            // return flows (right to left) arc upward; long lanes inside one row arc around the facilities between
            // their ends (below the row when leftward, above it when rightward)
            double arc = sameRow ? -SAME_ROW_BEND * len : b[0] < a[0] - 1 ? RETURN_BEND * len : 0;
            double bend = (j - (k - 1) / 2.0) * PARALLEL_SPREAD + (hasReverse ? PARALLEL_SPREAD * 0.8 : 0) + arc;
            double nx = -(b[1] - a[1]) / len, ny = (b[0] - a[0]) / len;
            Curve c = new Curve();
            c.cx = (a[0] + b[0]) / 2 + nx * bend;
            c.cy = (a[1] + b[1]) / 2 + ny * bend;
            double[] start = exit(a, c.cx, c.cy), end = exit(b, c.cx, c.cy);
            c.ax = start[0];
            c.ay = start[1];
            c.bx = end[0];
            c.by = end[1];
            curves[i] = c;
        }
        return curves;
    }

    /**
     * Lane labels, placed greedily: each at the first of a few points along its curve (middle first) where it overlaps
     * no facility and no label placed before it; drawn last, with a white halo, so they stay legible.
     */
    private static void labels(Svg svg, NetworkStyle style, Curve[] curves, double[][] pos) {
        List<double[]> taken = new ArrayList<>();
        for (double[] p : pos)
            taken.add(new double[] {
                p[0] - NODE_W / 2 - 2, p[1] - NODE_H / 2 - 2, p[0] + NODE_W / 2 + 2, p[1] + NODE_H / 2 + 2
            });
        double[] candidates = {0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75, 0.18, 0.82};
        for (int i = 0; i < curves.length; i++) {
            String text = style.laneLabel(i);
            double halfW = 2.9 * text.length() + 3, halfH = 7;
            double[] best = null;
            search:
            for (double t : candidates) {
                for (double off : new double[] {0, -LABEL_NUDGE, LABEL_NUDGE}) {
                    double[] q = curves[i].at(t);
                    double[] box = {q[0] - halfW, q[1] + off - halfH, q[0] + halfW, q[1] + off + halfH};
                    if (taken.stream()
                            .noneMatch(o -> box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3])) {
                        best = box;
                        break search;
                    }
                }
            }
            if (best == null) {
                double[] q = curves[i].at(0.5);
                best = new double[] {q[0] - halfW, q[1] - halfH, q[0] + halfW, q[1] + halfH};
            }
            taken.add(best);
            String color = style.laneColor(i);
            svg.raw(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" fill=\"%s\" "
                            + "stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">%s</text>%n",
                    (best[0] + best[2]) / 2,
                    (best[1] + best[3]) / 2 + 3.5,
                    color,
                    Svg.escape(text)));
        }
    }

    /** Writes {@link #render} to {@code file} (UTF-8). */
    public static void write(SupplyNetwork network, RenderOptions options, Path file) {
        try {
            AtomicFiles.writeString(file, render(network, options));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** Centers of the facilities, indexed like {@code network.facilities()}. */
    static double[][] layout(SupplyNetwork network) {
        Map<Slot, List<Integer>> bySlot = new HashMap<>();
        List<Integer> recovery = new ArrayList<>();
        List<Integer> landfills = new ArrayList<>();
        for (int v = 0; v < network.facilities().size(); v++)
            if (network.facilities().get(v).type() == FacilityType.LANDFILL) landfills.add(v);
        for (FacilityType type : List.of(FacilityType.RECYCLER, FacilityType.REMANUFACTURER)) {
            for (int v = 0; v < network.facilities().size(); v++)
                if (network.facilities().get(v).type() == type) recovery.add(v);
        }
        for (int v = 0; v < network.facilities().size(); v++) {
            Slot slot = SLOTS.get(network.facilities().get(v).type());
            if (!slot.recovery())
                bySlot.computeIfAbsent(slot, x -> new ArrayList<>()).add(v);
        }
        int tallest = 1;
        for (List<Integer> ids : bySlot.values()) tallest = Math.max(tallest, ids.size());
        double[][] pos = new double[network.facilities().size()][];
        for (var e : bySlot.entrySet()) {
            List<Integer> ids = e.getValue();
            for (int r = 0; r < ids.size(); r++) {
                pos[ids.get(r)] =
                        new double[] {e.getKey().column() * COLUMN_GAP, (r - (ids.size() - 1) / 2.0) * ROW_GAP};
            }
        }
        // The recovery band is a row (wrapped when long) under the plants: recyclers, then remanufacturers, so that
        // returns drop down from collection and climb back into the plants.
        double recoveryTop = (tallest - 1) / 2.0 * ROW_GAP + BAND_GAP;
        int perRow = Math.max(RECOVERY_PER_ROW, (int) Math.ceil(Math.sqrt(recovery.size())));
        for (int i = 0; i < recovery.size(); i++) {
            int row = i / perRow, col = i % perRow;
            double x = (RECOVERY_FIRST_COLUMN + col * RECOVERY_SPACING + (row % 2) * RECOVERY_SPACING / 2) * COLUMN_GAP;
            pos[recovery.get(i)] = new double[] {x, recoveryTop + row * ROW_GAP * 1.4};
        }
        // landfills: below and right of collection, where leakage visibly leaves the loop
        double landfillX = Math.max(
                        SLOTS.get(FacilityType.LANDFILL).column(),
                        RECOVERY_FIRST_COLUMN + (Math.min(perRow, recovery.size()) + 0.6) * RECOVERY_SPACING)
                * COLUMN_GAP;
        for (int r = 0; r < landfills.size(); r++)
            pos[landfills.get(r)] = new double[] {landfillX, recoveryTop + r * ROW_GAP};
        return pos;
    }

    private static String pairKey(String from, String to) {
        return from + '\u0000' + to;
    }

    private static void bandLabels(Svg svg, SupplyNetwork network, double[][] pos) {
        double top = Double.MAX_VALUE, bottom = -Double.MAX_VALUE;
        boolean anyRecovery = false;
        for (int v = 0; v < pos.length; v++) {
            if (SLOTS.get(network.facilities().get(v).type()).recovery()) {
                anyRecovery = true;
                bottom = Math.max(bottom, pos[v][1]);
            } else {
                top = Math.min(top, pos[v][1]);
            }
        }
        svg.raw(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" transform=\"rotate(-90 %.1f %.1f)\" font-size=\"12\" "
                        + "fill=\"#999999\" text-anchor=\"start\">production \u2192</text>%n",
                MARGIN + 6,
                top + 60,
                MARGIN + 6,
                top + 60));
        if (anyRecovery) {
            svg.raw(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" transform=\"rotate(-90 %.1f %.1f)\" font-size=\"12\" "
                            + "fill=\"#999999\" text-anchor=\"start\">\u2190 recovery</text>%n",
                    MARGIN + 6,
                    bottom + 20,
                    MARGIN + 6,
                    bottom + 20));
        }
    }

    /** Draws one lane: its curve (shortened by the arrowhead) and the arrowhead along the end tangent. */
    private static void lane(Svg svg, NetworkStyle style, int i, Curve c) {
        double w = style.laneWidth(i);
        String color = style.laneColor(i);
        double tx = c.bx - c.cx, ty = c.by - c.cy, tl = Math.hypot(tx, ty);
        tx /= tl;
        ty /= tl;
        double arrowLen = 9 + 1.1 * w, arrowHalf = 4 + 0.7 * w;
        double bx = c.bx - tx * arrowLen, by = c.by - ty * arrowLen;
        Lane lane = style.network.lanes().get(i);
        boolean dashed = style.touchesDisrupted(lane);
        svg.raw(String.format(
                Locale.ROOT,
                "<path id=\"lane-%s\" d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"%s\" "
                        + "stroke-width=\"%.2f\" stroke-opacity=\"0.85\"%s><title>%s</title></path>%n",
                Svg.escape(lane.id()),
                c.ax,
                c.ay,
                c.cx,
                c.cy,
                bx,
                by,
                color,
                w,
                dashed ? " stroke-dasharray=\"7,5\"" : "",
                Svg.escape(
                        lane.id() + ": " + lane.from() + " \u2192 " + lane.to() + ", " + lane.material() + ", capacity "
                                + NetworkStyle.format(lane.capacity()) + "/h, lead time " + lane.leadTime() + " h")));
        svg.raw(String.format(
                Locale.ROOT,
                "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>%n",
                c.bx,
                c.by,
                bx - ty * arrowHalf,
                by + tx * arrowHalf,
                bx + ty * arrowHalf,
                by - tx * arrowHalf,
                color));
    }

    /** Where the segment from the center of a node toward (qx, qy) leaves the node's rectangle. */
    private static double[] exit(double[] center, double qx, double qy) {
        double dx = qx - center[0], dy = qy - center[1];
        double t = Math.min(
                dx == 0 ? Double.MAX_VALUE : (NODE_W / 2 + 2) / Math.abs(dx),
                dy == 0 ? Double.MAX_VALUE : (NODE_H / 2 + 2) / Math.abs(dy));
        if (t >= 1) t = 1;
        return new double[] {center[0] + dx * t, center[1] + dy * t};
    }

    private static void node(Svg svg, NetworkStyle style, int v, double[] p) {
        Facility f = style.network.facilities().get(v);
        boolean disrupted = style.isDisrupted(v);
        double x = p[0] - NODE_W / 2, y = p[1] - NODE_H / 2;
        String shape = f.type() == FacilityType.VIRGIN_SUPPLIER ? "2" : f.type() == FacilityType.LANDFILL ? "0" : "9";
        svg.raw(String.format(
                Locale.ROOT,
                "<g id=\"facility-%s\"><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        + "rx=\"%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"%s/>%n",
                Svg.escape(f.id()),
                Svg.escape(f.id() + " (" + NetworkStyle.typeLabel(f.type()) + ")"),
                x,
                y,
                NODE_W,
                NODE_H,
                shape,
                style.fill(v),
                style.border(v),
                disrupted ? "3.5" : "1.6",
                f.type() == FacilityType.LANDFILL ? " stroke-dasharray=\"4,3\"" : ""));
        svg.text(p[0], p[1] - 3, f.id(), "font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\"");
        svg.text(
                p[0],
                p[1] + 12,
                NetworkStyle.typeLabel(f.type()),
                "font-size=\"10\" fill=\"#555555\" text-anchor=\"middle\"");
        if (disrupted) {
            svg.text(
                    p[0],
                    y - 7,
                    "\u26A0 DISRUPTED",
                    "font-size=\"11\" font-weight=\"bold\" fill=\"" + NetworkStyle.DISRUPTED
                            + "\" text-anchor=\"middle\"");
        }
        svg.raw("</g>\n");
    }

    private static void legend(Svg svg, NetworkStyle style, double x, double y) {
        double row = 22;
        svg.text(x, y, "Legend", "font-size=\"12\" font-weight=\"bold\"");
        double yy = y + row;
        for (int i = 0; i < Math.min(style.loops, 7); i++) {
            int members = 0;
            for (int l : style.loopOf) if (l == i) members++;
            swatch(svg, x, yy, NetworkStyle.loopColor(i), lighten(i, style));
            svg.text(
                    x + 70,
                    yy + 4,
                    "loop " + (i + 1) + ": " + members
                            + " facilities that reach each other (strongly connected); its lanes on a cycle",
                    "font-size=\"11\"");
            yy += row;
        }
        swatch(svg, x, yy, NetworkStyle.ACYCLIC_LANE, NetworkStyle.ACYCLIC_FILL);
        svg.text(
                x + 70,
                yy + 4,
                "on no loop: facilities and lanes outside every cycle (feeds in, leaks out)",
                "font-size=\"11\"");
        yy += row;
        svg.raw(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555555\" stroke-width=\"1.4\"/>"
                        + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555555\" stroke-width=\"6\"/>%n",
                x,
                yy,
                x + 25,
                yy,
                x + 32,
                yy,
                x + 60,
                yy));
        svg.text(
                x + 70,
                yy + 4,
                style.flow != null
                        ? "lane width \u221D \u221Aflow (max " + NetworkStyle.format(style.maxFlow) + ")"
                        : "thick: lane on a cycle; thin: lane on no cycle",
                "font-size=\"11\"");
        yy += row;
        if (style.disrupted >= 0) {
            svg.raw(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\" "
                            + "stroke-dasharray=\"7,5\"/>%n",
                    x,
                    yy,
                    x + 60,
                    yy,
                    NetworkStyle.DISRUPTED));
            svg.text(
                    x + 70,
                    yy + 4,
                    "disrupted facility and its lanes: "
                            + style.network.facilities().get(style.disrupted).id(),
                    "font-size=\"11\" fill=\"" + NetworkStyle.DISRUPTED + "\"");
        }
    }

    private static String lighten(int loop, NetworkStyle style) {
        for (int v = 0; v < style.loopOf.length; v++) if (style.loopOf[v] == loop) return style.fill(v);
        return NetworkStyle.ACYCLIC_FILL;
    }

    private static void swatch(Svg svg, double x, double y, String stroke, String fill) {
        svg.raw(String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"24\" height=\"14\" rx=\"4\" fill=\"%s\" stroke=\"%s\" "
                        + "stroke-width=\"1.6\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2.4\"/>%n",
                x,
                y - 7,
                fill,
                stroke,
                x + 32,
                y,
                x + 60,
                y,
                stroke));
    }

    /** A minimal SVG writer. */
    private static final class Svg {
        private final StringBuilder sb = new StringBuilder();

        Svg(double width, double height) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                            + "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"Helvetica, Arial, sans-serif\" fill=\"%s\">%n"
                            + "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>%n",
                    width,
                    height,
                    width,
                    height,
                    NetworkStyle.TEXT));
        }

        void raw(String s) {
            sb.append(s);
        }

        void text(double x, double y, String text, String attributes) {
            sb.append(String.format(
                    Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, attributes, escape(text)));
        }

        String close() {
            return sb.append("</svg>\n").toString();
        }

        static String escape(String s) {
            return s.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\"", "&quot;");
        }
    }
}
