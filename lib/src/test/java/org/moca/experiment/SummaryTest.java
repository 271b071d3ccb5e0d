package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moca.infra.Stats;
import org.moca.sim.EpisodeMetrics;
import tech.tablesaw.api.Table;

/** The summary and the paired tests on hand-made episode rows whose figures are computed by hand. */
class SummaryTest {

    /** The 0.975 quantile of Student's t with one degree of freedom. */
    private static final double T_1 =
            new org.apache.commons.math3.distribution.TDistribution(null, 1).inverseCumulativeProbability(0.975);

    static TrialTable.Row row(String method, long seed, String variant, int episode, boolean recovered, double unmet) {
        EpisodeMetrics m = new EpisodeMetrics(
                1.0,
                recovered ? 40 : 30,
                recovered ? 20 : -1,
                recovered,
                false,
                100,
                100 - unmet,
                unmet,
                unmet / 10,
                0.3,
                0.5,
                1,
                1000,
                0,
                false);
        return new TrialTable.Row(method, seed, "fam", variant, episode, 24, m);
    }

    /**
     * Two seeds x 2 episodes. no-action: never recovers, unmet 10 everywhere. A: recovers 2/2 under seed 1, 0/2 under
     * seed 2; unmet 0, 0, 5, 5. Variants: episode 0 is "x", episode 1 is "y".
     */
    static List<TrialTable.Row> rows() {
        List<TrialTable.Row> rows = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            for (int e = 0; e < 2; e++) {
                String v = e == 0 ? "x" : "y";
                rows.add(row("no-action", seed, v, e, false, 10));
                rows.add(row("A", seed, v, e, seed == 1, seed == 1 ? 0 : 5));
            }
        }
        return rows;
    }

    @Test
    void poolsAndSplitsByVariantWithIntervalsOverEpisodesAndOverSeeds() {
        Table s = Summary.of(rows(), List.of("no-action", "A"));
        assertEquals(
                List.of("no-action", "A", "no-action", "A", "no-action", "A"),
                s.stringColumn("policy").asList());
        assertEquals(
                List.of("all", "all", "x", "x", "y", "y"),
                s.stringColumn("variant").asList());
        int a = 1; // A, pooled
        assertEquals(4, s.intColumn("episodes").getInt(a));
        assertEquals(2, s.intColumn("seeds").getInt(a));
        assertEquals(0.5, s.doubleColumn("recovered_48h").getDouble(a), 1e-15);
        Stats.Interval wilson = Stats.wilson(2, 4);
        assertEquals(wilson.lower(), s.doubleColumn("r48_ci_low").getDouble(a), 1e-15);
        // per-seed rates 1 and 0: mean .5, sd .7071, t(1) 12.706 -> [.5 - 6.35, .5 + 6.35], clipped to [0, 1]
        assertEquals(0.0, s.doubleColumn("r48_seed_ci_low").getDouble(a), 0);
        assertEquals(1.0, s.doubleColumn("r48_seed_ci_high").getDouble(a), 0);
        assertEquals(2.5, s.doubleColumn("unmet").getDouble(a), 1e-15);
        // per-seed means 0 and 5: 2.5 +- 12.706 * 2.5
        assertEquals(2.5 - T_1 * 2.5, s.doubleColumn("unmet_seed_ci_low").getDouble(a), 1e-9);
        // shares (10 - unmet) / 10: 1, 1, .5, .5 -> mean .75; per-seed 1 and .5
        assertEquals(0.75, s.doubleColumn("recovered_loss_share").getDouble(a), 1e-15);
        assertEquals(T_1 * 0.25, s.doubleColumn("rls_ci_halfwidth").getDouble(a), 1e-9);
        assertEquals(20.0, s.doubleColumn("mean_ttr_h").getDouble(a), 0, "over the episodes that recover");
        assertTrue(Double.isNaN(s.doubleColumn("mean_ttr_h").getDouble(0)), "no-action never recovers");
        // variant x of A: episodes (seed 1, 0) recovered and (seed 2, 0) not
        assertEquals(0.5, s.doubleColumn("recovered_48h").getDouble(3), 1e-15);
        assertEquals(2, s.intColumn("episodes").getInt(3));
    }

    @Test
    void oneSeedGivesNoIntervalOverSeedsRatherThanAZeroWidthOne() {
        List<TrialTable.Row> one = rows().stream().filter(r -> r.seed() == 1).toList();
        Table s = Summary.of(one, List.of("no-action", "A"));
        assertTrue(Double.isNaN(s.doubleColumn("r48_seed_ci_low").getDouble(1)));
        assertTrue(Double.isNaN(s.doubleColumn("rls_ci_halfwidth").getDouble(1)));
        assertTrue(Summary.display(s, "fam").stringColumn("[over seeds]").get(1).equals("[-]"));
    }

    @Test
    void pairedTestsCountDiscordantPairsAndHolmCorrect() {
        List<TrialTable.Row> rows = new ArrayList<>(rows());
        // B recovers exactly where A does not (seed 2), unmet 1 everywhere
        for (long seed : new long[] {1, 2}) {
            for (int e = 0; e < 2; e++) rows.add(row("B", seed, e == 0 ? "x" : "y", e, seed == 2, 1));
        }
        Table t = PairedTests.of(rows, List.of("no-action", "A", "B"), List.of("A"));
        assertEquals(List.of("no-action", "B"), t.stringColumn("policy").asList());
        // B vs A: B recovers alone in 2 pairs, A alone in 2: McNemar p = 1
        assertEquals(2, t.intColumn("only_policy").getInt(1));
        assertEquals(2, t.intColumn("only_reference").getInt(1));
        assertEquals(1.0, t.doubleColumn("mcnemar_p").getDouble(1), 0);
        // no-action vs A: A alone in 2 pairs: 2 * (1/2)^2 = 0.5; Holm over the two tests: min(1, 2 * 0.5) = 1
        assertEquals(0.5, t.doubleColumn("mcnemar_p").getDouble(0), 1e-15);
        assertEquals(1.0, t.doubleColumn("mcnemar_p_holm").getDouble(0), 1e-15);
        // unmet differences no-action - A: 10, 10, 5, 5 -> mean 7.5; B - A: 1, 1, -4, -4 -> mean -1.5
        assertEquals(7.5, t.doubleColumn("unmet_diff").getDouble(0), 1e-15);
        assertEquals(-1.5, t.doubleColumn("unmet_diff").getDouble(1), 1e-15);
        assertEquals(
                Stats.wilcoxonSignedRank(new double[] {10, 10, 5, 5}),
                t.doubleColumn("wilcoxon_p").getDouble(0));
        assertEquals(4, t.intColumn("pairs").getInt(0));
    }

    @Test
    void roundingResiduesOfUnmetDemandAreTiesNotDifferences() {
        // P and the reference both lose nothing but for residues of 1e-13 units, all one way (the oracle against the
        // MPC on the full run's black-swan episodes); Q loses 0.5, 1, 1.5, 2 units more in each seed
        List<TrialTable.Row> rows = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            for (int e = 0; e < 4; e++) {
                rows.add(row("ref", seed, "x", e, true, 0));
                rows.add(row("P", seed, "x", e, true, 1e-13 * (e + 1)));
                rows.add(row("Q", seed, "x", e, true, 0.5 * (e + 1)));
            }
        }
        Table t = PairedTests.of(rows, List.of("ref", "P", "Q"), List.of("ref"));
        assertEquals(List.of("P", "Q"), t.stringColumn("policy").asList());
        assertEquals(1.0, t.doubleColumn("wilcoxon_p").getDouble(0), 0);
        // eight positive differences: only the all-positive signs reach the largest rank sum, p = 2 / 2^8
        assertEquals(2.0 / 256, t.doubleColumn("wilcoxon_p").getDouble(1), 1e-12);
        assertEquals(1.25, t.doubleColumn("unmet_diff").getDouble(1), 1e-12);
        // the tolerance is relative to the larger value (1e-9 of 100 here) and to one unit near zero
        assertEquals(0.0, PairedTests.difference(100 + 1e-8, 100), 0);
        assertEquals(1e-6, PairedTests.difference(1e-6, 0), 1e-18);
        assertEquals(-3.0, PairedTests.difference(97, 100), 0);
    }

    @Test
    void aTrialTableReadsBackEqualAndABadHeaderIsNamed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("t.csv");
        TrialTable.write(TrialTable.table(rows()), f, null);
        assertEquals(rows(), TrialTable.rows(TrialTable.read(f)));
        Files.writeString(f, "method,seed,episode\nA,1,0\n");
        IOException e = assertThrows(IOException.class, () -> TrialTable.read(f));
        assertTrue(e.getMessage().contains("t.csv line 1") && e.getMessage().contains("recovered_48h"), e.getMessage());
    }
}
