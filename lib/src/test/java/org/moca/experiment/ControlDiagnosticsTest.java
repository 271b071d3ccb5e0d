package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.baseline.BackupRulePolicy;
import org.moca.baseline.NoActionPolicy;
import org.moca.graph.ReferenceNetworks;
import org.moca.scenario.Episode;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.Controls;
import tech.tablesaw.api.Table;

class ControlDiagnosticsTest {

    @Test
    void recordsEveryControlEveryHourAndTheShadowExpertNeverChangesTheTrajectory() {
        Testbed bed = Testbed.of(ReferenceNetworks.circularElectronicsNd());
        Episode e = bed.episodes(ScenarioFamilies.blackSwan(), 1, 5).get(0);
        List<String> names = Controls.names(bed.layout());
        assertEquals(names.size(), e.nominal().flatten().length, "one name per scalar control");
        assertEquals(names.size(), names.stream().distinct().count(), "names are unique");
        // the shadow (backup-rule) acts differently from the policy (no-action) but is never executed
        ControlDiagnostics.Trace t = ControlDiagnostics.run(bed, e, new NoActionPolicy(), new BackupRulePolicy());
        assertArrayEquals(
                bed.runner().run(e, new NoActionPolicy()).trace().serviceCurve(),
                t.result().trace().serviceCurve(),
                0);
        Table c = t.controls();
        int hours = e.scenario().horizon() - e.scenario().onset();
        assertEquals(hours * names.size(), c.rowCount());
        // no-action = nominal everywhere; the shadow buys every supplier at full rate
        for (int i = 0; i < c.rowCount(); i++) {
            assertEquals(
                    c.doubleColumn("nominal").getDouble(i),
                    c.doubleColumn("policy").getDouble(i),
                    0);
        }
        var panels = ControlDiagnostics.panels(c, 1e-9);
        // backup-rule departs from the nominal plan only in what it buys and ships from the virgin suppliers
        assertTrue(
                panels.keySet().stream()
                        .allMatch(k -> k.startsWith("procure ")
                                || k.equals("release reo_backup:reo")
                                || k.equals("release reo_primary:reo")),
                panels.keySet().toString());
        assertTrue(panels.containsKey("procure reo_backup"));
        assertEquals(hours, panels.get("procure reo_backup").get("expert").length);
    }
}
