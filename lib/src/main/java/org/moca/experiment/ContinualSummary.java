package org.moca.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moca.agent.ContinualScores;
import org.moca.infra.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The continual experiment's scores over seeds, from finished trials only: the per-arm summary, the forgetting curves
 * and the mean loss matrices. Every measure is {@link ContinualScores}'s (forgetting after Chaudhry et al. 2018,
 * backward transfer after Lopez-Paz &amp; Ranzato 2017); this class only averages over seeds and attaches intervals.
 * O(arms x seeds x T^2 F).
 */
final class ContinualSummary {

    private static final List<String> CLOSED_LOOP_COLUMNS = List.of(
            "recovered_final",
            "recovered_ci_low",
            "recovered_ci_high",
            "fulfilled_final",
            "fulfilled_ci_low",
            "fulfilled_ci_high",
            "bwt_fulfilled",
            "bwt_fulfilled_ci_low",
            "bwt_fulfilled_ci_high");

    private ContinualSummary() {}

    /**
     * Per arm with at least one finished trial (in the config's order), over its seeds: final forgetting, backward
     * transfer, final mean loss over all families and the mean just-learned loss (each a mean with a 95% t interval
     * over seeds; NaN bounds with one seed), the mean loss at the meta-parameters; with closed-loop episodes, the final
     * recovery rate over every family's episodes (Wilson interval over seeds x episodes), the final fulfilled share
     * and its backward transfer (R = fulfilled share: each disruption's family at the end minus right after it).
     *
     * @param trials finished trials by arm name, each list in seed order
     */
    static Table summarize(String name, Map<String, List<ContinualTrial>> trials) {
        StringColumn armCol = StringColumn.create("arm");
        IntColumn seedsCol = IntColumn.create("seeds");
        Map<String, DoubleColumn> cols = new LinkedHashMap<>();
        for (String c : List.of(
                "forgetting",
                "forgetting_ci_low",
                "forgetting_ci_high",
                "bwt",
                "bwt_ci_low",
                "bwt_ci_high",
                "final_loss",
                "final_loss_ci_low",
                "final_loss_ci_high",
                "learned_loss",
                "start_loss")) {
            cols.put(c, DoubleColumn.create(c));
        }
        for (String c : CLOSED_LOOP_COLUMNS) cols.put(c, DoubleColumn.create(c));
        trials.forEach((arm, runs) -> {
            if (runs.isEmpty()) return;
            int n = runs.size();
            double[] forgetting = new double[n],
                    bwt = new double[n],
                    finalLoss = new double[n],
                    learned = new double[n],
                    startLoss = new double[n],
                    fulfilled = new double[n],
                    bwtFulfilled = new double[n];
            long recovered = 0, episodes = 0;
            for (int k = 0; k < n; k++) {
                ContinualTrial trial = runs.get(k);
                ContinualScores s = trial.scores();
                int last = s.length() - 1;
                forgetting[k] = s.forgettingAfter(last);
                bwt[k] = s.backwardTransfer();
                finalLoss[k] = s.averageSeenLoss(last);
                learned[k] = s.learnedLoss();
                startLoss[k] = trial.startLoss();
                if (trial.hasClosedLoop()) {
                    double share = 0;
                    for (ContinualClosedLoop.Outcome o : trial.atEnd()) {
                        episodes += o.episodes();
                        recovered += o.recovered();
                        share += o.fulfilledShare() / trial.atEnd().size();
                    }
                    fulfilled[k] = share;
                    bwtFulfilled[k] = trial.closedLoopScores().backwardTransfer();
                }
            }
            armCol.append(arm);
            seedsCol.append(n);
            appendMean(cols, "forgetting", "forgetting", forgetting);
            appendMean(cols, "bwt", "bwt", bwt);
            appendMean(cols, "final_loss", "final_loss", finalLoss);
            cols.get("learned_loss").append(Stats.mean(learned));
            cols.get("start_loss").append(Stats.mean(startLoss));
            if (episodes > 0) {
                Stats.Interval w = Stats.wilson(recovered, episodes);
                cols.get("recovered_final").append(w.estimate());
                cols.get("recovered_ci_low").append(w.lower());
                cols.get("recovered_ci_high").append(w.upper());
                appendMean(cols, "fulfilled_final", "fulfilled", fulfilled);
                appendMean(cols, "bwt_fulfilled", "bwt_fulfilled", bwtFulfilled);
            } else {
                for (String c : CLOSED_LOOP_COLUMNS) cols.get(c).append(Double.NaN);
            }
        });
        Table t = Table.create(name, armCol, seedsCol);
        cols.values().forEach(t::addColumns);
        return t;
    }

    /** Appends the mean of {@code values} to {@code name} and its t interval to {@code <ci>_ci_low/high}. */
    private static void appendMean(Map<String, DoubleColumn> cols, String name, String ci, double[] values) {
        Stats.Interval interval = values.length > 1 ? Stats.meanT(values) : null;
        cols.get(name).append(Stats.mean(values));
        cols.get(ci + "_ci_low").append(interval == null ? Double.NaN : interval.lower());
        cols.get(ci + "_ci_high").append(interval == null ? Double.NaN : interval.upper());
    }

