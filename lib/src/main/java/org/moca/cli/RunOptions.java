package org.moca.cli;

import java.nio.file.Path;
import org.moca.experiment.ExperimentRunner;
import org.moca.infra.ProgressListener;
import org.moca.infra.ProgressTracker;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.opt.OraclePolicy;
import org.moca.opt.WindowLpConfig;
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

    /** The MPC expert (honest labeller) and the oracle (training labels, ceiling) with the default recovery criteria. */
    static ExperimentRunner.Experts experts() {
        RecoveryCriteria criteria = RecoveryCriteria.defaults();
        return new ExperimentRunner.Experts(
                () -> new MpcExpertPolicy(MpcConfig.defaults(), criteria),
                () -> new OraclePolicy(WindowLpConfig.defaults(), criteria));
    }

    /** A bar redrawn in place on a terminal, else a line every tenth (logs, CI). */
    static ProgressListener progress() {
        return ProgressTracker.consoleListener();
    }
}
