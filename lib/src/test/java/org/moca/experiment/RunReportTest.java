package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    private static final String SUMMARY_HEADER = "policy,family,variant,episodes,seeds,recovered_48h,r48_ci_low,"
            + "r48_ci_high,r48_seed_ci_low,r48_seed_ci_high,recovered_36h,r36_ci_low,r36_ci_high,mean_ttr_h,unmet,"
            + "unmet_seed_ci_low,unmet_seed_ci_high,recovered_loss_share,rls_ci_halfwidth,resilience_loss_h,fulfilled,"
            + "circularity,cost\n";

    /** A hand-made run: two methods on one family (a pooled row and a variant row each), one reference. */
    private static Path run(Path dir) throws IOException {
        Files.writeString(
                dir.resolve("summary.csv"),
                SUMMARY_HEADER
                        + "mpc,bl,all,60,5,0.9166666666666666,0.8,0.96,0.85,0.98,1,1,1,20,3.25,1.04,5.46,0.9,0.1,1,"
                        + "400,0.61,91530.4\n"
                        + "mpc,bl,v1,20,5,1,0.83,1,1,1,1,1,1,0,0,0,0,1,0,0,100,0.6,1000\n"
                        + "rule,bl,all,60,5,0.38333333333333336,0.27,0.51,0.2,0.56,1,1,1,30,20.84,15,26.68,0.5,0.1,"
                        + "2,380,0.7,30000\n"
                        + "rule,bl,v1,20,5,0.5,0.3,0.7,0.2,0.8,1,1,1,30,10,5,15,0.5,0.1,2,90,0.7,900\n");
        Files.writeString(
                dir.resolve("paired-tests.csv"),
                "family,reference,policy,pairs,only_policy,only_reference,mcnemar_p,mcnemar_p_holm,unmet_diff,"
                        + "unmet_diff_ci_low,unmet_diff_ci_high,wilcoxon_p,wilcoxon_p_holm\n"
                        + "bl,mpc,rule,60,1,33,4.1E-9,4.1E-9,17.59,12.04,23.14,0.0213,0.0426\n");
        Files.writeString(
                dir.resolve("health.csv"),
                "family,episodes,no_action,oracle,mpc,backup_rule,probe_mcnemar_p,pre_onset_dips,healthy,problems\n"
                        + "bl,60,0,0.98,0.9166666666666666,0.38333333333333336,4.1E-9,0.0,true,\"a, b \"\"quoted\"\"\"\n");
        return dir;
    }

    @Test
    void theTablesShowTheFilesNumbersRoundedForReading(@TempDir Path dir) throws IOException {
        String md = RunReport.markdown(run(dir), RunReport.Selection.all());
        // 0.91666 of 60 episodes is 55; Wilson and over-seed intervals in whole percent; unmet to 0.1
        assertTrue(
                md.contains(
                        "| mpc | all | 55/60 (92%) | [80%, 96%] | [85%, 98%] | 3.3 [1.0, 5.5] | 91,530 | 0.610 |\n"),
                md);
        assertTrue(md.contains("| rule | all | 23/60 (38%) | [27%, 51%] | [20%, 56%] | 20.8 [15.0, 26.7] |"), md);
        assertFalse(md.contains("| v1 |"), "variants only when asked");
        // a paired row: discordant pairs with McNemar's Holm p, the difference with its interval, Wilcoxon's Holm p
        assertTrue(md.contains("| `rule` − `mpc` | 1/33 (p < 0.001) | +17.6 [+12.0, +23.1] | 0.043 |\n"), md);
        // the health row, its problems cell read back through the CSV quoting
        assertTrue(md.contains("| bl | 60 | 0% | 98% | 92% | 38% | < 0.001 | true | a, b \"quoted\" |\n"), md);
        String variants = RunReport.markdown(dir, new RunReport.Selection(List.of(), List.of(), List.of(), true));
        assertTrue(variants.contains("| mpc | v1 | 20/20 (100%) |"), variants);
    }

    @Test
    void aSelectionOrdersTheRowsAndNamesWhatTheRunLacks(@TempDir Path dir) throws IOException {
        run(dir);
        String md = RunReport.markdown(
                dir, new RunReport.Selection(List.of("bl"), List.of("rule", "mpc"), List.of(), false));
        assertTrue(md.indexOf("| rule | all") < md.indexOf("| mpc | all"), md);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> RunReport.markdown(dir, new RunReport.Selection(List.of(), List.of("moca"), List.of(), false)));
        assertTrue(
                e.getMessage().contains("method moca is not in")
                        && e.getMessage().contains("[mpc, rule]"),
                e.getMessage());
    }

    @Test
    void aBrokenFileIsNamedWithItsLineAndColumn(@TempDir Path dir) throws IOException {
        run(dir);
        Files.writeString(
                dir.resolve("paired-tests.csv"),
                "family,reference,policy,pairs,only_policy,only_reference,mcnemar_p,mcnemar_p_holm,unmet_diff,"
                        + "unmet_diff_ci_low,unmet_diff_ci_high,wilcoxon_p,wilcoxon_p_holm\n"
                        + "bl,mpc,rule,60,1,33,4.1E-9,4.1E-9,lots,12.04,23.14,0.0213,0.0426\n");
        var e = assertThrows(IllegalArgumentException.class, () -> RunReport.markdown(dir, RunReport.Selection.all()));
        assertTrue(
                e.getMessage().contains("paired-tests.csv line 2, column unmet_diff: expected a number, got 'lots'"),
                e.getMessage());
        Files.writeString(dir.resolve("health.csv"), "family,episodes\nbl,60,extra\n");
        e = assertThrows(IllegalArgumentException.class, () -> RunReport.markdown(dir, RunReport.Selection.all()));
        assertTrue(e.getMessage().contains("health.csv line 2: 3 cells, expected 2"), e.getMessage());
        var missing = assertThrows(
                IllegalArgumentException.class,
                () -> RunReport.markdown(dir.resolve("nope"), RunReport.Selection.all()));
        assertTrue(missing.getMessage().contains("no summary.csv"), missing.getMessage());
    }
}
