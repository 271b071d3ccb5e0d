package org.moca.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.Controls;

class BackupRulePolicyTest {

    @Test
    void keepsTheNominalPlanUntilADisruptionIsObservedThenBuysEverySupplierAtFullRate() {
        Testbed bed = Testbed.of(ReferenceNetworks.circularElectronicsNd());
        Episode e = bed.episodes(ScenarioFamilies.blackSwan(), 1, 3).get(0);
        BackupRulePolicy p = new BackupRulePolicy();
        p.reset(e);
        Controls before = p.act(null, List.of());
        assertArrayEquals(e.nominal().procurement(), before.procurement(), 0);
        Controls after = p.act(
                null,
                List.of(new ObservedDisruption(org.moca.sim.DisruptionType.SUPPLIER_OUTAGE, "reo_primary", 48, 1.0)));
        assertEquals(1.0, Arrays.stream(after.procurement()).min().orElseThrow(), 0);
        assertArrayEquals(e.nominal().utilization(), after.utilization(), 0, "everything else is the nominal plan");
        assertTrue(
                Arrays.stream(e.nominal().procurement()).anyMatch(v -> v < 1),
                "the nominal plan does not already buy every supplier at full rate (else the test proves nothing)");
    }
}
