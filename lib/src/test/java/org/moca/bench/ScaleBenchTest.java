package org.moca.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleBenchTest {

    @Test
    void singleStageTurnsOffTheTieBreakOfTheOracleAndTheMpcAndTheProvenanceSaysSo(@TempDir Path dir) throws Exception {
        ScaleBench twoStage = new ScaleBench(List.of(), 12, 1, 0, 1);
        assertTrue(twoStage.uniquePlan()
                && twoStage.oracleLp().uniquePlan()
                && twoStage.mpc().lp().uniquePlan());
        ScaleBench single = new ScaleBench(List.of(), 12, 1, 0, 1, false);
        assertFalse(single.oracleLp().uniquePlan());
        assertFalse(single.mpc().lp().uniquePlan());
        // everything else of the MPC is its default
        assertEquals(twoStage.mpc().withLp(single.mpc().lp()), single.mpc(), "only the LP's tie-break differs");

        single.run(dir);
        List<String> timing = Files.readAllLines(dir.resolve("timing.csv"));
        assertEquals(2, timing.size(), "the header and the reference network's row");
        assertTrue(timing.get(1).startsWith("circular-electronics-nd,12,"), timing.get(1));
        assertTrue(Files.readString(dir.resolve("recovery.csv")).contains("oracle"));
        String provenance = Files.readString(dir.resolve("provenance.json"));
        assertTrue(provenance.contains("\"uniquePlan\" : false"), provenance);
    }
}
