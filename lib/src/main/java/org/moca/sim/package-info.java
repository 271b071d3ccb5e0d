/**
 * The hourly circular supply-chain simulator and the metrics every table of the workbench uses.
 *
 * <ul>
 *   <li>Dynamics: {@link org.moca.sim.CircularSupplySimulator} (its class Javadoc gives the order of events inside one
 *       hour; mass is conserved to 1e-9 every hour), its read-only {@link org.moca.sim.SimulatorView}, the exogenous
 *       noise drawn in advance per episode ({@link org.moca.sim.Realization}: common random numbers across policies),
 *       the disruptions ({@link org.moca.sim.Disruption}, {@link org.moca.sim.DisruptionType}) and the per-hour record
 *       of an episode ({@link org.moca.sim.EpisodeTrace}).</li>
 *   <li>Interfaces to learners: {@link org.moca.sim.StateEncoder} (normalized state vector),
 *       {@link org.moca.sim.ActionCodec} (a real action vector decoded exactly and invertibly into
 *       {@link org.moca.sim.Controls}), both laid out by {@link org.moca.sim.NetworkIndex} (the index arithmetic
 *       over facilities, lanes, materials and modes).</li>
 *   <li>Metrics, defined once: {@link org.moca.sim.RecoveryMetrics} under {@link org.moca.sim.RecoveryCriteria},
 *       giving an {@link org.moca.sim.EpisodeMetrics} per episode (DESIGN.md §4).</li>
 * </ul>
 */
package org.moca.sim;
