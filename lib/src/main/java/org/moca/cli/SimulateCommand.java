package org.moca.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.moca.experiment.ControlDiagnostics;
import org.moca.experiment.ExperimentConfig;
import org.moca.experiment.ExperimentRunner;
import org.moca.experiment.Methods;
import org.moca.experiment.Testbed;
import org.moca.infra.AtomicFiles;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.Scenario;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.EpisodeMetrics;
import org.moca.sim.EpisodeTrace;
import org.moca.sim.RecoveryCriteria;
import org.moca.viz.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code moca simulate}: one episode under one policy; a summary table, the service-curve CSV and its plot. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description =
                "Simulate one disruption episode under a policy; print its metrics, write the service curve (CSV, PNG).")
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(
            names = "--index",
            defaultValue = "0",
            description = "which scenario of the seeded sample (default: ${DEFAULT-VALUE})")
    int index;

    @Option(
            names = "--policy",
            defaultValue = "no-action",
            description = "one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            completionCandidates = UntrainedMethods.class)
    String policy;

    @Option(
            names = "--controls",
            description = "also write every decoded control per hour beside the nominal plan and the MPC's (a shadow"
                    + " asked in the same state): <stem>-controls.csv and a small-multiples <stem>-controls.png")
    boolean controls;

    @Option(
            names = "--config",
            description = "an experiment YAML file: lets --policy name a learned method, trained as that experiment"
                    + " trains it for --train-seed (minutes)")
    Path config;

    @Option(
            names = "--train-seed",
            description = "with --config: the seed whose model to train (default: the config's first seed)")
    Long trainSeed;

    @Option(
            names = "--out",
            defaultValue = "moca-out/simulate",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    /**
     * The largest {@code --index} + 1: the sample is drawn in order (scenario i depends on the i splits before it), so
     * the index costs time and memory in proportion.
     */
    static final int MAX_SAMPLE = 100_000;

    @Override
    public Integer call() throws java.io.IOException {
        // every input is checked, and the output folder tried, before anything is computed
        if (index < 0 || index >= MAX_SAMPLE) {
            throw new IllegalArgumentException("--index must be in [0, " + MAX_SAMPLE + "), got " + index
                    + " (the scenario of that position in the seeded sample)");
        }
        var network = scenarioOptions.network();
        ScenarioFamily family = scenarioOptions.family(network, RecoveryCriteria.defaults());
        ExperimentConfig cfg = config != null ? ExperimentConfig.load(config) : null;
        if (cfg == null && !Methods.untrainedNames().contains(policy)) {
            boolean known = Methods.names().contains(policy);
            throw new IllegalArgumentException("--policy " + policy + ": "
                    + (known ? "a learned method; give --config with an experiment file to train it" : "unknown method")
                    + ", expected one of " + Methods.untrainedNames()
                    + (known ? "" : " (learned methods with --config: " + Methods.names() + ")"));
        }
        if (cfg != null && !Methods.names().contains(policy))
            throw new IllegalArgumentException(
                    "--policy " + policy + ": unknown method, expected one of " + Methods.names());
        Outputs.preflight(out, "--out");
        Moca.interruptHint = "nothing was written (the outputs of simulate appear together, when complete)";

        Testbed bed = Testbed.of(network);
        ExperimentRunner.Experts experts = scenarioOptions.experts(bed.criteria());
        RecoveryPolicy p;
        if (cfg != null) {
            long seed = trainSeed != null ? trainSeed : cfg.seeds().get(0);
            p = new ExperimentRunner(cfg, out, "unused", experts)
                    .prepare(bed, Methods.method(policy).name(), seed)
                    .get();
        } else {
            p = Methods.untrained(policy, bed, experts).get();
        }
        Scenario sc = family.sample(index + 1, scenarioOptions.seed).get(index);
        Episode episode = bed.episode(sc);
        ControlDiagnostics.Trace trace =
                controls ? ControlDiagnostics.run(bed, episode, p, experts.mpc().get()) : null;
        EpisodeRunner.Result r = trace != null ? trace.result() : bed.runner().run(episode, p);
        EpisodeMetrics m = r.metrics();

        System.out.println("Scenario " + sc.label() + ": " + sc.disruptions());
        System.out.println(summary(p.name(), m).printAll());

        String stem = p.name() + "-" + sc.family() + "-" + sc.index() + "-seed" + scenarioOptions.seed;
        Path csv = out.resolve(stem + ".csv");
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put(p.name(), r.trace().serviceCurve());
        Map<String, Integer> rec = new LinkedHashMap<>();
        if (m.timeToRecover() > 0) rec.put(p.name(), sc.onset() + m.timeToRecover());
        Path png = out.resolve(stem + ".png");
        var chart = Charts.serviceCurves(
                sc.label() + " — " + p.name(),
                curves,
                sc.onset(),
                bed.criteria().windowHours(),
                rec);
        // the CSV and its plot appear together or not at all
        try (AtomicFiles.FileSet files = AtomicFiles.fileSet()) {
            files.addString(csv, org.moca.viz.Tables.csv(serviceCsv(r.trace())));
            files.add(png, o -> Charts.encodePng(chart, o));
            if (trace != null) {
                Table c = trace.controls();
                files.addString(out.resolve(stem + "-controls.csv"), org.moca.viz.Tables.csv(c));
                var panels = ControlDiagnostics.panels(c, 1e-6);
                double[] hours = c.intColumn("hour").unique().asDoubleArray();
                java.util.Arrays.sort(hours);
                var image = Charts.smallMultiples(
                        sc.label() + " — " + p.name() + " vs nominal vs MPC (shadow), controls that move",
                        hours,
                        panels,
                        6);
                files.add(out.resolve(stem + "-controls.png"), o -> Charts.encodePng(image, o));
            }
            files.commit();
        }
        System.out.println("wrote " + csv + " and " + png);
        return 0;
    }

    static Table summary(String policy, EpisodeMetrics m) {
        StringColumn metric = StringColumn.create("metric");
        StringColumn value = StringColumn.create(policy);
        add(metric, value, "baseline service", String.format("%.4f", m.baseline()));
        add(metric, value, "hit hour", m.hitHour() < 0 ? "never" : Integer.toString(m.hitHour()));
        add(
                metric,
                value,
                "time to recover (h)",
                m.timeToRecover() < 0 ? "not recovered" : Integer.toString(m.timeToRecover()));
        add(metric, value, "recovered within 48 h", Boolean.toString(m.recovered()));
        add(metric, value, "recovered within 36 h", Boolean.toString(m.recoveredEarly()));
        add(metric, value, "demand in window", String.format("%.1f", m.demand()));
        add(metric, value, "fulfilled in window", String.format("%.1f", m.fulfilled()));
        add(metric, value, "unmet demand in window", String.format("%.1f", m.unmetDemand()));
        add(metric, value, "resilience loss (h)", String.format("%.2f", m.resilienceLoss()));
        add(metric, value, "circularity", String.format("%.3f", m.circularity()));
        add(metric, value, "virgin share", String.format("%.3f", m.virginShare()));
        add(metric, value, "landfill leakage (kg)", String.format("%.1f", m.leakage()));
        add(metric, value, "cost", String.format("%.0f", m.cost()));
        add(metric, value, "stranded inventory (kg)", String.format("%.1f", m.strandedInventory()));
        return Table.create("episode metrics", metric, value);
    }

    private static void add(StringColumn k, StringColumn v, String key, String value) {
        k.append(key);
        v.append(value);
    }

    static Table serviceCsv(EpisodeTrace t) {
        int n = t.hours();
        IntColumn hour = IntColumn.create("hour");
        DoubleColumn demand = DoubleColumn.create("demand"),
                served = DoubleColumn.create("served"),
                service = DoubleColumn.create("service"),
                backlog = DoubleColumn.create("backlog"),
                cost = DoubleColumn.create("cost");
        for (int h = 0; h < n; h++) {
            hour.append(h);
            demand.append(t.demand(h));
            served.append(t.served(h));
            service.append(t.service(h));
            backlog.append(t.backlog(h));
            cost.append(t.cost(h));
        }
        return Table.create("service", hour, demand, served, service, backlog, cost);
    }
}
