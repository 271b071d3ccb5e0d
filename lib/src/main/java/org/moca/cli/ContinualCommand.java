package org.moca.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.moca.experiment.ContinualConfig;
import org.moca.experiment.ContinualExperiment;
import org.moca.infra.ConfigLoader;
import org.moca.infra.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

/**
 * {@code moca continual}: the continual experiment — a meta-trained policy adapts through consecutive disruptions
 * from distinct families, with and without consolidation; prints forgetting and backward transfer per arm and writes
 * the loss matrices, plots and provenance under {@code experiments/results/<name>/<run>/} (resumable).
 */
@Command(
        name = "continual",
        mixinStandardHelpOptions = true,
        description =
                "Continual experiment: forgetting and backward transfer through a stream of disruptions (resumable).")
final class ContinualCommand implements Callable<Integer> {

    @Option(names = "--config", description = "an experiment YAML file (default: experiments/continual.yaml)")
    Path config;

    @Option(
            names = "--ci",
            description =
                    "the reduced budgets of experiments/continual-ci.yaml over continual.yaml (ignored with --config)")
    boolean ci;

    @Mixin
    RunOptions output;

    @Override
    public Integer call() throws IOException {
        Path full = Path.of("experiments", "continual.yaml");
        Path file = config != null ? config : ci ? Path.of("experiments", "continual-ci.yaml") : full;
        if (!Files.isRegularFile(file))
            throw new IllegalArgumentException("experiment config " + file + " not found (run from the project root)");
        // the CI file holds only the budgets it shrinks, laid over the full configuration
        ContinualConfig cfg = config == null && ci
                ? ConfigLoader.load(file, ContinualConfig.class, ConfigLoader.load(full, ContinualConfig.class))
                : ConfigLoader.load(file, ContinualConfig.class);
        ContinualExperiment experiment = new ContinualExperiment(cfg, output.results, output.run, RunOptions.experts());
        ProgressListener bar = RunOptions.progress();
        long t0 = System.nanoTime();
        Table summary = experiment.run(Integer.MAX_VALUE, bar);
        System.out.println(cfg.name() + ": " + cfg.disruptions() + " disruptions from "
                + cfg.families().size() + " families x " + cfg.seeds().size()
                + " seeds per arm (means with 95% t intervals over seeds; recovery with a Wilson interval)");
        System.out.println(ContinualExperiment.display(summary).printAll());
        System.out.printf(
                "wall time %.1f min; results, plots and provenance.json in %s%n",
                (System.nanoTime() - t0) / 6e10, experiment.runDir());
        return 0;
    }
}
