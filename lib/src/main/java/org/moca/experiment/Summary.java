package org.moca.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.moca.infra.Stats;
import org.moca.sim.EpisodeMetrics;
import org.moca.sim.RecoveryMetrics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The one summary of episode results (experiments, comparisons, notebooks): per test family, per method, pooled over
 * the family's variants ({@code variant = all}) and for each variant on its own when the family has several.
 *
 * <p>Columns: {@code policy, family, variant, episodes, seeds}; the recovery rates within the window and the early
 * window ({@code recovered_48h}, {@code recovered_36h}) with two 95% intervals — the episode-level Wilson interval
 * ({@code r48_ci_low/high}) and the interval over models ({@code r48_seed_ci_low/high}: Student's t over the per-seed
 * rates, since each seed trains its own model and episodes of one model are not independent; undefined, NaN, with one
 * seed); {@code mean_ttr_h} over episodes that recover at all; {@code unmet} (mean unmet demand in the window) with its
 * interval over seeds; the recovered-loss share against {@code no-action} on the same episode (when no-action was run)
 * with the half-width of its interval over seeds; resilience loss, fulfilled demand, circularity and cost (means); then
 * the mean of every other numeric metric of {@link EpisodeMetrics}, under its trial-table column name.
 * Every definition is {@link RecoveryMetrics}'s.
 */
public final class Summary {

    /** The variant name of a family's pooled row. */
    public static final String ALL_VARIANTS = "all";

    /** The no-action method, the reference of the recovered-loss share. */
    public static final String NO_ACTION = "no-action";

    /** Metrics summarized by their own columns above; every other numeric metric gets a column of its mean. */
    private static final java.util.Set<String> CURATED =
            java.util.Set.of("unmet", "resilience_loss", "fulfilled", "circularity", "cost");

    private Summary() {}

    /**
     * The summary of {@code rows}, with methods and families in the order given (others, if any, after them in the
     * order they appear).
     */
    public static Table of(List<TrialTable.Row> rows, List<String> methodOrder) {
        Objects.requireNonNull(rows, "rows");
        if (rows.isEmpty()) throw new IllegalArgumentException("no episode results to summarize");
        LinkedHashSet<String> methods = new LinkedHashSet<>(methodOrder);
        LinkedHashSet<String> families = new LinkedHashSet<>();
        Map<String, LinkedHashSet<String>> variants = new LinkedHashMap<>();
        for (TrialTable.Row r : rows) {
            methods.add(r.method());
            families.add(r.family());
            variants.computeIfAbsent(r.family(), k -> new LinkedHashSet<>()).add(r.variant());
        }
        Map<String, Double> noActionUnmet = new HashMap<>();
        for (TrialTable.Row r : rows) {
            if (r.method().equals(NO_ACTION))
                noActionUnmet.put(r.pairKey(), r.metrics().unmetDemand());
        }
        Columns c = new Columns();
        for (String family : families) {
            List<String> vs = new ArrayList<>();
            vs.add(ALL_VARIANTS);
            if (variants.get(family).size() > 1) vs.addAll(variants.get(family));
            for (String variant : vs) {
                for (String method : methods) {
                    List<TrialTable.Row> group = rows.stream()
                            .filter(r -> r.method().equals(method) && r.family().equals(family))
                            .filter(r ->
                                    variant.equals(ALL_VARIANTS) || r.variant().equals(variant))
                            .toList();
                    if (!group.isEmpty()) c.add(method, family, variant, group, noActionUnmet);
                }
            }
        }
        return c.table();
    }

    /** Groups rows by seed, keeping the seeds' order of first appearance. */
    static Map<Long, List<TrialTable.Row>> bySeed(List<TrialTable.Row> rows) {
        Map<Long, List<TrialTable.Row>> out = new LinkedHashMap<>();
        for (TrialTable.Row r : rows)
            out.computeIfAbsent(r.seed(), k -> new ArrayList<>()).add(r);
        return out;
    }

    private static final class Columns {
        final StringColumn policy = StringColumn.create("policy"), family = StringColumn.create("family");
        final StringColumn variant = StringColumn.create("variant");
        final IntColumn episodes = IntColumn.create("episodes"), seeds = IntColumn.create("seeds");
        final DoubleColumn r48 = DoubleColumn.create("recovered_48h"), r48lo = DoubleColumn.create("r48_ci_low");
        final DoubleColumn r48hi = DoubleColumn.create("r48_ci_high");
        final DoubleColumn r48slo = DoubleColumn.create("r48_seed_ci_low");
        final DoubleColumn r48shi = DoubleColumn.create("r48_seed_ci_high");
        final DoubleColumn r36 = DoubleColumn.create("recovered_36h"), r36lo = DoubleColumn.create("r36_ci_low");
        final DoubleColumn r36hi = DoubleColumn.create("r36_ci_high");
        final DoubleColumn ttr = DoubleColumn.create("mean_ttr_h"), unmet = DoubleColumn.create("unmet");
        final DoubleColumn unmetLo = DoubleColumn.create("unmet_seed_ci_low");
        final DoubleColumn unmetHi = DoubleColumn.create("unmet_seed_ci_high");
        final DoubleColumn rls = DoubleColumn.create("recovered_loss_share");
        final DoubleColumn rlsHw = DoubleColumn.create("rls_ci_halfwidth");
        final DoubleColumn res = DoubleColumn.create("resilience_loss_h"), ful = DoubleColumn.create("fulfilled");
        final DoubleColumn circ = DoubleColumn.create("circularity"), cost = DoubleColumn.create("cost");
        /** Means of every other numeric metric, by its trial-table column name (a new metric appears by itself). */
        final Map<java.lang.reflect.RecordComponent, DoubleColumn> others = new LinkedHashMap<>();

