/**
 * Scenarios: what happens to the network, and the contract a recovery policy fulfils.
 *
 * <p>A {@link org.moca.scenario.ScenarioFamily} (loaded from YAML by {@link org.moca.scenario.ScenarioFamilies}) is a
 * distribution over {@link org.moca.scenario.ScenarioVariant}s of composed {@link org.moca.scenario.DisruptionSpec}s;
 * sampling it, seeded, gives {@link org.moca.scenario.Scenario}s, and a scenario with its realization and the nominal
 * plan is an {@link org.moca.scenario.Episode}. A {@link org.moca.scenario.RecoveryPolicy} chooses each hour's controls
 * from the simulator's view and the disruptions observed so far ({@link org.moca.scenario.ObservedDisruption});
 * {@link org.moca.scenario.EpisodeRunner} runs one on an episode and measures it. {@link org.moca.scenario.Task} pairs
 * the support and query parts of an episode for learners.
 */
package org.moca.scenario;
