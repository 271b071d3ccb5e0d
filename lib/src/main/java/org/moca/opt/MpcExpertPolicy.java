package org.moca.opt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.moca.scenario.Episode;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.sim.Controls;
import org.moca.sim.Disruption;
import org.moca.sim.NetworkIndex;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.RecoveryMetrics;
import org.moca.sim.SimulatorView;

/**
 * The rolling-horizon MPC expert (model predictive control; e.g. Rawlings, Mayne and Diehl 2017, ch. 1): every hour it
 * solves a {@link WindowLp} over the next {@link MpcConfig#lookaheadFor lookahead} hours from the simulator's current
 * state and applies only the first hour's controls. The window is hourly for {@link MpcConfig#fineHours()} hours and in
 * blocks of {@link MpcConfig#blockHours()} hours after that (see {@link WindowProblem#coarse}), which keeps one decision
 * cheap while the planner still sees a slow backup supply land; by default the lookahead is the network's slowest
 * supply path to a market plus a margin ({@link MpcConfig#slowestSupplyPathHours}), so a network whose backup path is
 * longer than 48 hours still buys from it.
 *
 * <p><b>What it knows at hour t</b> (an operator's information; the full table for every policy is
 * {@code docs/information-sets.md}): the state (stock, backlog, the end-of-life returns under way); the shipments in
 * transit with their dispatch hour and scheduled transit ({@link SimulatorView#shipmentsInTransit}), not when a late
 * one will land — it expects the noise model's mean extra delay ({@link ExpectedForecast#arrivalHour}); the
 * disruptions observed so far with their severity, not their end; the noise model in expectation. It never reads the
 * episode's realization.
 *
 * <p><b>Prior on the end of a disruption.</b> A disruption in force for {@code e} hours is assumed to last
 * {@code max(priorDurationHours, 2e, e + minRemainingHours)} hours in all: the prior's length at first, then "as long
 * again as it has lasted" (the Lindy rule of a heavy-tailed duration). A prior whose remaining time shrinks to a fixed
 * few hours would make the planner wait forever for the primary supplier and never order from a slower backup. Once the
 * view shows the target back to normal the disruption is dropped. (If two disruptions hit the same target, both count
 * as in force while either is.) The default prior is an upper quantile (0.9) of the training family's disruption
 * durations ({@link MpcConfig#priorFrom}), set without looking at any test family; an upper quantile because the
 * costs are asymmetric: a disruption that ends earlier than assumed leaves the plan with some dear backup supply
 * bought, one that lasts longer than assumed starves the market.
 *
 * <p>Running time: one LP (two with the unique plan, {@link WindowLpConfig#uniquePlan()}) of O(periods × (slots +
 * lanes + modes)) per hour.
 */
public final class MpcExpertPolicy implements PlanningPolicy {

    private final MpcConfig config;
    private final RecoveryCriteria criteria;
    private String label = "mpc";
    private org.moca.graph.SupplyNetwork lookaheadNetwork;
    private int lookahead;

    /**
     * @param config   lookahead, prior and forecast settings
     * @param criteria the recovery definition whose threshold the plan aims to hold (with the LP's recovery penalty),
     *                 relative to the service observed before the first disruption
     */
    public MpcExpertPolicy(MpcConfig config, RecoveryCriteria criteria) {
        this.config = Objects.requireNonNull(config, "config");
        this.criteria = Objects.requireNonNull(criteria, "criteria");
    }

    @Override
    public String name() {
        return "mpc";
    }

    @Override
    public void reset(Episode episode) {
        label = episode.scenario().label();
    }

    @Override
    public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
        return plan(view, observed).controls(0);
    }

    /** The plan the expert makes at the view's hour (its first hour is what {@link #act} applies). */
    @Override
    public WindowPlan plan(SimulatorView view, List<ObservedDisruption> observed) {
        NetworkIndex layout = view.layout();
        int t = view.hour();
        // The full lookahead even near the episode's end: the expert does not know the benchmark stops there.
        if (lookaheadNetwork != layout.network()) {
            lookaheadNetwork = layout.network();
            lookahead = config.lookaheadFor(lookaheadNetwork);
        }
        int hours = lookahead;
        WindowForecast forecast = forecast(view, observed, hours);
        WindowProblem problem = WindowProblem.of(
                label, view, WindowProblem.coarse(hours, config.fineHours(), config.blockHours()), forecast);
        int onset = t;
        for (ObservedDisruption d : observed) onset = Math.min(onset, d.onset());
        if (onset >= 1) {
            double baseline = RecoveryMetrics.baseline(view.trace().serviceCurve(), onset);
            problem = problem.withTarget(WindowProblem.ServiceTarget.of(view, criteria, baseline));
        }
        return new WindowLp(layout, config.lp()).plan(problem);
    }

    /** The expected-value forecast the plans are made with: the observed disruptions in force, ends from the prior. */
    @Override
    public WindowForecast forecast(SimulatorView view, List<ObservedDisruption> observed, int hours) {
        return new ExpectedForecast(
                view.layout(), assumed(view, observed), view.hour(), hours, config.noise(), config.demandSafety());
    }

    /** The observed disruptions still in force, each with the end the prior assigns it now. */
    List<Disruption> assumed(SimulatorView view, List<ObservedDisruption> observed) {
        int t = view.hour();
        List<Disruption> out = new ArrayList<>();
        for (ObservedDisruption d : KnownDisruptions.inForce(view, observed)) {
            int elapsed = t - d.onset();
            int duration =
                    Math.max(config.priorDurationHours(), Math.max(2 * elapsed, elapsed + config.minRemainingHours()));
            out.add(new Disruption(d.type(), d.target(), d.onset(), duration, d.severity()));
        }
        return out;
    }
}