        Columns() {
            for (java.lang.reflect.RecordComponent c : TrialTable.metricComponents()) {
                String name = TrialTable.columnName(c.getName());
                if (c.getType() == double.class && !CURATED.contains(name)) others.put(c, DoubleColumn.create(name));
            }
        }

        void add(String m, String f, String v, List<TrialTable.Row> g, Map<String, Double> noActionUnmet) {
            int n = g.size();
            long ok48 = g.stream().filter(r -> r.metrics().recovered()).count();
            long ok36 = g.stream().filter(r -> r.metrics().recoveredEarly()).count();
            Stats.Interval w48 = Stats.wilson(ok48, n), w36 = Stats.wilson(ok36, n);
            Map<Long, List<TrialTable.Row>> perSeed = bySeed(g);
            double[] seedRates = perSeed.values().stream()
                    .mapToDouble(
                            s -> s.stream().filter(r -> r.metrics().recovered()).count() / (double) s.size())
                    .toArray();
            Stats.Interval s48 = Stats.rateOverClusters(seedRates, Stats.DEFAULT_CONFIDENCE);
            Stats.Interval su = overSeeds(perSeed, r -> r.metrics().unmetDemand());
            boolean shares = g.stream().allMatch(r -> noActionUnmet.containsKey(r.pairKey()));
            Stats.Interval share = shares
                    ? overSeeds(
                            perSeed,
                            r -> RecoveryMetrics.recoveredLossShare(
                                    noActionUnmet.get(r.pairKey()), r.metrics().unmetDemand()))
                    : Stats.Interval.undefined(Double.NaN, Stats.DEFAULT_CONFIDENCE);
            policy.append(m);
            family.append(f);
            variant.append(v);
            episodes.append(n);
            seeds.append(perSeed.size());
            r48.append(w48.estimate());
            r48lo.append(w48.lower());
            r48hi.append(w48.upper());
            r48slo.append(s48.lower());
            r48shi.append(s48.upper());
            r36.append(w36.estimate());
            r36lo.append(w36.lower());
            r36hi.append(w36.upper());
            ttr.append(g.stream()
                    .mapToInt(r -> r.metrics().timeToRecover())
                    .filter(t -> t >= 0)
                    .average()
                    .orElse(Double.NaN));
            unmet.append(mean(g, EpisodeMetrics::unmetDemand));
            unmetLo.append(su.lower());
            unmetHi.append(su.upper());
            rls.append(share.estimate());
            rlsHw.append(share.isDefined() ? share.halfWidth() : Double.NaN);
            res.append(mean(g, EpisodeMetrics::resilienceLoss));
            ful.append(mean(g, EpisodeMetrics::fulfilled));
            circ.append(mean(g, EpisodeMetrics::circularity));
            cost.append(mean(g, EpisodeMetrics::cost));
            others.forEach((c, col) -> col.append(g.stream()
                    .mapToDouble(r -> (double) TrialTable.component(r.metrics(), c))
                    .average()
                    .orElse(Double.NaN)));
        }

        Table table() {
            return Table.create(
                    "summary", policy, family, variant, episodes, seeds, r48, r48lo, r48hi, r48slo, r48shi, r36, r36lo,
                    r36hi, ttr, unmet, unmetLo, unmetHi, rls, rlsHw, res, ful, circ, cost);
        }
    }

    /**
     * The mean over episodes of a per-episode value, with the interval over seeds: t over the per-seed means (each
     * seed's model is one unit); undefined with one seed. The estimate is the episode mean (equal to the mean of seed
     * means when seeds have equal episode counts, as in every experiment here).
     */
    static Stats.Interval overSeeds(Map<Long, List<TrialTable.Row>> perSeed, ToDoubleFunction<TrialTable.Row> value) {
        double[] seedMeans = perSeed.values().stream()
                .mapToDouble(s -> s.stream().mapToDouble(value).average().orElseThrow())
                .toArray();
        double episodeMean = perSeed.values().stream()
                .flatMap(List::stream)
                .mapToDouble(value)
                .average()
                .orElseThrow();
        if (seedMeans.length < 2) return Stats.Interval.undefined(episodeMean, Stats.DEFAULT_CONFIDENCE);
        Stats.Interval t = Stats.meanT(seedMeans);
        double shift = episodeMean - t.estimate();
        return new Stats.Interval(episodeMean, t.lower() + shift, t.upper() + shift, Stats.DEFAULT_CONFIDENCE);
    }

