package org.moca.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.moca.experiment.ConfigLoader;
import org.moca.experiment.ContinualConfig;
import org.moca.experiment.ContinualExperiment;
import org.moca.experiment.ExperimentRunner;
import org.moca.experiment.ProgressBar;
import org.moca.experiment.ProgressListener;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.opt.OraclePolicy;
import org.moca.opt.WindowLpConfig;
import org.moca.sim.RecoveryCriteria;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

/**
 * {@code moca continual}: the continual experiment — a meta-trained policy adapts through consecutive disruptions
 * from distinct families, with and without consolidation; prints forgetting and backward transfer per arm and writes
 * the loss matrices, plots and provenance under {@code experiments/results/<name>/<run>/} (resumable).
 */
@Command(name = "continual", mixinStandardHelpOptions = true,
        description = "Continual experiment: forgetting and backward transfer through a stream of disruptions (resumable).")
final class ContinualCommand implements Callable<Integer> {

    @Option(names = "--config", description = "an experiment YAML file (default: experiments/continual.yaml)")
    Path config;

    @Option(names = "--ci", description = "the reduced configuration experiments/continual-ci.yaml (ignored with --config)")
    boolean ci;

    @Option(names = "--run", defaultValue = "latest", description = "run id: rerun with the same id to resume (default: ${DEFAULT-VALUE})")
    String run;

    @Option(names = "--results", defaultValue = "experiments/results", description = "results root (default: ${DEFAULT-VALUE})")
    Path results;

    @Override
    public Integer call() throws IOException {
        Path file = config != null ? config : Path.of("experiments", ci ? "continual-ci.yaml" : "continual.yaml");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("experiment config " + file + " not found (run from the project root)");
        ContinualConfig cfg = ConfigLoader.load(file, ContinualConfig.class);
        RecoveryCriteria criteria = RecoveryCriteria.defaults();
        ContinualExperiment experiment = new ContinualExperiment(cfg, results, run, new ExperimentRunner.Experts(
                () -> new MpcExpertPolicy(MpcConfig.defaults(), criteria), () -> new OraclePolicy(WindowLpConfig.defaults(), criteria)));
        ProgressListener bar = System.console() != null ? ProgressBar.terminal(System.err, 30) : ProgressBar.everyTenth(System.err);
        long t0 = System.nanoTime();
        Table summary = experiment.run(Integer.MAX_VALUE, bar);
        System.out.println(cfg.name() + ": " + cfg.disruptions() + " disruptions from " + cfg.families().size() + " families x "
                + cfg.seeds().size() + " seeds per arm (means with 95% t intervals over seeds; recovery with a Wilson interval)");
        System.out.println(ContinualExperiment.display(summary).printAll());
        System.out.printf("wall time %.1f min; results, plots and provenance.json in %s%n", (System.nanoTime() - t0) / 6e10, experiment.runDir());
        return 0;
    }
}
