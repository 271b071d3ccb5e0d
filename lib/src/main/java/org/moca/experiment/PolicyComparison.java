package org.moca.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.moca.infra.ProgressTracker;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.RecoveryPolicy;
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
     * The episode rows of a comparison in the trial-table format ({@link TrialTable}): seed 0 (one sample of episodes,
     * no trained models), the episodes' own family.
     */
    public static List<TrialTable.Row> rows(Results results) {
        List<TrialTable.Row> rows = new ArrayList<>();
        results.byPolicy().forEach((name, rs) -> {
            for (EpisodeRunner.Result r : rs)
                rows.add(TrialTable.row(name, 0, r.scenario().family(), r));
        });
        return rows;
    }

    /** The summary of a comparison ({@link Summary}: per family, pooled and per variant), policies in run order. */
    public static Table summary(Results results) {
        return Summary.of(rows(results), List.copyOf(results.byPolicy().keySet()));
    }

    /** The pooled rows of the summary's first family as people read them ({@link Summary#display}). */
    public static Table display(Table summary) {
        return Summary.display(summary, Summary.families(summary).get(0));
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
