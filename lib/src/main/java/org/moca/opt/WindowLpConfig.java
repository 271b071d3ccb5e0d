package org.moca.opt;

import java.util.Objects;

/**
 * The objective of the window LP and how it is solved.
 *
 * @param prices            service value, leakage and virgin prices (the same as the nominal plan's)
 * @param backlogValueShare a unit of backlog served is worth this share of a unit of demand served in its own hour, in
 *                          (0, 1): below 1 so the plan, like the simulator, serves the hour's demand first
 * @param earlyServiceBonus service in the first planned hour is worth {@code 1 + earlyServiceBonus} times service in the
 *                          last, linearly in between, in [0, 1]: a strictly earlier-is-better weight makes the plan
 *                          serve from stock as soon as it can, as the simulator does, instead of an equal-value
 *                          alternative that holds stock for later
 * @param recoveryPenalty   when the problem carries a {@link WindowProblem.ServiceTarget}, each hour's shortfall of the
 *                          trailing mean service below the target level costs {@code recoveryPenalty × serviceValue}
 *                          per unit of service ratio, weighted from 1 (first hour) up to 2 (last hour), >= 0 (0: off).
 *                          The rising weight pushes an unavoidable shortfall as early as possible, so the plan gets
 *                          service back above the recovery threshold as soon as the network can hold it there
 * @param solver            the LP backend and its time limit
 * @param uniquePlan        solve lexicographically (see {@link WindowLp}): among the optimal plans, the one that
 *                          moves material earliest, by a fixed generic weight; false returns whichever optimal plan
 *                          the solver finds first (solver-dependent on degenerate LPs)
 * @param tieTolerance      stage 2 keeps stage 1's objective at least {@code z - tieTolerance × max(1, |z|)}, in
 *                          [0, 1e-3]; whatever slack it allows, stage 2 spends on its own objective, so the default is
 *                          tiny (1e-9: a thousandth of a unit's service value on a ~1e6 objective); with 0 the
 *                          backends sometimes call the kept row infeasible (then the slack is raised, see
 *                          {@code LinearProgram.maximizeSecondary})
 */
public record WindowLpConfig(
        PlanningPrices prices,
        double backlogValueShare,
        double earlyServiceBonus,
        double recoveryPenalty,
        SolverConfig solver,
        boolean uniquePlan,
        double tieTolerance) {

    public WindowLpConfig {
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(solver, "solver");
        if (!(backlogValueShare > 0 && backlogValueShare < 1)) {
            throw new IllegalArgumentException("backlogValueShare must be in (0, 1), got " + backlogValueShare);
        }
        if (!(earlyServiceBonus >= 0 && earlyServiceBonus <= 1)) {
            throw new IllegalArgumentException("earlyServiceBonus must be in [0, 1], got " + earlyServiceBonus);
        }
        if (!(recoveryPenalty >= 0))
            throw new IllegalArgumentException("recoveryPenalty must be >= 0, got " + recoveryPenalty);
        if (!(tieTolerance >= 0 && tieTolerance <= 1e-3))
            throw new IllegalArgumentException("tieTolerance must be in [0, 1e-3], got " + tieTolerance);
    }

    /**
     * Default prices, backlog worth half, a 5% bonus for the earliest hour, a recovery penalty of 20 units per unit of
     * ratio; the default solver (HiGHS); the unique (lexicographic) plan with a 1e-9 tie slack.
     */
    public static WindowLpConfig defaults() {
        return new WindowLpConfig(PlanningPrices.defaults(), 0.5, 0.05, 20, SolverConfig.defaults(), true, 1e-9);
    }

    /** This config with another solver. */
    public WindowLpConfig withSolver(SolverConfig s) {
        return new WindowLpConfig(
                prices, backlogValueShare, earlyServiceBonus, recoveryPenalty, s, uniquePlan, tieTolerance);
    }

    /** This config with another backend of the same solver settings. */
    public WindowLpConfig withBackend(LpBackend b) {
        return withSolver(solver.withBackend(b));
    }

    /** This config with the lexicographic tie-break on or off. */
    public WindowLpConfig withUniquePlan(boolean on) {
        return new WindowLpConfig(
                prices, backlogValueShare, earlyServiceBonus, recoveryPenalty, solver, on, tieTolerance);
    }

    /** This config with another recovery penalty. */
    public WindowLpConfig withRecoveryPenalty(double penalty) {
        return new WindowLpConfig(
                prices, backlogValueShare, earlyServiceBonus, penalty, solver, uniquePlan, tieTolerance);
    }
}
