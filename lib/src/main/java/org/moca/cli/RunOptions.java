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

    @Option(
            names = "--engine",
            defaultValue = "local",
            description = "where trials run: local (this JVM, default) or spark (the moca-spark module)")
    String engine;

    @Option(
            names = "--master",
            description = "the Spark master URL for --engine spark: local[2], spark://host:7077, yarn, ... (under"
                    + " spark-submit, leave it out to take spark-submit's)")
    String master;

    /** The trial engine the options name (close it when done). */
    org.moca.experiment.TrialEngine engine(String experiment) throws java.io.IOException {
        return org.moca.experiment.TrialEngines.open(engine, master, "moca " + experiment);
    }

    /**
     * Checks the run id and tries the results folder, before any work (a run that cannot save its trials should not
     * start); says on an interrupt that finished trials are kept and how to resume.
     *
     * @param runDir   the run directory the command will write
     * @param resume   the command line that resumes the run
     */
    void preflight(Path runDir, String resume) throws java.io.IOException {
        org.moca.experiment.TrialEngines.check(engine, master);
        Outputs.preflight(runDir, "--results");
        Moca.interruptHint = "finished trials are kept in " + runDir + "; to resume, run the same command again with"
                + " --run " + runDir.getFileName() + " (" + resume + ")";
    }

    /** The run id to use: {@code --run}, or a fresh one from the clock with {@code --new-run}. */
    String runId() {
        if (newRun && !"latest".equals(run))
            throw new IllegalArgumentException("--new-run and --run " + run + " contradict each other; give one");
        if (!newRun && (!run.matches("[A-Za-z0-9._-]+") || run.equals(".") || run.equals("..")))
            throw new IllegalArgumentException("--run must be letters, digits, '.', '_' or '-' (a folder name under"
                    + " --results), got '" + run + "'");
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
