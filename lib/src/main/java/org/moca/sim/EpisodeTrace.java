package org.moca.sim;

import java.util.Arrays;
import org.moca.graph.Facility;

/**
 * What happened in each hour of an episode: demand, service, backlog, cost, mass flows, and the per-lane shipments.
 * Filled by {@link CircularSupplySimulator}; read by {@link RecoveryMetrics}. Hours not yet simulated are zero.
 */
public final class EpisodeTrace {

    /** Accumulator for the hour being simulated. */
    static final class Hour {
        int t;
        double demand, served, backlogServed, backlog, cost, virginMass, recoveredMass, leakageMass;
        final double[] laneFlow;
        final double[] procured;
        final double[] processed;

        Hour(int lanes, int suppliers, int processors) {
            laneFlow = new double[lanes];
            procured = new double[suppliers];
            processed = new double[processors];
        }

        void reset(int hour) {
            t = hour;
            demand = served = backlogServed = backlog = cost = virginMass = recoveredMass = leakageMass = 0;
            Arrays.fill(laneFlow, 0);
            Arrays.fill(procured, 0);
            Arrays.fill(processed, 0);
        }
    }

    private final NetworkIndex layout;
    private final double[] demand,
            served,
            backlogServed,
            backlog,
            cost,
            virginMass,
            recoveredMass,
            leakageMass,
            stranded;
    private final double[][] laneFlow; // [t][lane] units shipped
    private final double[][] procured; // [t][supplier]
    private final double[][] processed; // [t][processor]
    private final double[] strandedThreshold; // per slot: units a processor can use in 24 h at full capacity
    private final Hour current;
    private int hours;

    EpisodeTrace(NetworkIndex layout, int horizon) {
        this.layout = layout;
        demand = new double[horizon];
        served = new double[horizon];
        backlogServed = new double[horizon];
        backlog = new double[horizon];
        cost = new double[horizon];
        virginMass = new double[horizon];
        recoveredMass = new double[horizon];
        leakageMass = new double[horizon];
        stranded = new double[horizon];
        int lanes = layout.network().lanes().size();
        laneFlow = new double[horizon][];
        procured = new double[horizon][];
        processed = new double[horizon][];
        current = new Hour(lanes, layout.suppliers.length, layout.processors.length);
        strandedThreshold = new double[layout.slotCount()];
        Arrays.fill(strandedThreshold, Double.POSITIVE_INFINITY);
        for (int i = 0; i < layout.processors.length; i++) {
            Facility f = layout.network().facilities().get(layout.processors[i]);
            for (NetworkIndex.ModeIndex m : layout.modes[i]) {
                for (int j = 0; j < m.inputSlots().length; j++) {
                    int s = m.inputSlots()[j];
                    double need = 24 * f.capacity() * m.inputQty()[j];
                    strandedThreshold[s] = strandedThreshold[s] == Double.POSITIVE_INFINITY
                            ? need
                            : Math.max(strandedThreshold[s], need);
                }
            }
        }
    }

    Hour begin(int t) {
        current.reset(t);
        return current;
    }

    void end(Hour h, double[] stock) {
        int t = h.t;
        demand[t] = h.demand;
        served[t] = h.served;
        backlogServed[t] = h.backlogServed;
        backlog[t] = h.backlog;
        cost[t] = h.cost;
        virginMass[t] = h.virginMass;
        recoveredMass[t] = h.recoveredMass;
        leakageMass[t] = h.leakageMass;
        double s = 0;
        for (int i = 0; i < stock.length; i++) {
            if (stock[i] > strandedThreshold[i])
                s += (stock[i] - strandedThreshold[i]) * layout.slot(i).massKg();
        }
        stranded[t] = s;
        laneFlow[t] = h.laneFlow.clone();
        procured[t] = h.procured.clone();
        processed[t] = h.processed.clone();
        hours = t + 1;
    }

    public NetworkIndex layout() {
        return layout;
    }

    /** Hours simulated so far. */
    public int hours() {
        return hours;
    }

    /** Total demand (all markets) in hour t. */
    public double demand(int t) {
        return demand[t];
    }

    /** Demand of hour t served in hour t. */
    public double served(int t) {
        return served[t];
    }

    /** Backlogged demand served in hour t. */
    public double backlogServed(int t) {
        return backlogServed[t];
    }

    /** Backlog (all markets) at the end of hour t. */
    public double backlog(int t) {
        return backlog[t];
    }

    /** Procurement + processing + transport cost in hour t. */
    public double cost(int t) {
        return cost[t];
    }

    /** Tracked mass bought from virgin suppliers in hour t. */
    public double virginMass(int t) {
        return virginMass[t];
    }

    /** Tracked mass output by recyclers and remanufacturers in hour t. */
    public double recoveredMass(int t) {
        return recoveredMass[t];
    }

    /** Tracked mass that reached landfill (arrivals plus processing losses) in hour t. */
    public double leakageMass(int t) {
        return leakageMass[t];
    }

    /**
     * Tracked mass of processor inputs held at the end of hour t beyond what the facility could use in 24 hours at full
     * capacity: stock that a disruption has stranded.
     */
    public double strandedMass(int t) {
        return stranded[t];
    }

    /** Units shipped on lane l in hour t. */
    public double laneFlow(int t, int l) {
        return laneFlow[t][l];
    }

    /** Units bought from the i-th supplier in hour t. */
    public double procured(int t, int supplierOrdinal) {
        return procured[t][supplierOrdinal];
    }

    /** Units processed by the i-th processor in hour t. */
    public double processed(int t, int processorOrdinal) {
        return processed[t][processorOrdinal];
    }

    /**
     * Service level in hour t: demand of the hour served in the hour / demand of the hour; 1 when there is no demand.
     */
    public double service(int t) {
        return demand[t] > 0 ? served[t] / demand[t] : 1;
    }

    /** Service levels of hours 0 .. hours()-1. */
    public double[] serviceCurve() {
        double[] s = new double[hours];
        for (int t = 0; t < hours; t++) s[t] = service(t);
        return s;
    }
}
