package org.moca.sim;

import java.util.List;
import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;

/**
 * Encodes what a policy observes into a normalized real vector whose dimension derives from the network.
 *
 * <p>Layout, in this order (each block in the {@link NetworkIndex}'s index order):
 * <ol>
 *   <li>stock per slot, in days of that slot's throughput ({@code stock / (24 × rate)}, clipped to [0, 5]), where the
 *       rate is the largest of: total capacity of the lanes into the slot, of the lanes out of it, the processing need
 *       of the facility's modes at full capacity, and the market's mean demand;</li>
 *   <li>in transit per lane, as a share of a full pipeline ({@code capacity × leadTime}), clipped to [0, 5];</li>
 *   <li>capacity factor per facility (1 undisrupted, 0 down);</li>
 *   <li>yield factor per processor;</li>
 *   <li>delay factor per lane, divided by {@link Disruption#MAX_DELAY_SEVERITY};</li>
 *   <li>per market: backlog in days of mean demand (clipped to [0, 5]), last hour's demand / mean demand, and the
 *       demand factor of the hour;</li>
 *   <li>hours since the first observed onset / 72, clipped to [0, 2] (0 before onset);</li>
 *   <li>one flag per {@link DisruptionType}: active in the hour.</li>
 * </ol>
 * The factors and flags come from the {@link HourFactors} the caller passes. State layout
 * {@value #LAYOUT_VERSION}: every policy and every label encodes the factors known at the hour about to be simulated
 * ({@link HourFactors#known}, the observed disruptions in force), so the state at an onset hour already shows the
 * disruption the MPC and the heuristic see then. Layout 1 encoded the last simulated hour's factors, so the onset hour
 * looked like a pre-onset state; policies saved with it are refused on load ({@code GaussianPolicy.load}). An
 * encoder still writes layout 1 when asked ({@link #StateEncoder(NetworkIndex, int)}), so that handicap can be measured
 * as a paired difference (a meta-policy trained and deployed in layout 1 against the same one in layout 2); its callers
 * take the factors to encode from {@link #factors}. The layout
 * changes which factors are passed, not the vector's shape. Running time O(slots + lanes + facilities).
 */
public final class StateEncoder {

    /**
     * The state layout this encoder writes: 2 = factors known at the hour (observed disruptions in force), 1 = factors
     * of the last simulated hour. Saved policies carry it, and a policy saved with another layout is refused.
     */
    public static final int LAYOUT_VERSION = 2;

    /** Clip of the "days of stock" style features. */
    public static final double CLIP = 5;
    /** Hours after onset that map to 1.0 of the elapsed-time feature. */
    static final double ELAPSED_SCALE = 72;

    private final NetworkIndex layout;
    private final int stateLayout;
    private final double[] slotScale;
    private final double[] pipelineScale;
    private final int dimension;

    /** An encoder of the current layout ({@value #LAYOUT_VERSION}). */
    public StateEncoder(NetworkIndex layout) {
        this(layout, LAYOUT_VERSION);
    }

    /**
     * An encoder that writes state layout {@code stateLayout}: {@value #LAYOUT_VERSION} (the factors known at the hour)
     * or 1 (the last simulated hour's factors, protocol v1's stale state; for measuring it only).
     *
     * @throws IllegalArgumentException when the layout is neither 1 nor {@value #LAYOUT_VERSION}
     */
    public StateEncoder(NetworkIndex layout, int stateLayout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.stateLayout = checkLayout(stateLayout, "stateLayout");
        var net = layout.network();
        List<Facility> fs = net.facilities();
        List<Lane> lanes = net.lanes();
        double[] in = new double[layout.slotCount()],
                out = new double[layout.slotCount()],
                need = new double[layout.slotCount()];
        for (int l = 0; l < lanes.size(); l++) {
            in[layout.laneToSlot(l)] += lanes.get(l).capacity();
            out[layout.laneFromSlot(l)] += lanes.get(l).capacity();
        }
        for (int i = 0; i < layout.processors.length; i++) {
            double cap = fs.get(layout.processors[i]).capacity();
            for (NetworkIndex.ModeIndex m : layout.modes[i]) {
                for (int j = 0; j < m.inputSlots().length; j++)
                    need[m.inputSlots()[j]] = Math.max(need[m.inputSlots()[j]], cap * m.inputQty()[j]);
            }
        }
        for (int i = 0; i < layout.markets.length; i++) {
            int s = layout.marketProductSlot[i];
            need[s] = Math.max(need[s], fs.get(layout.markets[i]).demand());
        }
        slotScale = new double[layout.slotCount()];
        for (int s = 0; s < slotScale.length; s++)
            slotScale[s] = 24 * Math.max(1e-6, Math.max(need[s], Math.max(in[s], out[s])));
        pipelineScale = new double[lanes.size()];
        for (int l = 0; l < lanes.size(); l++)
            pipelineScale[l] =
                    Math.max(1e-6, lanes.get(l).capacity() * lanes.get(l).leadTime());
        dimension = layout.slotCount()
                + lanes.size()
                + fs.size()
                + layout.processors.length
                + lanes.size()
                + 3 * layout.markets.length
                + 1
                + DisruptionType.values().length;
        if (fs.stream().anyMatch(f -> f.type() == FacilityType.MARKET && f.demand() <= 0)) {
            throw new IllegalArgumentException("every market needs a positive mean demand to normalize its features");
        }
    }

    public int dimension() {
        return dimension;
    }

