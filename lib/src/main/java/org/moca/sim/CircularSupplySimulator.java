package org.moca.sim;

import java.util.List;
import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;
import org.moca.graph.SupplyNetwork;

/**
 * The hourly simulator of a circular supply network under disruptions. One {@link #step} is one hour.
 *
 * <p><b>Order of events inside hour t</b> (every quantity in the material's own unit; mass means tracked mass):
 * <ol>
 *   <li><b>Disruptions</b> active in hour t set the effective capacities, yields, lead times and demand, by the one
 *       rule of {@link DisruptionEffects} (which the planners use too).</li>
 *   <li><b>Pipeline arrivals</b>: shipments due in hour t join the receiving facility's stock; end-of-life returns due in
 *       hour t join their market's stock.</li>
 *   <li><b>Procurement</b>: each virgin supplier adds {@code procurement × capacity} of its material (virgin inflow);
 *       each collection adds its exogenous inflow (e-waste from outside the network).</li>
 *   <li><b>Processing</b>, facility by facility in network order — production by recipe at plants, refurbish / harvest /
 *       shred at remanufacturers, recycling at yield at recyclers: {@code utilization × capacity} units are split over
 *       the modes by the mode shares, every mode is scaled down proportionally where its inputs are short (modes that
 *       share a scarce input are rationed by the same factor), inputs are consumed and outputs added at the realized
 *       yield; the tracked mass lost in processing goes to landfill.</li>
 *   <li><b>Demand fulfilment and backlog</b>: each market serves this hour's demand first, then its backlog, from stock;
 *       unserved demand joins the backlog. Service in hour t is served-this-hour / demand-this-hour.</li>
 *   <li><b>End-of-life returns with delay</b>: a share {@code returnRate} of the units sold comes back as the return
 *       material {@code returnDelay} hours later (at least one); the rest stays in use and leaves the model.</li>
 *   <li><b>Shipments</b>: each shipping slot releases {@code release × stock}, split over its lanes by the routing
 *       shares, each lane capped at its capacity (what does not fit stays in stock), into the lane's pipeline for
 *       {@code leadTime × (1 + delay) + extra} hours.</li>
 *   <li><b>Leakage</b>: what arrives at a landfill stays there; together with processing losses it is the leakage.</li>
 * </ol>
 *
 * <p>Mass balance: stock + pipelines + pending returns + landfill losses + mass retained in use = initial mass +
 * virgin and exogenous inflow, every hour (checked by {@link #massBalanceError()}).
 *
 * <p>Running time per hour: O(facilities + lanes + slots + active disruptions). Not thread-safe; one instance per
 * episode.
 */
public final class CircularSupplySimulator implements SimulatorView {

    private final NetworkIndex layout;
    private final SupplyNetwork network;
    private final Realization realization;
    private final List<Disruption> disruptions;
    private final DisruptionEffects effects;

    private final double[] stock;
    private final double[][] pipeline; // [lane][ring]
    private final double[] inTransit; // units per lane
    private final int ring;
    // The shipments in transit by dispatch hour (mod ring; a lane dispatches at most one shipment an hour): units, the
    // absolute dispatch hour, the hour it arrives (the simulator's secret) and its scheduled transit (what is quoted).
    private final double[][] sentUnits;
    private final int[][] sentHour;
    private final int[][] sentDue;
    private final int[][] sentScheduled;
    private final double[][] returns; // [market][ring]
    private final int[] returnRing;
    private final double[] backlog; // per market

    // effective parameters of the current hour
    private final double[] capacityFactor; // per facility
    private final double[] yieldFactor; // per facility
    private final double[] demandFactor; // per facility
    private final double[] delayFactor; // per lane
    private final boolean[] activeTypes = new boolean[DisruptionType.values().length];

    private final EpisodeTrace trace;
    private final double[] modeUnits; // scratch: units per mode of the processor being processed
    private int hour;

    // mass accounts
    private final double initialMass;
    private double inflowMass;
    private double landfillLossMass;
    private double retainedMass;
    private final double[] lastDemand;

