package org.moca.graph;

import java.util.Locale;

/**
 * The visual encoding shared by {@link DotExporter} and {@link SvgRenderer}, so both pictures say the same thing:
 * facilities filled with the color of their loop (strongly connected component with more than one facility; grey when
 * on no loop), lanes on a cycle drawn in their loop's color and thicker, other lanes grey, the disrupted facility
 * outlined in red with its outgoing lanes dashed red, lane widths proportional to the square root of the flow.
 */
final class NetworkStyle {

    /** Colorblind-safe (Okabe–Ito) hues for the loops; pale tints of the same hues fill the facilities. */
    private static final String[] LOOP_COLORS = {
        "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F5F00", "#6A3D9A"
    };

    private static final String[] LOOP_FILLS = {
        "#D6E9F5", "#D2EFE6", "#F4E3EC", "#FBEBCC", "#DDEFFB", "#EFE7CC", "#E6DDF0"
    };
    static final String DISRUPTED = "#D7191C";
    static final String ACYCLIC_LANE = "#8A8A8A";
    static final String ACYCLIC_FILL = "#F2F2F2";
    static final String TEXT = "#222222";

    final SupplyNetwork network;
    final CircularityScore circularity;
    final int[] loopOf; // per facility: loop number (0, 1, ...) or -1 when on no loop
    final int loops;
    final int disrupted; // facility index or -1
    final double[] flow; // may be null
    final double maxFlow;

    NetworkStyle(SupplyNetwork network, RenderOptions options) {
        this.network = network;
        this.circularity = new CircularityScore(network);
        int[] comp = circularity.componentIndex();
        int[] loopOfComponent = new int[circularity.components().size()];
        int k = 0;
        for (int c = 0; c < loopOfComponent.length; c++)
            loopOfComponent[c] = circularity.components().get(c).size() > 1 ? k++ : -1;
        this.loops = k;
        this.loopOf = new int[comp.length];
        for (int v = 0; v < comp.length; v++) loopOf[v] = loopOfComponent[comp[v]];
        this.disrupted =
                options.disruptedFacility() == null ? -1 : network.facilityIndexOf(options.disruptedFacility());
        this.flow = options.laneFlow();
        if (flow != null && flow.length != network.lanes().size()) {
            throw new IllegalArgumentException("laneFlow has " + flow.length + " entries, the network has "
                    + network.lanes().size() + " lanes");
        }
        double max = 0;
        if (flow != null) for (double f : flow) max = Math.max(max, f);
        this.maxFlow = max;
    }

    static String loopColor(int loop) {
        return LOOP_COLORS[loop % LOOP_COLORS.length];
    }

    String fill(int facility) {
        return loopOf[facility] < 0 ? ACYCLIC_FILL : LOOP_FILLS[loopOf[facility] % LOOP_FILLS.length];
    }

    String border(int facility) {
        if (facility == disrupted) return DISRUPTED;
        return loopOf[facility] < 0 ? ACYCLIC_LANE : loopColor(loopOf[facility]);
    }

    boolean isDisrupted(int facility) {
        return facility == disrupted;
    }

    /** Lanes out of or into the disrupted facility carry nothing while it is down. */
    boolean touchesDisrupted(Lane lane) {
        return disrupted >= 0
                && (network.facilityIndexOf(lane.from()) == disrupted
                        || network.facilityIndexOf(lane.to()) == disrupted);
    }

    String laneColor(int lane) {
        Lane l = network.lanes().get(lane);
        if (touchesDisrupted(l)) return DISRUPTED;
        return circularity.isCyclic(lane) ? loopColor(loopOf[network.facilityIndexOf(l.from())]) : ACYCLIC_LANE;
    }

    /** Stroke width in px: by flow when given (1 to 9, square root so that small flows stay visible), else by role. */
    double laneWidth(int lane) {
        if (flow != null) return maxFlow > 0 ? 1 + 8 * Math.sqrt(flow[lane] / maxFlow) : 1;
        return circularity.isCyclic(lane) ? 2.4 : 1.4;
    }

    /** A short, human label for a facility type. */
    static String typeLabel(FacilityType type) {
        return switch (type) {
            case VIRGIN_SUPPLIER -> "virgin supplier";
            case COMPONENT_PLANT -> "component plant";
            case ASSEMBLY_PLANT -> "assembly plant";
            case MARKET -> "market";
            case COLLECTION -> "collection";
            case REMANUFACTURER -> "remanufacturer";
            case RECYCLER -> "recycler";
            case LANDFILL -> "landfill";
        };
    }

    String laneLabel(int lane) {
        Lane l = network.lanes().get(lane);
        String s = l.id() + " " + l.material();
        if (flow != null) s += " " + format(flow[lane]);
        return s;
    }

    /** The legend's summary line: loops, cyclic lanes, and the circularity of the flow when one is given. */
    String summary() {
        String s = loops + (loops == 1 ? " loop, " : " loops, ") + circularity.cyclicLaneCount() + " of "
                + network.lanes().size() + " lanes on a cycle";
        if (flow != null) s += String.format(Locale.ROOT, ", circularity of the flow %.3f", circularity.score(flow));
        return s;
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
