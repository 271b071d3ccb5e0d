package org.moca.scenario;

import java.util.List;
import org.moca.sim.SimulatorView;

/**
 * A recovery policy: from the onset of a disruption on, it chooses the controls of every hour. Before onset every policy
 * runs the network's nominal plan, so all methods meet the same warm-up and the same service baseline.
 *
 * <p>Implementations: no-action, heuristics, the LP oracle and MPC expert, and every learned policy.
 */
public interface RecoveryPolicy {

    /** A short name for tables and plots. */
    String name();

    /**
     * Prepares for a new episode. A privileged policy (the oracle) may read everything in {@code episode}; an honest one
     * uses only {@link Episode#scenario()}'s family and onset and what {@link #act} observes.
     */
    default void reset(Episode episode) {}

    /**
     * The controls for the hour {@code view.hour()}.
     *
     * @param view     the simulation so far
     * @param observed the disruptions that have begun by this hour, without their end
     */
    org.moca.sim.Controls act(SimulatorView view, List<ObservedDisruption> observed);
}
