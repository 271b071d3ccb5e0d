package org.moca.agent;

import java.util.List;
import java.util.Objects;
import org.moca.opt.PlanningPolicy;
import org.moca.opt.WindowForecast;
import org.moca.opt.WindowPlan;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;

/**
 * A planning expert whose plan of an hour is made once and shared by every caller in that hour: the deployed policy's
 * support labels, the DAgger relabelling of the state and the mixture's expert controls all cost one solve (an MPC
 * solve is ~0.3-1 s on the reference network). The plan is kept for one (view, hour, observed) at a time, so memory
 * stays one plan; {@link #reset} forgets it.
 *
 * <p>Valid because a {@link PlanningPolicy}'s plan is a function of the view at that hour and what is observed then
 * (the MPC keeps no state between hours but its lookahead, which depends on the network only).
 */
public final class SharedPlanner implements PlanningPolicy {

    private final PlanningPolicy expert;
    private SimulatorView lastView;
    private int lastHour = -1;
    private List<ObservedDisruption> lastObserved;
    private WindowPlan lastPlan;
    private long solves;

    public SharedPlanner(PlanningPolicy expert) {
        this.expert = Objects.requireNonNull(expert, "expert");
    }

    @Override
    public String name() {
        return expert.name();
    }

    @Override
    public void reset(Episode episode) {
        expert.reset(episode);
        lastView = null;
        lastHour = -1;
        lastObserved = null;
        lastPlan = null;
    }

    @Override
    public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
        return plan(view, observed).controls(0);
    }

    @Override
    public WindowPlan plan(SimulatorView view, List<ObservedDisruption> observed) {
        if (lastPlan == null || view != lastView || view.hour() != lastHour || !observed.equals(lastObserved)) {
            lastPlan = expert.plan(view, observed);
            lastView = view;
            lastHour = view.hour();
            lastObserved = List.copyOf(observed);
            solves++;
        }
        return lastPlan;
    }

    /** The expert's own forecast (no solve: nothing to share). */
    @Override
    public WindowForecast forecast(SimulatorView view, List<ObservedDisruption> observed, int hours) {
        return expert.forecast(view, observed, hours);
    }

    /** Plans the expert has made so far (over all episodes): the cost counter. */
    public long solves() {
        return solves;
    }
}
