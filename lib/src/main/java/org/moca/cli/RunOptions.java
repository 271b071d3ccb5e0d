package org.moca.cli;

import java.nio.file.Path;
import org.moca.experiment.ExperimentRunner;
import org.moca.infra.ProgressListener;
import org.moca.infra.ProgressTracker;
import org.moca.sim.RecoveryCriteria;
import picocli.CommandLine.Option;

/** What the experiment commands share: where results go, the run id to resume, the experts and the progress display. */
final class RunOptions {

    @Option(
            names = "--run",
            defaultValue = "latest",
            description = "run id: rerun with the same id to resume (default: ${DEFAULT-VALUE})")
    String run;

    @Option(
            names = "--results",
            defaultValue = "experiments/results",
            description = "results root (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(
            names = "--new-run",
            description = "start a fresh run (a new run id from the clock) instead of resuming --run")
    boolean newRun;

    @Option(
            names = "--resume-anyway",
            description = "resume --run even though it was made with another configuration (the provenance then"
                    + " records the earlier one)")
    boolean resumeAnyway;

    /** The run id to use: {@code --run}, or a fresh one from the clock with {@code --new-run}. */
    String runId() {
        if (!newRun) return run;
        return "run-"
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(java.time.Instant.now());
    }

    /** The MPC expert (honest labeller) and the oracle (training labels, ceiling) with the default recovery criteria. */
    static ExperimentRunner.Experts experts() {
        return ExperimentRunner.Experts.defaults(RecoveryCriteria.defaults());
    }

    /** A bar redrawn in place on a terminal, else a line every tenth (logs, CI). */
    static ProgressListener progress() {
        return ProgressTracker.consoleListener();
    }
}