    /** The summary for people: each mean with its interval as "m [lo, hi]" (one seed: just the mean). */
    static Table display(Table summary) {
        Table t = Table.create(summary.name(), summary.stringColumn("arm").copy());
        String[][] shown = {
            {"forgetting", "forgetting", "forgetting (loss)"},
            {"bwt", "bwt", "BWT (-loss)"},
            {"final_loss", "final_loss", "final mean loss"},
            {"recovered_final", "recovered", "recovered <= 48 h, final"},
            {"fulfilled_final", "fulfilled", "fulfilled share, final"},
            {"bwt_fulfilled", "bwt_fulfilled", "BWT (fulfilled share)"}
        };
        for (String[] c : shown) {
            StringColumn col = StringColumn.create(c[2]);
            for (int i = 0; i < summary.rowCount(); i++) {
                double m = summary.doubleColumn(c[0]).getDouble(i),
                        lo = summary.doubleColumn(c[1] + "_ci_low").getDouble(i),
                        hi = summary.doubleColumn(c[1] + "_ci_high").getDouble(i);
                col.append(
                        Double.isNaN(m)
                                ? "-"
                                : Double.isNaN(lo)
                                        ? String.format("%.3f", m)
                                        : String.format("%.3f [%.3f, %.3f]", m, lo, hi));
            }
            t.addColumns(col);
        }
        StringColumn learned = StringColumn.create("just-learned loss"),
                start = StringColumn.create("loss at meta-params");
        for (int i = 0; i < summary.rowCount(); i++) {
            learned.append(
                    String.format("%.3f", summary.doubleColumn("learned_loss").getDouble(i)));
            start.append(
                    String.format("%.3f", summary.doubleColumn("start_loss").getDouble(i)));
        }
        return t.addColumns(learned, start);
    }

    /**
     * The curves over the stream, mean over seeds, one row per (arm, disruption): columns {@code arm},
     * {@code disruption}, {@code family}, {@code forgetting} ({@link ContinualScores#forgettingAfter}; NaN at 0) and
     * {@code mean_seen_loss} ({@link ContinualScores#averageSeenLoss}).
     */
    static Table curves(List<String> families, Map<String, List<ContinualTrial>> trials) {
        StringColumn arm = StringColumn.create("arm"), family = StringColumn.create("family");
        IntColumn disruption = IntColumn.create("disruption");
        DoubleColumn forgetting = DoubleColumn.create("forgetting"), seen = DoubleColumn.create("mean_seen_loss");
        trials.forEach((name, runs) -> {
            if (runs.isEmpty()) return;
            double[] f = forgettingCurve(runs), s = new double[f.length];
            for (ContinualTrial r : runs)
                for (int i = 0; i < s.length; i++) s[i] += r.scores().averageSeenLoss(i) / runs.size();
            ContinualScores first = runs.get(0).scores();
            for (int i = 0; i < f.length; i++) {
                arm.append(name);
                disruption.append(i);
                family.append(families.get(first.stream()[i]));
                forgetting.append(f[i]);
                seen.append(s[i]);
            }
        });
        return Table.create("forgetting", arm, disruption, family, forgetting, seen);
    }

    /** Forgetting after each disruption, mean over the trials (NaN at 0: no earlier family). */
    static double[] forgettingCurve(List<ContinualTrial> runs) {
        double[] f = new double[runs.get(0).scores().length()];
        for (ContinualTrial r : runs)
            for (int i = 0; i < f.length; i++) f[i] += r.scores().forgettingAfter(i) / runs.size();
        return f;
    }

    /**
     * The loss matrix, mean over the trials: columns {@code disruption} ({@code start} for the meta-parameters, then
     * 0..T-1), {@code disruption_family} and one per family.
     */
    static Table meanLossMatrix(String name, List<String> families, List<ContinualTrial> runs) {
        int t = runs.get(0).scores().length(), nf = families.size();
        double[] atMeta = new double[nf];
        double[][] loss = new double[t][nf];
        for (ContinualTrial r : runs) {
            for (int k = 0; k < nf; k++) atMeta[k] += r.start()[k] / runs.size();
            for (int i = 0; i < t; i++)
                for (int k = 0; k < nf; k++) loss[i][k] += r.scores().loss()[i][k] / runs.size();
        }
        StringColumn disruption = StringColumn.create("disruption"), family = StringColumn.create("disruption_family");
        disruption.append(ContinualFiles.START);
        family.append("");
        int[] stream = runs.get(0).scores().stream();
        for (int i = 0; i < t; i++) {
            disruption.append(Integer.toString(i));
            family.append(families.get(stream[i]));
        }
        Table table = Table.create(name, disruption, family);
        for (int k = 0; k < nf; k++) {
            DoubleColumn c = DoubleColumn.create(families.get(k));
            c.append(atMeta[k]);
            for (int i = 0; i < t; i++) c.append(loss[i][k]);
            table.addColumns(c);
        }
        return table;
    }
}
