/**
 * Operations-research planners over the simulator's expected-value model, solved as linear programs by Google
 * OR-Tools ({@link org.moca.opt.LpBackend}: HiGHS by default, GLOP, CLP or PDLP, chosen in a
 * {@link org.moca.opt.SolverConfig}).
 *
 * <p>{@link org.moca.opt.SteadyStatePlanner} gives the nominal (pre-disruption) plan. {@link org.moca.opt.WindowLp}
 * models a window of hours after a disruption — per hour and lane the flow, per facility the processing, inventories,
 * backlog and unmet demand, with the simulator's order of events — from the simulator's current state
 * ({@link org.moca.opt.WindowProblem}) and a {@link org.moca.opt.WindowForecast}; it returns one documented plan, not
 * whichever of several optimal plans a solver happens to find ({@link org.moca.opt.WindowLpConfig#uniquePlan()}). Two
 * policies use it: the perfect-information {@link org.moca.opt.OraclePolicy} (the ceiling; solves once) and the
 * rolling-horizon {@link org.moca.opt.MpcExpertPolicy} (re-solves every hour with what an operator knows then; see
 * {@code docs/information-sets.md}). Disruptions act on both through the simulator's own rule,
 * {@link org.moca.sim.DisruptionEffects}. {@link org.moca.opt.ExpertAction} turns a plan's controls into the action
 * vectors learners imitate.
 */
package org.moca.opt;
