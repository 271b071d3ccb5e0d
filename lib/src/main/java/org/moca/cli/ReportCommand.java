package org.moca.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.moca.experiment.RunReport;
import org.moca.infra.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moca report RUN_DIR}: a finished run's health, results and paired tests as markdown tables. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Print a finished reproduce run's tables (health, results per family, paired tests) as markdown,"
                + " from its summary.csv, paired-tests.csv and health.csv.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "RUN_DIR",
            description = "a run directory, e.g. experiments/results/reproduce-full/latest")
    Path runDir;

    @Option(names = "--families", split = ",", description = "families to report, in this order (default: all)")
    List<String> families = List.of();

    @Option(names = "--methods", split = ",", description = "methods to report, in this order (default: all)")
    List<String> methods = List.of();

    @Option(
            names = "--references",
            split = ",",
            description = "references whose paired tests to report (default: every reference of the run)")
    List<String> references = List.of();

    @Option(names = "--variants", description = "add a row per family variant (default: the family's pooled row)")
    boolean variants;

    @Option(names = "--out", description = "write the markdown to this file (atomically) instead of printing it")
    Path out;

    @Override
    public Integer call() throws java.io.IOException {
        String markdown = RunReport.markdown(runDir, new RunReport.Selection(families, methods, references, variants));
        if (out == null) {
            System.out.print(markdown);
        } else {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Outputs.preflight(parent, "--out");
            AtomicFiles.writeString(out, markdown);
            System.err.println("wrote " + out);
        }
        return 0;
    }
}
