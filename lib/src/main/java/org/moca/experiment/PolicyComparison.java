package org.moca.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.moca.infra.ProgressTracker;
import org.moca.infra.Stats;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.EpisodeMetrics;
import org.moca.sim.RecoveryMetrics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Runs several policies over the same episodes (common random numbers: every policy meets the same realizations) and
 * summarises them with confidence intervals. The no-action policy is the reference of the recovered-loss share.
 */
public final class PolicyComparison {

    /** Results per policy name, in the order given; episode i of every policy is the same episode. */
    public record Results(List<Episode> episodes, Map<String, List<EpisodeRunner.Result>> byPolicy, String reference) {}

    private final Testbed testbed;

    public PolicyComparison(Testbed testbed) {
        this.testbed = Objects.requireNonNull(testbed, "testbed");
    }

    /**
     * Runs every policy on every episode.
     *
     * @param policies  name -> factory (a fresh policy per episode, so no state leaks between episodes)
     * @param reference the name of the no-action policy among them
     * @param progress  told once per finished (policy, episode) pair
     */
    public Results run(
            List<Episode> episodes,
            Map<String, Supplier<RecoveryPolicy>> policies,
            String reference,
            ProgressTracker progress) {
        if (!policies.containsKey(reference))
            throw new IllegalArgumentException("reference policy " + reference + " is not among " + policies.keySet());
        Map<String, List<EpisodeRunner.Result>> out = new LinkedHashMap<>();
        policies.forEach((name, factory) -> {
            List<EpisodeRunner.Result> rs = new ArrayList<>();
            for (Episode e : episodes) {
                rs.add(testbed.runner().run(e, factory.get()));
                if (progress != null) progress.step();
            }
            out.put(name, rs);
        });
        return new Results(List.copyOf(episodes), out, reference);
    }

    /**
     * The summary table: per policy, recovery within the window and the early window (rate with 95% Wilson interval),
     * mean time-to-recover of recovered episodes, recovered-loss share, resilience loss, fulfilled demand, circularity
     * and cost (means with 95% t-intervals where it matters).
     */
    public static Table summary(Results results) {
        StringColumn policy = StringColumn.create("policy");
        IntColumn n = IntColumn.create("episodes");
        DoubleColumn r48 = DoubleColumn.create("recovered_48h"),
                r48lo = DoubleColumn.create("r48_ci_low"),
                r48hi = DoubleColumn.create("r48_ci_high");
        DoubleColumn r36 = DoubleColumn.create("recovered_36h"),
                r36lo = DoubleColumn.create("r36_ci_low"),
                r36hi = DoubleColumn.create("r36_ci_high");
        DoubleColumn ttr = DoubleColumn.create("mean_ttr_h"),
                loss = DoubleColumn.create("recovered_loss_share"),
                lossHw = DoubleColumn.create("rls_ci_halfwidth"),
                res = DoubleColumn.create("resilience_loss_h"),
                fulfilled = DoubleColumn.create("fulfilled"),
                circ = DoubleColumn.create("circularity"),
                cost = DoubleColumn.create("cost");
        List<EpisodeRunner.Result> ref = results.byPolicy().get(results.reference());
        results.byPolicy().forEach((name, rs) -> {
            int k = rs.size();
            long ok48 = rs.stream().filter(r -> r.metrics().recovered()).count();
            long ok36 = rs.stream().filter(r -> r.metrics().recoveredEarly()).count();
            Stats.Interval w48 = Stats.wilson(ok48, k), w36 = Stats.wilson(ok36, k);
            double[] shares = new double[k];
            for (int i = 0; i < k; i++) {
                shares[i] = RecoveryMetrics.recoveredLossShare(
                        ref.get(i).metrics().unmetDemand(), rs.get(i).metrics().unmetDemand());
            }
            Stats.Interval share =
                    k > 1 ? Stats.meanT(shares) : new Stats.Interval(shares[0], shares[0], shares[0], 0.95);
            policy.append(name);
            n.append(k);
            r48.append(w48.estimate());
            r48lo.append(w48.lower());
            r48hi.append(w48.upper());
            r36.append(w36.estimate());
            r36lo.append(w36.lower());
            r36hi.append(w36.upper());
            ttr.append(rs.stream()
                    .mapToInt(r -> r.metrics().timeToRecover())
                    .filter(t -> t >= 0)
                    .average()
                    .orElse(Double.NaN));
            loss.append(share.estimate());
            lossHw.append(share.halfWidth());
            res.append(mean(rs, EpisodeMetrics::resilienceLoss));
            fulfilled.append(mean(rs, EpisodeMetrics::fulfilled));
            circ.append(mean(rs, EpisodeMetrics::circularity));
            cost.append(mean(rs, EpisodeMetrics::cost));
        });
        return Table.create(
                "policy comparison",
                policy,
                n,
                r48,
                r48lo,
                r48hi,
                r36,
                r36lo,
                r36hi,
                ttr,
                loss,
                lossHw,
                res,
                fulfilled,
                circ,
                cost);
    }

