package org.moca.sim;

/**
 * What a policy may observe of a running simulation: the current hour, stocks, pipelines, backlog, last demand and the
 * effective (disrupted) parameters of the last hour. Read-only: a policy cannot advance or alter the simulation.
 */
public interface SimulatorView {

    NetworkIndex layout();

    /** The hour about to be simulated. */
    int hour();

    /** Number of hours in the episode. */
    int horizon();

    double stock(int slot);

    double inTransit(int lane);

    /** Units due on lane l {@code hoursAhead} hours after the current hour. */
    double arriving(int lane, int hoursAhead);

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
