package org.moca.baseline;

import java.util.List;
import java.util.Objects;
import org.moca.scenario.Episode;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;

/**
 * A policy held to the nominal controls for the first {@code holdHours} after the first observed onset, then itself:
 * the ceiling of a protocol that makes a learner wait that long before it adapts. {@code mpc-delayed} is the MPC held
 * for the support hours — what deployment protocol v1 (`onsetSupport: OFF`) allows even a perfect imitator of the MPC.
 * The inner policy still sees every hour (its {@code act} is called and discarded during the hold, so a stateful expert
 * keeps its own bookkeeping); running time that of the inner policy.
 */
public final class DelayedPolicy implements RecoveryPolicy {

    private final String name;
    private final RecoveryPolicy inner;
    private final int holdHours;
    private final boolean callDuringHold;
    private Controls nominal;

    /**
     * @param name           its name in tables
     * @param inner          the policy that acts after the hold
     * @param holdHours      hours after the first onset held to the nominal controls, &gt;= 0
     * @param callDuringHold whether the inner policy is asked (and ignored) during the hold: true for policies whose
     *                       later decisions depend on having seen every hour; false saves the MPC's solves
     */
    public DelayedPolicy(String name, RecoveryPolicy inner, int holdHours, boolean callDuringHold) {
        this.name = Objects.requireNonNull(name, "name");
        this.inner = Objects.requireNonNull(inner, "inner");
        if (holdHours < 0) throw new IllegalArgumentException("holdHours must be >= 0, got " + holdHours);
        this.holdHours = holdHours;
        this.callDuringHold = callDuringHold;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset(Episode episode) {
        nominal = Objects.requireNonNull(episode, "episode").nominal().copy();
        inner.reset(episode);
    }

    @Override
    public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
        if (nominal == null) throw new IllegalStateException(name + ": reset(episode) was not called");
        int onset = KnownDisruptions.firstOnset(observed);
        if (onset >= 0 && view.hour() < onset + holdHours) {
            if (callDuringHold) inner.act(view, observed);
            return nominal;
        }
        return inner.act(view, observed);
    }
}