    /** The state layout this encoder writes: 1 or {@value #LAYOUT_VERSION}. */
    public int stateLayout() {
        return stateLayout;
    }

    /**
     * The factors this encoder's layout encodes at the view's hour: {@code known} (the factors known at the hour,
     * computed only for layout {@value #LAYOUT_VERSION}) or, in layout 1, what the view shows of the last simulated
     * hour ({@link HourFactors#lastHour}). The one place the layout decides which factors a state shows.
     */
    public HourFactors factors(SimulatorView view, java.util.function.Supplier<HourFactors> known) {
        return stateLayout == 1 ? HourFactors.lastHour(view) : known.get();
    }

    /**
     * {@code stateLayout} when it is a layout an encoder writes (1 or {@value #LAYOUT_VERSION}).
     *
     * @throws IllegalArgumentException naming {@code field} and the expected values otherwise
     */
    public static int checkLayout(int stateLayout, String field) {
        if (stateLayout != 1 && stateLayout != LAYOUT_VERSION)
            throw new IllegalArgumentException(field + " must be 1 (the last simulated hour's factors) or "
                    + LAYOUT_VERSION + " (the factors known at the hour), got " + stateLayout);
        return stateLayout;
    }

    public NetworkIndex layout() {
        return layout;
    }

    /**
     * Encodes the current observation.
     *
     * @param firstOnset the hour of the first observed disruption onset, or a negative number if none has begun
     * @param factors    the effective parameters of the hour to encode (for every policy: {@link HourFactors#known})
     */
    public double[] encode(SimulatorView view, int firstOnset, HourFactors factors) {
        double[] x = new double[dimension];
        encode(view, firstOnset, factors, x);
        return x;
    }

    /** Encodes into {@code x} (length {@link #dimension()}), for callers that reuse a buffer. */
    public void encode(SimulatorView view, int firstOnset, HourFactors factors, double[] x) {
        java.util.Objects.requireNonNull(factors, "factors");
        if (x.length != dimension)
            throw new IllegalArgumentException("buffer has " + x.length + " entries, expected " + dimension);
        var fs = layout.network().facilities();
        int k = 0;
        for (int s = 0; s < layout.slotCount(); s++) x[k++] = clip(view.stock(s) / slotScale[s]);
        for (int l = 0; l < pipelineScale.length; l++) x[k++] = clip(view.inTransit(l) / pipelineScale[l]);
        for (int f = 0; f < fs.size(); f++) x[k++] = factors.capacityFactor(f);
        for (int p : layout.processors) x[k++] = factors.yieldFactor(p);
        for (int l = 0; l < pipelineScale.length; l++) x[k++] = factors.delayFactor(l) / Disruption.MAX_DELAY_SEVERITY;
        for (int i = 0; i < layout.markets.length; i++) {
            double mean = fs.get(layout.markets[i]).demand();
            x[k++] = clip(view.backlog(i) / (24 * mean));
            x[k++] = view.lastDemand(i) / mean;
            x[k++] = factors.demandFactor(layout.markets[i]);
        }
        x[k++] = firstOnset < 0 || view.hour() < firstOnset
                ? 0
                : Math.min(2, (view.hour() - firstOnset) / ELAPSED_SCALE);
        for (DisruptionType t : DisruptionType.values()) x[k++] = factors.typeActive(t) ? 1 : 0;
    }

    /**
     * The vector-Jacobian product of {@link #encode} with respect to the quantities a policy's actions move: stock per
     * slot, units in transit per lane and backlog per market. Given the encoded vector {@code x} and {@code dx}, the
     * gradient of a scalar with respect to it, adds the scalar's gradient with respect to those quantities into
     * {@code dStock}, {@code dInTransit} and {@code dBacklog}. Every other feature (capacity, yield, demand and delay
     * factors, last demand, elapsed time, flags) is exogenous: it does not depend on the actions. A clipped feature
     * {@code clip(v / scale)} passes {@code 1 / scale} below the clip ({@value #CLIP}) and nothing at it (at 0 the
     * derivative of the side on which stock can move, upwards). Running time O(slots + lanes + markets).
     */
    public void backward(double[] x, double[] dx, double[] dStock, double[] dInTransit, double[] dBacklog) {
        if (x.length != dimension || dx.length != dimension) {
            throw new IllegalArgumentException(
                    "x and dx must have " + dimension + " entries, got " + x.length + " and " + dx.length);
        }
        if (dStock.length != layout.slotCount()
                || dInTransit.length != pipelineScale.length
                || dBacklog.length != layout.markets.length) {
            throw new IllegalArgumentException("dStock, dInTransit and dBacklog must have " + layout.slotCount() + ", "
                    + pipelineScale.length + " and " + layout.markets.length + " entries");
        }
        var fs = layout.network().facilities();
        int k = 0;
        for (int s = 0; s < layout.slotCount(); s++, k++) if (x[k] < CLIP) dStock[s] += dx[k] / slotScale[s];
        for (int l = 0; l < pipelineScale.length; l++, k++) if (x[k] < CLIP) dInTransit[l] += dx[k] / pipelineScale[l];
        k += fs.size() + layout.processors.length + pipelineScale.length;
        for (int i = 0; i < layout.markets.length; i++, k += 3)
            if (x[k] < CLIP)
                dBacklog[i] += dx[k] / (24 * fs.get(layout.markets[i]).demand());
    }

    private static double clip(double v) {
        return Math.max(0, Math.min(CLIP, v));
    }
}
