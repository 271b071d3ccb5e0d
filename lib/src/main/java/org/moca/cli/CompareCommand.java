package org.moca.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.moca.experiment.PolicyComparison;
import org.moca.experiment.Testbed;
import org.moca.infra.AtomicFiles;
import org.moca.infra.ProgressTracker;
import org.moca.scenario.Episode;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamily;
import org.moca.viz.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

/** {@code moca compare}: several policies over one seeded scenario set; a table with CIs, a bar chart, service curves. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "Run policies over a seeded scenario set; print recovery rates with 95%% CIs; write CSV and plots.")
final class CompareCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(
            names = "--policies",
            split = ",",
            description = "comma-separated policies (default: all of ${COMPLETION-CANDIDATES})",
            completionCandidates = Policies.Names.class)
    List<String> policies;

    @Option(names = "--episodes", defaultValue = "30", description = "episodes (default: ${DEFAULT-VALUE})")
    int episodes;

    @Option(
            names = "--out",
            defaultValue = "moca-out/compare",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws java.io.IOException {
        if (episodes < 1) throw new IllegalArgumentException("--episodes must be >= 1, got " + episodes);
        List<String> names = policies == null || policies.isEmpty() ? new Policies.Names() : policies;
        Map<String, Supplier<RecoveryPolicy>> factories = new LinkedHashMap<>();
        factories.put("no-action", () -> Policies.create("no-action")); // the reference of the recovered-loss share
        for (String n : names) {
            if (n.equals("no-action")) continue;
            Policies.create(n); // validates the name before any work
            factories.put(n, () -> Policies.create(n));
        }
        Testbed bed = Testbed.of(scenarioOptions.network());
        ScenarioFamily family = scenarioOptions.family();
        List<Episode> eps = bed.episodes(family, episodes, scenarioOptions.seed);
        PolicyComparison.Results results;
        try (ProgressTracker bar = ProgressTracker.console("compare", (long) episodes * factories.size())) {
            results = new PolicyComparison(bed).run(eps, factories, "no-action", bar);
        }
        Table table = PolicyComparison.summary(results);
        System.out.println(family.name() + ", " + episodes + " episodes, seed " + scenarioOptions.seed
                + " (rates with 95% Wilson intervals)");
        System.out.println(PolicyComparison.display(table).printAll());

        AtomicFiles.writeString(out.resolve("summary.csv"), org.moca.viz.Tables.csv(table));
        List<String> methods = table.stringColumn("policy").asList();
        Charts.writePng(
                Charts.rateBars(
                        "Recovery within " + bed.criteria().windowHours() + " h — " + family.name(),
                        methods,
                        table.doubleColumn("recovered_48h").asDoubleArray(),
                        table.doubleColumn("r48_ci_low").asDoubleArray(),
                        table.doubleColumn("r48_ci_high").asDoubleArray(),
                        "recovery rate"),
                out.resolve("recovery-rate.png"));
        int onset = eps.get(0).scenario().onset();
        Charts.writePng(
                Charts.serviceCurves(
                        "Mean service level — " + family.name(),
                        PolicyComparison.meanServiceCurves(results),
                        onset,
                        bed.criteria().windowHours(),
                        Map.of()),
                out.resolve("service-curves.png"));
        System.out.println("wrote " + out.resolve("summary.csv") + ", recovery-rate.png, service-curves.png");
        return 0;
    }
}
