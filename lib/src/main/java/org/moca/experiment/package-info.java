/**
 * Experiments: running policies over scenario sets ({@link org.moca.experiment.PolicyComparison}), whole experiments
 * from YAML with resumable trials ({@link org.moca.experiment.ExperimentRunner}), the one registry of methods
 * ({@link org.moca.experiment.Methods}), and the continual experiment (forgetting and backward transfer through a
 * stream of disruptions: {@link org.moca.experiment.ContinualExperiment}, configured by
 * {@link org.moca.experiment.ContinualConfig}, scored by {@link org.moca.agent.ContinualScores}).
 *
 * <p>It stands on the infrastructure of {@code org.moca.infra}: a runner reads its config with the strict loader,
 * records the start time, runs, writes its results atomically and then its provenance next to them.
 */
package org.moca.experiment;
