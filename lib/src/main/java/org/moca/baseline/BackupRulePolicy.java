package org.moca.baseline;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.NetworkIndex;
import org.moca.sim.SimulatorView;

/**
 * The one-decision probe of the benchmark: keep the nominal plan, and from the first hour a disruption is observed buy
 * from every virgin supplier at its full (current) capacity and ship all of it (a supplier the nominal plan does not
 * use has a release of 0 there: buying without shipping would leave the backup's stock at the supplier, which an
 * earlier version did). It has no model, no forecast and no circular levers; on a
 * test family where it recovers about as often as the MPC expert, the family measures that one decision (switch to the
 * backup supplier), not the quality of a recovery policy, and the benchmark's health check flags it.
 */
public final class BackupRulePolicy implements RecoveryPolicy {

    private Controls nominal;
    private Controls buying;

    @Override
    public String name() {
        return "backup-rule";
    }

    @Override
    public void reset(Episode episode) {
        nominal = Objects.requireNonNull(episode, "episode").nominal().copy();
        buying = nominal.copy();
        Arrays.fill(buying.procurement(), 1.0);
        NetworkIndex layout = episode.layout();
        java.util.Set<Integer> supplierSlots = new java.util.HashSet<>();
        for (int i = 0; i < layout.suppliers().length; i++) supplierSlots.add(layout.supplierSlot(i));
        int[] ship = layout.shipSlots();
        for (int i = 0; i < ship.length; i++) if (supplierSlots.contains(ship[i])) buying.release()[i] = 1.0;
    }

    @Override
    public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
        if (nominal == null) throw new IllegalStateException("backup-rule: reset(episode) was not called");
        return observed.isEmpty() ? nominal : buying;
    }
}
