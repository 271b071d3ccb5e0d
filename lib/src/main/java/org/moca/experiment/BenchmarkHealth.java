package org.moca.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.moca.infra.Stats;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The benchmark's health table ({@link HealthCriteria}): per test family, the recovery rates of no-action, the oracle,
 * the MPC expert and the one-decision probe {@code backup-rule}, the probe's gap to the MPC with the paired McNemar
 * p-value, the share of episodes with a pre-onset dip, and the verdict with the reasons. A method the run did not
 * include leaves its check undecided, and the family is then not called healthy.
 */
public final class BenchmarkHealth {

    /** The methods the health checks read. */
    public static final List<String> METHODS = List.of("no-action", "oracle", "mpc", "backup-rule");

    private BenchmarkHealth() {}

    /** The health of every family in {@code rows}. */
    public static Table of(List<TrialTable.Row> rows, HealthCriteria h) {
        StringColumn family = StringColumn.create("family"), problems = StringColumn.create("problems");
        IntColumn episodes = IntColumn.create("episodes");
        DoubleColumn noAction = DoubleColumn.create("no_action"), oracle = DoubleColumn.create("oracle");
        DoubleColumn mpc = DoubleColumn.create("mpc"), probe = DoubleColumn.create("backup_rule");
        DoubleColumn probeP = DoubleColumn.create("probe_mcnemar_p"), dips = DoubleColumn.create("pre_onset_dips");
        BooleanColumn healthy = BooleanColumn.create("healthy");
        LinkedHashSet<String> families = new LinkedHashSet<>();
        for (TrialTable.Row r : rows) families.add(r.family());
        for (String f : families) {
            List<TrialTable.Row> fam =
                    rows.stream().filter(r -> r.family().equals(f)).toList();
            Map<String, Double> rate = new HashMap<>();
            for (String m : METHODS) {
                List<TrialTable.Row> g =
                        fam.stream().filter(r -> r.method().equals(m)).toList();
                rate.put(
                        m,
                        g.isEmpty()
                                ? Double.NaN
                                : g.stream()
                                                .filter(r -> r.metrics().recovered())
                                                .count()
                                        / (double) g.size());
            }
            double p = probeP(fam);
            double dipShare =
                    fam.stream().filter(r -> r.metrics().preOnsetDip()).count() / (double) fam.size();
            List<String> why = new ArrayList<>();
            check(
                    why,
                    rate.get("no-action"),
                    "no-action",
                    v -> v <= h.noActionMax(),
                    String.format(
                            Locale.ROOT,
                            "no-action recovers in %.0f%% > %.0f%%",
                            100 * rate.get("no-action"),
                            100 * h.noActionMax()));
            check(
                    why,
                    rate.get("oracle"),
                    "oracle",
                    v -> v >= h.oracleMin(),
                    String.format(
                            Locale.ROOT,
                            "the oracle recovers in %.0f%% < %.0f%%",
                            100 * rate.get("oracle"),
                            100 * h.oracleMin()));
            double gap = rate.get("mpc") - rate.get("backup-rule");
            if (Double.isNaN(gap)) why.add("mpc or backup-rule not run");
            else if (gap < h.probeMargin() || !(p < h.probeAlpha())) {
                why.add(String.format(
                        Locale.ROOT,
                        "backup-rule is not clearly below the MPC (gap %.0f points, McNemar p %.3f)",
                        100 * gap,
                        p));
            }
            if (dipShare > h.preOnsetDipMax())
                why.add(String.format(Locale.ROOT, "%.0f%% of episodes dip before the onset (noise)", 100 * dipShare));
            family.append(f);
            episodes.append((int) fam.stream()
                    .filter(r -> r.method().equals(fam.get(0).method()))
                    .count());
            noAction.append(rate.get("no-action"));
            oracle.append(rate.get("oracle"));
            mpc.append(rate.get("mpc"));
            probe.append(rate.get("backup-rule"));
            probeP.append(p);
            dips.append(dipShare);
            healthy.append(why.isEmpty());
            problems.append(String.join("; ", why));
        }
        return Table.create(
                "benchmark health", family, episodes, noAction, oracle, mpc, probe, probeP, dips, healthy, problems);
    }

    /** McNemar's exact p of backup-rule against the MPC on their common episodes; NaN if either was not run. */
    private static double probeP(List<TrialTable.Row> family) {
        Map<String, Boolean> mpc = new HashMap<>();
        for (TrialTable.Row r : family)
            if (r.method().equals("mpc")) mpc.put(r.pairKey(), r.metrics().recovered());
        int onlyMpc = 0, onlyProbe = 0, pairs = 0;
        for (TrialTable.Row r : family) {
            Boolean m = r.method().equals("backup-rule") ? mpc.get(r.pairKey()) : null;
            if (m == null) continue;
            pairs++;
            if (m && !r.metrics().recovered()) onlyMpc++;
            if (!m && r.metrics().recovered()) onlyProbe++;
        }
        return pairs == 0 ? Double.NaN : Stats.mcNemarExact(onlyMpc, onlyProbe);
    }

    private static void check(
            List<String> why, double value, String method, java.util.function.DoublePredicate ok, String problem) {
        if (Double.isNaN(value)) why.add(method + " not run");
        else if (!ok.test(value)) why.add(problem);
    }

    /** The health table as people read it. */
    public static Table display(Table health) {
        StringColumn family = StringColumn.create("family"), verdict = StringColumn.create("health");
        StringColumn noAction = StringColumn.create("no-action"), oracle = StringColumn.create("oracle");
        StringColumn mpc = StringColumn.create("mpc"), probe = StringColumn.create("backup-rule (p vs mpc)");
        for (int i = 0; i < health.rowCount(); i++) {
            family.append(health.stringColumn("family").get(i));
            noAction.append(pct(health.doubleColumn("no_action").getDouble(i)));
            oracle.append(pct(health.doubleColumn("oracle").getDouble(i)));
            mpc.append(pct(health.doubleColumn("mpc").getDouble(i)));
            double p = health.doubleColumn("probe_mcnemar_p").getDouble(i);
            probe.append(pct(health.doubleColumn("backup_rule").getDouble(i))
                    + (Double.isNaN(p) ? "" : String.format(Locale.ROOT, " (p %.3f)", p)));
            verdict.append(
                    health.booleanColumn("healthy").get(i)
                            ? "healthy"
                            : "FLAGGED: " + health.stringColumn("problems").get(i));
        }
        return Table.create(
                "benchmark health (recovered within the window)", family, noAction, oracle, mpc, probe, verdict);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "not run" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }
}
