package org.moca.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference dataset holds exactly the numbers the simulator was calibrated against (recalibrated on main in b61dbf8). */
class ReferenceNetworksTest {

    private final SupplyNetwork n = ReferenceNetworks.circularElectronicsNd();

    @Test
    void sizeAndName() {
        assertEquals("circular-electronics-nd", n.name());
        assertEquals(7, n.materials().size());
        assertEquals(12, n.facilities().size());
        assertEquals(22, n.lanes().size());
    }

    @Test
    void calibratedNumbers() {
        assertEquals(0.7, n.material("magnet").trackedMassKg());
        assertEquals(5.7, n.material("eol_motor").trackedMassKg());
        assertEquals(0.02, n.material("ewaste").trackedMassKg());
        Facility market = n.facility("market");
        assertEquals(10, market.demand());
        assertEquals(0.35, market.returnRate());
        assertEquals(72, market.returnDelay());
        assertEquals("eol_motor", market.returnMaterial());
        assertEquals(Map.of("motor", 50.0), market.initialInventory());
        assertEquals(
                Map.of("magnet", 30.0, "copper", 200.0),
                n.facility("motor_assembly").initialInventory());
        assertEquals(Map.of("reo", 45.0), n.facility("magnet_plant").initialInventory());
        assertEquals(1.5, n.facility("recycler_hydro").unitCost());
        assertEquals(110, n.facility("reo_backup").unitCost());
        assertEquals(150, n.facility("collection").capacity());
        assertEquals(
                List.of("refurbish", "harvest", "shred"),
                n.facility("remanufacturer").modes().stream().map(Mode::name).toList());
        assertEquals(
                new Mode("eol_motor", Map.of("eol_motor", 1.0), Map.of("reo", 0.42, "copper", 4.0)),
                n.facility("recycler_pyro").modes().get(0));
        assertEquals(new Lane("L02", "reo_backup", "magnet_plant", "reo", 15, 20, 4.0), n.lane("L02"));
        assertEquals(new Lane("L21", "recycler_pyro", "magnet_plant", "reo", 20, 24, 1.0), n.lane("L21"));
        assertEquals(new Lane("L22", "recycler_pyro", "motor_assembly", "copper", 60, 24, 0.1), n.lane("L22"));
    }
}
