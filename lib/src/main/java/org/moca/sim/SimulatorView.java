package org.moca.sim;

/**
 * What a policy may observe of a running simulation: the current hour, stocks, the shipments in transit (when they left
 * and their scheduled transit, not when a late one will land), backlog, last demand and the effective (disrupted)
 * parameters of the last hour. Read-only: a policy cannot advance or alter the simulation. What each policy reads of it
 * is listed in {@code docs/information-sets.md}.
 */
public interface SimulatorView {

    NetworkIndex layout();

    /** The hour about to be simulated. */
    int hour();

    /** Number of hours in the episode. */
    int horizon();

    double stock(int slot);

    double inTransit(int lane);

    /**
     * A shipment still in transit, as its receiver knows it: when it left, how long its transit was scheduled to take
     * ({@code round(leadTime × (1 + delay))} with the lane's delay factor of the dispatch hour, the carrier's quote),
     * and how much it carries. Not when it will arrive: the random extra delay of a late shipment is not observed.
     *
     * @param dispatchHour     absolute hour it was dispatched (negative for the steady-state pipeline of hour 0)
     * @param scheduledTransit hours it was scheduled to spend in transit, at least 1
     * @param units            units it carries
     */
    record Shipment(int dispatchHour, int scheduledTransit, double units) {}

    /**
     * The shipments on lane l that have not arrived before the current hour, oldest first (they arrive in this hour or
     * later). Their units sum to {@link #inTransit}.
     */
    java.util.List<Shipment> shipmentsInTransit(int lane);

    /** End-of-life returns due at the i-th market {@code hoursAhead} hours after the current hour. */
    double returnsArriving(int marketOrdinal, int hoursAhead);

    double backlog(int marketOrdinal);

    double lastDemand(int marketOrdinal);

    double capacityFactor(int facility);

    double yieldFactorOf(int facility);

    double demandFactorOf(int facility);

    double delayFactor(int lane);

    boolean typeActive(DisruptionType type);

    /** The trace so far. */
    EpisodeTrace trace();
}
