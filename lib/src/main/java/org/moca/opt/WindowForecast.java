package org.moca.opt;

import org.moca.sim.SimulatorView;

/**
 * What a window planner assumes about the exogenous side of the hours ahead, in absolute hours. The oracle's forecast
 * is the episode's realization itself ({@link PerfectForecast}); the MPC expert's is the expected-value model under its
 * assumptions about the observed disruptions ({@link ExpectedForecast}).
 */
public interface WindowForecast {

    /** Capacity multiplier of facility f in hour t (suppliers, processors and collections). */
    double capacityFactor(int facility, int t);

    /** Output multiplier of the k-th mode of the i-th processor in hour t. */
    double yieldFactor(int processorOrdinal, int mode, int t);

    /** Demand of the i-th market in hour t, in units. */
    double demand(int marketOrdinal, int t);

    /** Exogenous inflow multiplier of the i-th collection in hour t. */
    double inflowFactor(int collectionOrdinal, int t);

    /** Hours (at least 1) a shipment dispatched on lane l in hour t stays in transit. */
    int transit(int lane, int t);

    /**
     * The absolute hour, at least {@code now}, in which a shipment already in transit on lane l (not arrived before
     * hour {@code now}) arrives, as far as this forecast knows.
     */
    int arrivalHour(int lane, SimulatorView.Shipment shipment, int now);
}
