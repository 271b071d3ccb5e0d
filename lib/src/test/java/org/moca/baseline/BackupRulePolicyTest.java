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
        // what is bought is shipped: every virgin supplier's slot releases all its stock (the backup's nominal release
        // is 0, so a rule that only bought would strand the backup's stock at the supplier)
        var layout = e.layout();
        int[] ship = layout.shipSlots();
        int backup = layout.slotOf("reo_backup", "reo");
        boolean sawBackup = false;
        for (int i = 0; i < ship.length; i++) {
            for (int k = 0; k < layout.suppliers().length; k++) {
                if (ship[i] == layout.supplierSlot(k)) assertEquals(1.0, after.release()[i], 0, "supplier slot " + i);
            }
            if (ship[i] == backup) {
                sawBackup = true;
                assertEquals(0.0, e.nominal().release()[i], 0, "the nominal plan does not ship from the backup");
            }
        }
        assertTrue(sawBackup);
        assertArrayEquals(e.nominal().utilization(), after.utilization(), 0, "everything else is the nominal plan");
        assertArrayEquals(e.nominal().modeShares()[0], after.modeShares()[0], 0);
        assertTrue(
                Arrays.stream(e.nominal().procurement()).anyMatch(v -> v < 1),
                "the nominal plan does not already buy every supplier at full rate (else the test proves nothing)");
    }
}
