package org.moca.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.moca.experiment.BenchmarkHealth;
import org.moca.experiment.ExperimentConfig;
import org.moca.experiment.ExperimentRunner;
import org.moca.experiment.PairedTests;
import org.moca.experiment.Summary;
import org.moca.experiment.TrialTable;
import org.moca.infra.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

/**
 * {@code moca reproduce}: the main job. Runs {@code experiments/reproduce.yaml} (reduced; {@code --full} for
 * {@code reproduce-full.yaml}, or {@code --config FILE}), resumable, with a progress bar; prints the table and writes
 * plots and provenance under {@code experiments/results/<name>/<run>/}.
 */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        description = "Reproduce the MOCA claim: train and compare every method on the black-swan family (resumable).")
final class ReproduceCommand implements Callable<Integer> {

    @Option(
            names = "--full",
            description =
                    "the full run of experiments/REPRODUCTION.md (experiments/reproduce-full.yaml: 5 seeds x 12 episodes)")
    boolean full;

    @Option(names = "--config", description = "an experiment YAML file (overrides --full)")
    Path config;

    @Mixin
    RunOptions output;

    @Override
    public Integer call() throws IOException {
        Path file = config != null ? config : Path.of("experiments", full ? "reproduce-full.yaml" : "reproduce.yaml");
        if (!Files.isRegularFile(file))
            throw new IllegalArgumentException("experiment config " + file + " not found (run from the project root)");
        ExperimentConfig cfg = ExperimentConfig.load(file);
        ExperimentRunner runner =
                new ExperimentRunner(cfg, output.results, output.runId(), RunOptions.experts(), output.resumeAnyway);
        output.preflight(
                runner.runDir(), "moca reproduce " + (config != null ? "--config " + config : full ? "--full" : ""));
        ProgressListener bar = RunOptions.progress();
        long t0 = System.nanoTime();
        Table summary;
        try (org.moca.experiment.TrialEngine engine = output.engine(cfg.name())) {
            summary = runner.run(engine, Integer.MAX_VALUE, bar);
        }
        System.out.println(cfg.name() + ": " + cfg.testEpisodes() + " test episodes per family x "
                + cfg.seeds().size() + " seeds per method (rates with 95% intervals: Wilson over episodes, t over"
                + " seeds)");
        for (String family : Summary.families(summary)) {
            System.out.println(Summary.display(summary, family).printAll());
            Table byVariant = Summary.variants(summary, family);
            if (byVariant.columnCount() > 2) System.out.println(byVariant.printAll());
        }
        java.util.List<TrialTable.Row> rows = runner.rows();
        System.out.println(
                BenchmarkHealth.display(BenchmarkHealth.of(rows, cfg.health())).printAll());
        if (!cfg.pairedReferences().isEmpty()) {
            Table tests = PairedTests.of(rows, cfg.methods(), cfg.pairedReferences());
            for (String family : Summary.families(summary)) {
                for (String ref : cfg.pairedReferences())
                    System.out.println(PairedTests.display(tests, family, ref).printAll());
            }
        }
        System.out.printf(
                "wall time %.1f min; results, plots and provenance.json in %s%n",
                (System.nanoTime() - t0) / 6e10, runner.runDir());
        return 0;
    }
}
