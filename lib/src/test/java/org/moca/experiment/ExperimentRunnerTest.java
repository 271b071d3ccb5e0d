package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moca.infra.Progress;
import org.moca.infra.ProgressListener;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;
import tech.tablesaw.api.Table;

class ExperimentRunnerTest {

    /** A cheap stand-in expert: keeps the nominal plan but buys from every supplier at full rate. */
    static final class GreedyExpert implements RecoveryPolicy {
        private Controls c;

        @Override
        public String name() {
            return "greedy";
        }

        @Override
        public void reset(Episode e) {
            c = e.nominal().copy();
            java.util.Arrays.fill(c.procurement(), 1.0);
        }

        @Override
        public Controls act(SimulatorView v, List<ObservedDisruption> o) {
            return c;
        }
    }

    private static final ExperimentRunner.Experts EXPERTS =
            new ExperimentRunner.Experts(GreedyExpert::new, GreedyExpert::new);

    private static ExperimentConfig tiny(List<String> methods) {
        return new ExperimentConfig(
                "tiny",
                "circular-electronics-nd",
                "training",
                "black-swan",
                3,
                2,
                List.of(1L, 2L),
                List.of(16),
                3,
                2,
                2,
                0.01,
                0.001,
                4,
                0,
                methods);
    }

    @Test
    void aResumedRunEndsWithTheSameTableAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        ExperimentConfig cfg = tiny(List.of("maml", "moca"));
        ProgressListener quiet = new ProgressListener() {
            @Override
            public void onProgress(Progress p) {}

            @Override
            public void onFinish(Progress p) {}
        };
        ExperimentRunner whole = new ExperimentRunner(cfg, dir.resolve("a"), "run", EXPERTS);
        Table expected = whole.run(Integer.MAX_VALUE, quiet);

        ExperimentRunner resumed = new ExperimentRunner(cfg, dir.resolve("b"), "run", EXPERTS);
        assertNull(resumed.run(3, quiet), "stops after 3 of 4 trials");
        assertTrue(Files.exists(resumed.trialFile("moca", 1)));
        assertTrue(Files.notExists(resumed.trialFile("moca", 2)));
        long before = Files.getLastModifiedTime(resumed.trialFile("maml", 1)).toMillis();
        Table finished = resumed.run(Integer.MAX_VALUE, quiet);
        assertEquals(
                before,
                Files.getLastModifiedTime(resumed.trialFile("maml", 1)).toMillis(),
                "finished trials are not redone");

        assertEquals(org.moca.viz.Tables.csv(expected), org.moca.viz.Tables.csv(finished));
        assertEquals(
                Files.readString(whole.trialFile("moca", 2)),
                Files.readString(resumed.trialFile("moca", 2)),
                "deterministic trial");
        for (String f :
                List.of("summary.csv", "recovery-rate.png", "service-curves.png", "ttr.png", "provenance.json")) {
            assertTrue(Files.size(resumed.runDir().resolve(f)) > 0, f);
        }
        for (int i = 0; i < finished.rowCount(); i++) {
            double r = finished.doubleColumn("recovered_48h").getDouble(i);
            assertTrue(r >= 0 && r <= 1);
            assertTrue(finished.doubleColumn("r48_ci_low").getDouble(i) <= r
                    && r <= finished.doubleColumn("r48_ci_high").getDouble(i));
        }
        assertEquals(4, finished.intColumn("episodes").getInt(0));
    }

    @Test
    void configRejectsUnknownMethodsAndBadValuesByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> tiny(List.of("maml", "telepathy")));
        assertTrue(e.getMessage().contains("telepathy"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new ExperimentConfig(
                        "x", "t", "a", "b", 0, 1, List.of(1L), List.of(8), 1, 1, 1, 0.1, 0.1, 1, 0, List.of("maml")));
        assertTrue(e.getMessage().startsWith("trainEpisodes"), e.getMessage());
    }
}
