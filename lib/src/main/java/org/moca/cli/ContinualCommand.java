package org.moca.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.moca.experiment.ContinualConfig;
import org.moca.experiment.ContinualExperiment;
import org.moca.graph.ReferenceNetworks;
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

    @Option(
            names = "--topology",
            description =
                    "circular-electronics-nd or a directory of topology CSV files (default: the config's topology)")
    String topology;

    @Mixin
    RunOptions output;

    @Override
    public Integer call() throws IOException {
        Path full = Path.of("experiments", ContinualConfig.FULL_FILE);
        Path file = config != null ? config : ci ? Path.of("experiments", ContinualConfig.CI_FILE) : full;
        if (!Files.isRegularFile(file))
            throw new IllegalArgumentException("experiment config " + file + " not found (run from the project root)");
        // keys absent from a file keep the defaults; the CI file holds only the budgets it shrinks, over the full one
        ContinualConfig cfg = config == null && ci ? ContinualConfig.load(full, file) : ContinualConfig.load(file);
        if (topology != null) {
            ReferenceNetworks.resolve(topology, "--topology"); // the error names the option, not the config key
            cfg = cfg.withTopology(topology);
        }
        ContinualExperiment experiment =
                new ContinualExperiment(cfg, output.results, output.runId(), RunOptions.experts(), output.resumeAnyway);
        output.preflight(
                experiment.runDir(),
                "moca continual" + (config != null ? " --config " + config : ci ? " --ci" : "")
                        + (topology != null ? " --topology " + topology : ""));
        ProgressListener bar = RunOptions.progress();
        long t0 = System.nanoTime();
        Table summary;
        try (org.moca.experiment.TrialEngine engine = output.engine(cfg.name())) {
            summary = experiment.run(engine, Integer.MAX_VALUE, bar);
        }
        System.out.println(cfg.name() + ": " + cfg.learner() + " on " + cfg.topology() + ", " + cfg.disruptions()
                + " disruptions from " + cfg.families().size() + " families x "
                + cfg.seeds().size()
                + " seeds per arm (means with 95% t intervals over seeds; recovery with a Wilson interval)");
        System.out.println(ContinualExperiment.display(summary).printAll());
        System.out.printf(
                "wall time %.1f min; results, plots and provenance.json in %s%n",
                (System.nanoTime() - t0) / 6e10, experiment.runDir());
        return 0;
    }
}
