package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.sim.RecoveryCriteria;
import tech.tablesaw.api.Table;

class BenchmarkHealthTest {

    /** 10 episodes: no-action recovers in {@code na}, oracle in {@code or}, mpc in {@code mpc}, probe in {@code pr}. */
    static List<TrialTable.Row> family(String f, int na, int or, int mpc, int pr) {
        List<TrialTable.Row> rows = new ArrayList<>();
        for (int e = 0; e < 10; e++) {
            rows.add(SummaryTest.row("no-action", 1, "v", e, e < na, 1).withFamily(f));
            rows.add(SummaryTest.row("oracle", 1, "v", e, e < or, 0).withFamily(f));
            rows.add(SummaryTest.row("mpc", 1, "v", e, e < mpc, 0).withFamily(f));
            rows.add(SummaryTest.row("backup-rule", 1, "v", e, e < pr, 0).withFamily(f));
        }
        return rows;
    }

    @Test
    void aFamilyIsHealthyOnlyIfEveryCheckPasses() {
        List<TrialTable.Row> rows = new ArrayList<>();
        rows.addAll(family("good", 0, 10, 10, 2)); // probe 8 pairs below the MPC: p = 2 / 256
        rows.addAll(family("one-decision", 0, 10, 10, 9)); // the probe does as well as the MPC
        rows.addAll(family("easy", 5, 10, 10, 0)); // doing nothing recovers half the time
        rows.addAll(family("too-hard", 0, 7, 7, 0)); // even the oracle fails
        Table h = BenchmarkHealth.of(rows, HealthCriteria.defaults());
        assertEquals(
                List.of("good", "one-decision", "easy", "too-hard"),
                h.stringColumn("family").asList());
        assertEquals(
                List.of(true, false, false, false), h.booleanColumn("healthy").asList());
        assertEquals(2.0 / 256, h.doubleColumn("probe_mcnemar_p").getDouble(0), 1e-15);
        assertTrue(h.stringColumn("problems").get(1).contains("backup-rule is not clearly below the MPC"));
        assertTrue(h.stringColumn("problems").get(2).contains("no-action recovers in 50%"));
        assertTrue(h.stringColumn("problems").get(3).contains("the oracle recovers in 70%"));
        assertEquals(10, h.intColumn("episodes").getInt(0));
        assertTrue(BenchmarkHealth.display(h).stringColumn("health").get(1).startsWith("FLAGGED"));
    }

    @Test
    void aMissingMethodLeavesTheFamilyUndecidedNotHealthy() {
        List<TrialTable.Row> rows = family("f", 0, 10, 10, 2).stream()
                .filter(r -> !r.method().equals("oracle"))
                .toList();
        Table h = BenchmarkHealth.of(rows, HealthCriteria.defaults());
        assertFalse(h.booleanColumn("healthy").get(0));
        assertTrue(h.stringColumn("problems").get(0).contains("oracle not run"));
    }

    @Test
    void theWindowSweepRecomputesRecoveryPerWindowFromCurves() {
        RecoveryCriteria c = RecoveryCriteria.defaults();
        // onset 10; a dip over hours 10..49 (back from +40): recovered for windows >= 46 (last hour below: 54)
        double[] late = new double[120];
        java.util.Arrays.fill(late, 1);
        for (int t = 10; t < 50; t++) late[t] = 0.2;
        double[] never = new double[120];
        java.util.Arrays.fill(never, 1);
        for (int t = 10; t < 120; t++) never[t] = 0.2;
        List<WindowSweep.Curve> curves = List.of(
                new WindowSweep.Curve("m", 1, "f", 0, 10, late), new WindowSweep.Curve("m", 2, "f", 0, 10, never));
        Table s = WindowSweep.of(curves, c, List.of(24, 48, 96, 200));
        assertEquals(List.of(24, 48, 96), s.intColumn("window_h").asList(), "200 h lies beyond the horizon");
        assertEquals(List.of(0.0, 0.5, 0.5), s.doubleColumn("recovered").asList());
        assertEquals(2, s.intColumn("episodes").getInt(1));
    }
}
