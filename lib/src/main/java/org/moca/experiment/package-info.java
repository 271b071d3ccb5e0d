/**
 * Experiments: running policies over scenario sets ({@link org.moca.experiment.PolicyComparison}), whole experiments
 * from YAML with resumable trials ({@link org.moca.experiment.ExperimentRunner}), the continual experiment (forgetting and
 * backward transfer through a stream of disruptions: {@link org.moca.experiment.ContinualExperiment},
 * {@link org.moca.experiment.ContinualScores}), and the infrastructure they stand on:
 * strict YAML configuration ({@link org.moca.experiment.ConfigLoader}), crash-safe result files
 * ({@link org.moca.experiment.AtomicFiles}), provenance next to every result ({@link org.moca.experiment.Provenance}),
 * confidence intervals for every reported rate ({@link org.moca.experiment.Stats}) and progress reporting
 * ({@link org.moca.experiment.ProgressBar}, {@link org.moca.experiment.ProgressListener}).
 *
 * <p>A runner reads its config, records the start time, runs, writes its results with {@code AtomicFiles} and then
 * {@code Provenance.capture(...).write(dir)} next to them.
 */
package org.moca.experiment;
