package org.moca.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.moca.experiment.ExperimentRunner;
import org.moca.experiment.Methods;
import org.moca.experiment.PolicyComparison;
import org.moca.experiment.Summary;
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
            completionCandidates = UntrainedMethods.class)
    List<String> policies;

    @Option(names = "--episodes", defaultValue = "30", description = "episodes (default: ${DEFAULT-VALUE})")
    int episodes;

    /** The largest {@code --episodes}: every episode of every policy is kept in memory for the service curves. */
    static final int MAX_EPISODES = 100_000;

    @Option(
            names = "--out",
            defaultValue = "moca-out/compare",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws java.io.IOException {
        // every input is checked, and the output folder tried, before anything is computed
        if (episodes < 1) throw new IllegalArgumentException("--episodes must be >= 1, got " + episodes);
        if (episodes > MAX_EPISODES)
            throw new IllegalArgumentException("--episodes must be <= " + MAX_EPISODES + ", got " + episodes);
        List<String> names = policies == null || policies.isEmpty() ? Methods.untrainedNames() : policies;
        for (String n : names) {
            if (!Methods.untrainedNames().contains(n)) {
                throw new IllegalArgumentException("--policies " + n + ": "
                        + (Methods.names().contains(n) ? "a learned method (compare runs untrained ones)" : "unknown")
                        + ", expected some of " + Methods.untrainedNames());
            }
        }
        if (names.stream().distinct().count() != names.size())
            throw new IllegalArgumentException("--policies must not repeat a policy, got " + names);
        var network = scenarioOptions.network();
        ScenarioFamily family = scenarioOptions.family(network, org.moca.sim.RecoveryCriteria.defaults());
        Outputs.preflight(out, "--out");
        Moca.interruptHint = "nothing was written (the outputs of compare appear together, when complete)";

        Testbed bed = Testbed.of(network);
        ExperimentRunner.Experts experts = scenarioOptions.experts(bed.criteria());
        Map<String, Supplier<RecoveryPolicy>> factories = new LinkedHashMap<>();
        // no-action first: the reference of the recovered-loss share
        factories.put(Summary.NO_ACTION, Methods.untrained(Summary.NO_ACTION, bed, experts));
        for (String n : names) {
            if (!n.equals(Summary.NO_ACTION)) factories.put(n, Methods.untrained(n, bed, experts));
        }
        List<Episode> eps = bed.episodes(family, episodes, scenarioOptions.seed);
        PolicyComparison.Results results;
        try (ProgressTracker bar = ProgressTracker.console("compare", (long) episodes * factories.size())) {
            results = new PolicyComparison(bed).run(eps, factories, Summary.NO_ACTION, bar);
        }
        Table table = PolicyComparison.summary(results);
        System.out.println(family.name() + ", " + episodes + " episodes, seed " + scenarioOptions.seed
                + " (rates with 95% Wilson intervals)");
        System.out.println(Summary.display(table, family.name()).printAll());
        if (family.variants().size() > 1)
            System.out.println(Summary.variants(table, family.name()).printAll());

        List<String> methods =
                PolicyComparison.display(table).stringColumn("policy").asList();
        Table pooled = table.where(table.stringColumn("variant").isEqualTo(Summary.ALL_VARIANTS));
        var rate = Charts.rateBars(
                "Recovery within " + bed.criteria().windowHours() + " h — " + family.name(),
                methods,
                pooled.doubleColumn("recovered_48h").asDoubleArray(),
                pooled.doubleColumn("r48_ci_low").asDoubleArray(),
                pooled.doubleColumn("r48_ci_high").asDoubleArray(),
                "recovery rate");
        int onset = eps.get(0).scenario().onset();
        var service = Charts.serviceCurves(
                "Mean service level — " + family.name(),
                PolicyComparison.meanServiceCurves(results),
                onset,
                bed.criteria().windowHours(),
                Map.of());
        // the outputs of one command appear together or not at all
        try (AtomicFiles.FileSet files = AtomicFiles.fileSet()) {
            files.addString(out.resolve("summary.csv"), org.moca.viz.Tables.csv(table));
            files.add(out.resolve("recovery-rate.png"), o -> Charts.encodePng(rate, o));
            files.add(out.resolve("service-curves.png"), o -> Charts.encodePng(service, o));
            files.commit();
        }
        System.out.println("wrote " + out.resolve("summary.csv") + ", recovery-rate.png, service-curves.png");
        return 0;
    }
}
