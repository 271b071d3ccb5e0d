package org.moca.baseline;

import java.util.List;
import java.util.Objects;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;

/**
 * No action: the network keeps running its nominal (pre-disruption) controls as if nothing had happened. The floor of
 * every comparison and the reference of the recovered-loss share.
 */
public final class NoActionPolicy implements RecoveryPolicy {

    private Controls nominal;

    @Override
    public String name() {
        return "no-action";
    }

    @Override
    public void reset(Episode episode) {
        nominal = Objects.requireNonNull(episode, "episode").nominal().copy();
    }

    @Override
    public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
        if (nominal == null) throw new IllegalStateException("no-action: reset(episode) was not called");
        return nominal;
    }
}
