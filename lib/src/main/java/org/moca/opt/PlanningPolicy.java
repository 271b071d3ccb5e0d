package org.moca.opt;

import java.util.List;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.SimulatorView;

/**
 * A recovery policy that acts by planning ahead: besides the controls of this hour it can show the whole plan they come
 * from. Learners imitate the plan's first hours on average ({@link WindowPlan#meanControls}) rather than its first hour
 * alone, which an LP leaves bang-bang wherever the timing of production or shipping is a tie.
 */
public interface PlanningPolicy extends RecoveryPolicy {

    /** The plan made at the view's hour with what is known then; {@code act} applies its first hour. */
    WindowPlan plan(SimulatorView view, List<ObservedDisruption> observed);

    /**
     * The model of the hours {@code [view.hour(), view.hour() + hours)} the plans are made with (what the planner
     * expects of capacities, yields, demand and transit times, from what is known at the view's hour): for predicting
     * the states a plan leads to.
     */
    WindowForecast forecast(SimulatorView view, List<ObservedDisruption> observed, int hours);
}