    private static double mean(List<TrialTable.Row> g, ToDoubleFunction<EpisodeMetrics> f) {
        return g.stream()
                .mapToDouble(r -> f.applyAsDouble(r.metrics()))
                .average()
                .orElse(Double.NaN);
    }

    /**
     * The summary as people read it, for one family's pooled rows: rates as percentages with the Wilson interval and
     * the interval over seeds, means rounded.
     */
    public static Table display(Table summary, String family) {
        StringColumn policy = StringColumn.create("policy"),
                r48 = StringColumn.create("recovered <= 48 h [Wilson]"),
                seeds = StringColumn.create("[over seeds]"),
                r36 = StringColumn.create("recovered <= 36 h"),
                ttr = StringColumn.create("mean TTR (h)"),
                unmet = StringColumn.create("unmet demand"),
                rls = StringColumn.create("recovered-loss share"),
                cost = StringColumn.create("cost");
        for (int i = 0; i < summary.rowCount(); i++) {
            if (!summary.stringColumn("family").get(i).equals(family)) continue;
            if (!summary.stringColumn("variant").get(i).equals(ALL_VARIANTS)) continue;
            policy.append(summary.stringColumn("policy").get(i));
            r48.append(pct(summary, "recovered_48h", "r48_ci_low", "r48_ci_high", i));
            seeds.append(interval(summary, "r48_seed_ci_low", "r48_seed_ci_high", i, true));
            r36.append(pct(summary, "recovered_36h", "r36_ci_low", "r36_ci_high", i));
            double t = summary.doubleColumn("mean_ttr_h").getDouble(i);
            ttr.append(Double.isNaN(t) ? "-" : String.format(Locale.ROOT, "%.1f", t));
            unmet.append(String.format(
                            Locale.ROOT, "%.1f", summary.doubleColumn("unmet").getDouble(i)) + " "
                    + interval(summary, "unmet_seed_ci_low", "unmet_seed_ci_high", i, false));
            double share = summary.doubleColumn("recovered_loss_share").getDouble(i);
            double hw = summary.doubleColumn("rls_ci_halfwidth").getDouble(i);
            rls.append(
                    Double.isNaN(share)
                            ? "-"
                            : String.format(Locale.ROOT, "%+.2f", share)
                                    + (Double.isNaN(hw) ? "" : String.format(Locale.ROOT, " ± %.2f", hw)));
            cost.append(String.format(
                    Locale.ROOT, "%.0f", summary.doubleColumn("cost").getDouble(i)));
        }
        return Table.create(family, policy, r48, seeds, r36, ttr, unmet, rls, cost);
    }

    /** Per family, the recovery rate within the window of every method in every variant (rows: methods). */
    public static Table variants(Table summary, String family) {
        List<String> vs = new ArrayList<>();
        List<String> ms = new ArrayList<>();
        for (int i = 0; i < summary.rowCount(); i++) {
            if (!summary.stringColumn("family").get(i).equals(family)) continue;
            String v = summary.stringColumn("variant").get(i),
                    m = summary.stringColumn("policy").get(i);
            if (!v.equals(ALL_VARIANTS) && !vs.contains(v)) vs.add(v);
            if (!ms.contains(m)) ms.add(m);
        }
        StringColumn policy = StringColumn.create("policy", ms);
        Table t = Table.create(family + " by variant (recovered <= 48 h)", policy);
        for (String v : vs) {
            StringColumn col = StringColumn.create(v);
            for (String m : ms) {
                String cell = "-";
                for (int i = 0; i < summary.rowCount(); i++) {
                    if (summary.stringColumn("family").get(i).equals(family)
                            && summary.stringColumn("variant").get(i).equals(v)
                            && summary.stringColumn("policy").get(i).equals(m)) {
                        cell = String.format(
                                Locale.ROOT,
                                "%.0f%% (n=%d)",
                                100 * summary.doubleColumn("recovered_48h").getDouble(i),
                                summary.intColumn("episodes").getInt(i));
                    }
                }
                col.append(cell);
            }
            t.addColumns(col);
        }
        return t;
    }

    /** The families of a summary, in order. */
    public static List<String> families(Table summary) {
        return new ArrayList<>(
                new LinkedHashSet<>(summary.stringColumn("family").asList()));
    }

    private static String pct(Table t, String est, String lo, String hi, int i) {
        return String.format(
                Locale.ROOT,
                "%3.0f%% [%.0f%%, %.0f%%]",
                100 * t.doubleColumn(est).getDouble(i),
                100 * t.doubleColumn(lo).getDouble(i),
                100 * t.doubleColumn(hi).getDouble(i));
    }

    private static String interval(Table t, String lo, String hi, int i, boolean percent) {
        double l = t.doubleColumn(lo).getDouble(i), h = t.doubleColumn(hi).getDouble(i);
        if (Double.isNaN(l)) return "[-]";
        return percent
                ? String.format(Locale.ROOT, "[%.0f%%, %.0f%%]", 100 * l, 100 * h)
                : String.format(Locale.ROOT, "[%.1f, %.1f]", l, h);
    }
}