    /** The summary as people read it: rates as percentages with their intervals, means rounded. */
    public static Table display(Table summary) {
        StringColumn policy = StringColumn.create("policy"),
                r48 = StringColumn.create("recovered <= 48 h [95% CI]"),
                r36 = StringColumn.create("recovered <= 36 h [95% CI]"),
                ttr = StringColumn.create("mean TTR (h)"),
                rls = StringColumn.create("recovered-loss share"),
                res = StringColumn.create("resilience loss (h)"),
                circ = StringColumn.create("circularity"),
                cost = StringColumn.create("cost");
        for (int i = 0; i < summary.rowCount(); i++) {
            policy.append(summary.stringColumn("policy").get(i));
            r48.append(pct(summary, "recovered_48h", "r48_ci_low", "r48_ci_high", i));
            r36.append(pct(summary, "recovered_36h", "r36_ci_low", "r36_ci_high", i));
            double t = summary.doubleColumn("mean_ttr_h").getDouble(i);
            ttr.append(Double.isNaN(t) ? "-" : String.format("%.1f", t));
            double share = summary.doubleColumn("recovered_loss_share").getDouble(i);
            rls.append(
                    Double.isNaN(share)
                            ? "-"
                            : String.format(
                                    "%.2f ± %.2f",
                                    share,
                                    summary.doubleColumn("rls_ci_halfwidth").getDouble(i)));
            res.append(String.format(
                    "%.2f", summary.doubleColumn("resilience_loss_h").getDouble(i)));
            circ.append(
                    String.format("%.3f", summary.doubleColumn("circularity").getDouble(i)));
            cost.append(String.format("%.0f", summary.doubleColumn("cost").getDouble(i)));
        }
        return Table.create(summary.name(), policy, r48, r36, ttr, rls, res, circ, cost);
    }

    private static String pct(Table t, String est, String lo, String hi, int i) {
        return String.format(
                "%3.0f%% [%.0f%%, %.0f%%]",
                100 * t.doubleColumn(est).getDouble(i),
                100 * t.doubleColumn(lo).getDouble(i),
                100 * t.doubleColumn(hi).getDouble(i));
    }

    private static double mean(List<EpisodeRunner.Result> rs, java.util.function.ToDoubleFunction<EpisodeMetrics> f) {
        return rs.stream()
                .mapToDouble(r -> f.applyAsDouble(r.metrics()))
                .average()
                .orElse(Double.NaN);
    }

    /** Mean service curve per policy over the episodes (all episodes share onset and horizon in a family). */
    public static Map<String, double[]> meanServiceCurves(Results results) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        results.byPolicy().forEach((name, rs) -> {
            int h = rs.stream().mapToInt(r -> r.trace().hours()).min().orElse(0);
            double[] mean = new double[h];
            for (EpisodeRunner.Result r : rs) {
                double[] s = r.trace().serviceCurve();
                for (int t = 0; t < h; t++) mean[t] += s[t] / rs.size();
            }
            curves.put(name, mean);
        });
        return curves;
    }
}