    /**
     * @param layout           the network's layout
     * @param disruptions      disruptions of this episode (may be empty)
     * @param realization      the episode's exogenous randomness; its length is the episode's horizon
     * @param initialLaneFlow  units per hour already in transit on each lane at hour 0 (a steady-state pipeline: lane l
     *                         holds {@code leadTime} hours of it, arriving in hours 0 .. leadTime-1), or null for empty
     *                         pipelines; end-of-life returns are pre-filled at {@code demand × returnRate} per hour
     */
    public CircularSupplySimulator(
            NetworkIndex layout, List<Disruption> disruptions, Realization realization, double[] initialLaneFlow) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.network = layout.network();
        this.realization = Objects.requireNonNull(realization, "realization");
        this.disruptions = List.copyOf(Objects.requireNonNull(disruptions, "disruptions"));
        List<Facility> fs = network.facilities();
        List<Lane> lanes = network.lanes();

        effects = new DisruptionEffects(network, this.disruptions);

        stock = new double[layout.slotCount()];
        for (int f = 0; f < fs.size(); f++) {
            int fi = f;
            fs.get(f).initialInventory().forEach((m, q) -> stock[layoutSlot(fi, m)] += q);
        }
        ring = pipelineHours(network);
        pipeline = new double[lanes.size()][ring];
        inTransit = new double[lanes.size()];
        sentUnits = new double[lanes.size()][ring];
        sentHour = new int[lanes.size()][ring];
        sentDue = new int[lanes.size()][ring];
        sentScheduled = new int[lanes.size()][ring];
        for (int[] row : sentHour) java.util.Arrays.fill(row, Integer.MIN_VALUE);
        if (initialLaneFlow != null) {
            if (initialLaneFlow.length != lanes.size()) {
                throw new IllegalArgumentException("initialLaneFlow has " + initialLaneFlow.length
                        + " entries, the network has " + lanes.size() + " lanes");
            }
            for (int l = 0; l < lanes.size(); l++) {
                if (!(initialLaneFlow[l] >= 0))
                    throw new IllegalArgumentException("initialLaneFlow[" + l + "] = " + initialLaneFlow[l]);
                int lead = lanes.get(l).leadTime();
                for (int a = 0; a < lead; a++) {
                    pipeline[l][a % ring] += initialLaneFlow[l];
                    // the steady-state pipeline: one shipment an hour, dispatched lead hours before it arrives
                    if (initialLaneFlow[l] > 0) recordShipment(l, a - lead, a, lead, initialLaneFlow[l]);
                }
                inTransit[l] = initialLaneFlow[l] * lanes.get(l).leadTime();
            }
        }
        returns = new double[layout.markets.length][];
        returnRing = new int[layout.markets.length];
        backlog = new double[layout.markets.length];
        lastDemand = new double[layout.markets.length];
        for (int i = 0; i < layout.markets.length; i++) {
            Facility m = fs.get(layout.markets[i]);
            int delay = Math.max(1, m.returnDelay());
            returnRing[i] = delay + 1;
            returns[i] = new double[returnRing[i]];
            for (int a = 0; a < delay; a++) returns[i][a] = m.demand() * m.returnRate();
            lastDemand[i] = m.demand();
        }
        capacityFactor = new double[fs.size()];
        yieldFactor = new double[fs.size()];
        demandFactor = new double[fs.size()];
        delayFactor = new double[lanes.size()];
        trace = new EpisodeTrace(layout, realization.hours());
        int maxModes = 1;
        for (NetworkIndex.ModeIndex[] ms : layout.modes) maxModes = Math.max(maxModes, ms.length);
        modeUnits = new double[maxModes];
        initialMass = systemMass();
    }

    /**
     * How many hours ahead a shipment can be due: the longest lead time stretched by the largest delay severity, plus the
     * largest extra delay a {@link SimConfig} allows (72 h) and two hours of slack. {@link #arriving} is zero beyond it.
     */
    public static int pipelineHours(SupplyNetwork network) {
        int maxLead = 1;
        for (Lane l : network.lanes()) maxLead = Math.max(maxLead, l.leadTime());
        return (int) Math.ceil(maxLead * (1 + Disruption.MAX_DELAY_SEVERITY)) + 72 + 2;
    }

    private int layoutSlot(int f, String m) {
        return layout.slotOf(network.facilities().get(f).id(), m);
    }

    @Override
    public NetworkIndex layout() {
        return layout;
    }

    public List<Disruption> disruptions() {
        return disruptions;
    }

    /** The hour the next {@link #step} simulates (0 before the first). */
    @Override
    public int hour() {
        return hour;
    }

    /** Number of hours this episode can run (the realization's length). */
    @Override
    public int horizon() {
        return realization.hours();
    }

    public boolean done() {
        return hour >= realization.hours();
    }

    @Override
    public EpisodeTrace trace() {
        return trace;
    }

    /**
     * Simulates one hour under {@code controls}.
     *
     * @throws IllegalStateException    when the episode is over
     * @throws IllegalArgumentException when the controls do not fit the network or are out of range
     */
    public void step(Controls controls) {
        if (done()) throw new IllegalStateException("the episode is over after " + hour + " hours");
        controls.validate(layout);
        int t = hour;
        List<Facility> fs = network.facilities();
        List<Lane> lanes = network.lanes();
        EpisodeTrace.Hour rec = trace.begin(t);

        // 1. disruptions
        applyDisruptions(t);

        // 2. arrivals
        int slotInRing = t % ring;
        for (int l = 0; l < pipeline.length; l++) {
            double q = pipeline[l][slotInRing];
            if (q != 0) {
                pipeline[l][slotInRing] = 0;
                inTransit[l] -= q;
                stock[layout.laneToSlot[l]] += q;
                if (layout.slotAtLandfill[layout.laneToSlot[l]]) rec.leakageMass += q * layout.laneMassKg[l];
            }
        }
        for (int i = 0; i < returns.length; i++) {
            int r = t % returnRing[i];
            double q = returns[i][r];
            returns[i][r] = 0;
            if (layout.marketReturnSlot[i] >= 0) stock[layout.marketReturnSlot[i]] += q;
        }

        // 3. procurement and exogenous inflow
        for (int i = 0; i < layout.suppliers.length; i++) {
            int f = layout.suppliers[i];
            Facility sup = fs.get(f);
            double q = controls.procurement()[i] * sup.capacity() * capacityFactor[f];
            int s = layout.supplierSlot[i];
            stock[s] += q;
            double mass = q * layout.slot(s).massKg();
            inflowMass += mass;
            rec.virginMass += mass;
            rec.cost += q * sup.unitCost();
            rec.procured[i] = q;
        }
        for (int i = 0; i < layout.collections.length; i++) {
            int f = layout.collections[i];
            double q = fs.get(f).capacity() * capacityFactor[f] * realization.inflowFactor(i, t);
            int s = layout.collectionInflowSlot[i];
            stock[s] += q;
            inflowMass += q * layout.slot(s).massKg();
        }

        // 4. processing
        for (int i = 0; i < layout.processors.length; i++) process(i, controls, rec, t);

        // 5-6. demand, backlog, returns
        for (int i = 0; i < layout.markets.length; i++) {
            int f = layout.markets[i];
            Facility m = fs.get(f);
            double d = m.demand() * demandFactor[f] * realization.demandFactor(i, t);
            int s = layout.marketProductSlot[i];
            double served = Math.min(stock[s], d);
            stock[s] -= served;
            double fromBacklog = Math.min(stock[s], backlog[i]);
            stock[s] -= fromBacklog;
            backlog[i] += d - served - fromBacklog;
            double sold = served + fromBacklog;
            double back = sold * m.returnRate();
            returns[i][(t + Math.max(1, m.returnDelay())) % returnRing[i]] += back;
            retainedMass += (sold - back) * layout.slot(s).massKg();
            lastDemand[i] = d;
            rec.demand += d;
            rec.served += served;
            rec.backlogServed += fromBacklog;
            rec.backlog += backlog[i];
        }

        // 7. shipments
        for (int i = 0; i < layout.shipSlots.length; i++) {
            int s = layout.shipSlots[i];
            double release = controls.release()[i] * stock[s];
            if (release <= 0) continue;
            int[] ls = layout.shipLanes[i];
            double[] split = controls.routing()[i];
            for (int j = 0; j < ls.length; j++) {
                int l = ls[j];
                Lane lane = lanes.get(l);
                double q = Math.min(release * split[j], lane.capacity());
                if (q <= 0) continue;
                stock[s] -= q;
                int lead = DisruptionEffects.transit(lane, delayFactor[l], realization.extraDelay(l, t));
                pipeline[l][(t + lead) % ring] += q;
                recordShipment(l, t, t + lead, DisruptionEffects.transit(lane, delayFactor[l], 0), q);
                inTransit[l] += q;
                rec.cost += q * lane.unitCost();
                rec.laneFlow[l] += q;
            }
            if (stock[s] < 0) stock[s] = 0; // rounding only: shipments never exceed release <= stock
        }

        trace.end(rec, stock);
        hour++;
    }

    private void recordShipment(int l, int dispatch, int due, int scheduled, double units) {
        int r = Math.floorMod(dispatch, ring);
        sentUnits[l][r] = units;
        sentHour[l][r] = dispatch;
        sentDue[l][r] = due;
        sentScheduled[l][r] = scheduled;
    }

    private void process(int i, Controls controls, EpisodeTrace.Hour rec, int t) {
        int f = layout.processors[i];
        Facility fac = network.facilities().get(f);
        NetworkIndex.ModeIndex[] ms = layout.modes[i];
        double target = controls.utilization()[i] * fac.capacity() * capacityFactor[f];
        if (target <= 0) return;
        double[] shares = controls.modeShares()[i];
        // Desired units per mode, then one rationing factor per input slot shared by every mode that uses it.
        double[] units = new double[ms.length];
        for (int k = 0; k < ms.length; k++) units[k] = target * shares[k];
        for (int k = 0; k < ms.length; k++) {
            double phi = 1;
            for (int j = 0; j < ms[k].inputSlots().length; j++) {
                int s = ms[k].inputSlots()[j];
                double need = 0;
                for (int k2 = 0; k2 < ms.length; k2++) need += units[k2] * inputOf(ms[k2], s);
                if (need > 0) phi = Math.min(phi, stock[s] / need);
            }
            modeUnits[k] = units[k] * Math.max(0, phi);
        }
        double processed = 0;
        for (int k = 0; k < ms.length; k++) {
            double u = modeUnits[k];
            if (u <= 0) continue;
            processed += u;
            NetworkIndex.ModeIndex mi = ms[k];
            for (int j = 0; j < mi.inputSlots().length; j++) {
                int s = mi.inputSlots()[j];
                stock[s] = Math.max(0, stock[s] - u * mi.inputQty()[j]);
            }
            double y = yieldFactor[f] * realization.yieldFactor(i, k, t);
            double outMass = 0;
            for (int j = 0; j < mi.outputSlots().length; j++) {
                int s = mi.outputSlots()[j];
                double q = u * mi.outputQty()[j] * y;
                stock[s] += q;
                outMass += q * layout.slot(s).massKg();
            }
            double loss = u * mi.inputMassKg() - outMass;
            landfillLossMass += loss;
            rec.leakageMass += loss;
            if (fac.type() == FacilityType.RECYCLER || fac.type() == FacilityType.REMANUFACTURER)
                rec.recoveredMass += outMass;
        }
        rec.processed[i] = processed;
        rec.cost += processed * fac.unitCost();
    }

    private static double inputOf(NetworkIndex.ModeIndex m, int slot) {
        for (int j = 0; j < m.inputSlots().length; j++) if (m.inputSlots()[j] == slot) return m.inputQty()[j];
        return 0;
    }

    private void applyDisruptions(int t) {
        effects.applyAt(t, capacityFactor, yieldFactor, demandFactor, delayFactor, activeTypes);
    }

    // ---- observation accessors (read-only views for state encoders and planners) ----

    /** Units in stock at slot s. */
    @Override
    public double stock(int s) {
        return stock[s];
    }

    /** Units in transit on lane l. */
    @Override
    public double inTransit(int l) {
        return inTransit[l];
    }

    /**
     * Units due to arrive on lane l exactly {@code hoursAhead} hours after the current hour (0 = this hour), random extra
     * delays included. The simulator's own knowledge, not part of {@link SimulatorView}: no operator knows when a late
     * shipment will land ({@link #shipmentsInTransit} is what can be observed).
     */
    public double arriving(int l, int hoursAhead) {
        if (hoursAhead < 0 || hoursAhead >= ring) return 0;
        return pipeline[l][(hour + hoursAhead) % ring];
    }

    @Override
    public java.util.List<Shipment> shipmentsInTransit(int lane) {
        java.util.List<Shipment> out = new java.util.ArrayList<>();
        for (int back = ring - 1; back >= 1; back--) {
            int tau = hour - back, r = Math.floorMod(tau, ring);
            if (sentHour[lane][r] == tau && sentDue[lane][r] >= hour && sentUnits[lane][r] > 0)
                out.add(new Shipment(tau, sentScheduled[lane][r], sentUnits[lane][r]));
        }
        return out;
    }

    /** End-of-life returns due at the i-th market {@code hoursAhead} hours after the current hour. */
    @Override
    public double returnsArriving(int marketOrdinal, int hoursAhead) {
        if (hoursAhead < 0 || hoursAhead >= returnRing[marketOrdinal]) return 0;
        return returns[marketOrdinal][(hour + hoursAhead) % returnRing[marketOrdinal]];
    }

    /** Backlog of the i-th market. */
    @Override
    public double backlog(int marketOrdinal) {
        return backlog[marketOrdinal];
    }

    /** Demand of the i-th market in the last simulated hour (its mean before the first). */
    @Override
    public double lastDemand(int marketOrdinal) {
        return lastDemand[marketOrdinal];
    }

    /**
     * Effective capacity factor of facility f in the last simulated hour (1 before the first hour and when undisrupted).
     */
    @Override
    public double capacityFactor(int f) {
        return hour == 0 ? 1 : capacityFactor[f];
    }

    @Override
    public double yieldFactorOf(int f) {
        return hour == 0 ? 1 : yieldFactor[f];
    }

    @Override
    public double demandFactorOf(int f) {
        return hour == 0 ? 1 : demandFactor[f];
    }

    @Override
    public double delayFactor(int l) {
        return hour == 0 ? 0 : delayFactor[l];
    }

    /** Whether a disruption of this type was active in the last simulated hour. */
    @Override
    public boolean typeActive(DisruptionType type) {
        return hour > 0 && activeTypes[type.ordinal()];
    }

    /** Total tracked mass in the system now: stock, pipelines, pending returns, landfill losses, retained in use. */
    public double systemMass() {
        double m = 0;
        for (int s = 0; s < stock.length; s++) m += stock[s] * layout.slot(s).massKg();
        for (int l = 0; l < inTransit.length; l++) m += inTransit[l] * layout.laneMassKg[l];
        for (int i = 0; i < returns.length; i++) {
            if (layout.marketReturnSlot[i] < 0) continue;
            double mass = layout.slot(layout.marketReturnSlot[i]).massKg();
            for (double q : returns[i]) m += q * mass;
        }
        return m + landfillLossMass + retainedMass;
    }

    /**
     * Mass balance residual: system mass now minus (initial mass + cumulative inflow). Zero up to rounding every hour.
     * Markets with returns but no return slot would lose mass; validation makes that impossible.
     */
    public double massBalanceError() {
        return systemMass() - (initialMass + inflowMass);
    }

    /** Initial tracked mass plus cumulative inflow: the scale against which {@link #massBalanceError()} is judged. */
    public double massScale() {
        return initialMass + inflowMass;
    }
}
