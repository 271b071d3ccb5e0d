/**
 * Operations-research planners over the simulator's expected-value model, solved as linear programs with ojAlgo.
 *
 * <p>{@link org.moca.opt.SteadyStatePlanner} gives the nominal (pre-disruption) plan. {@link org.moca.opt.WindowLp}
 * models a window of hours after a disruption — per hour and lane the flow, per facility the processing, inventories,
 * backlog and unmet demand, with the simulator's order of events — from the simulator's current state
 * ({@link org.moca.opt.WindowProblem}) and a {@link org.moca.opt.WindowForecast}. Two policies use it: the
 * perfect-information {@link org.moca.opt.OraclePolicy} (the ceiling; solves once) and the rolling-horizon
 * {@link org.moca.opt.MpcExpertPolicy} (re-solves every hour with what is known then). {@link org.moca.opt.ExpertAction}
 * turns a plan's controls into the action vectors learners imitate.
 */
package org.moca.opt;
