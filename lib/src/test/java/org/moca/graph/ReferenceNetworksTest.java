package org.moca.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    // ---- the second shipped topology, circular-batteries-nmc (numbers derived in datasets/README.md) ----

    private final SupplyNetwork b = ReferenceNetworks.circularBatteriesNmc();

    @Test
    void theBatteryNetworkLoadsByName() {
        assertSame(b, ReferenceNetworks.resolve("circular-batteries-nmc"));
        assertEquals("circular-batteries-nmc", b.name());
        assertEquals(10, b.materials().size());
        assertEquals(14, b.facilities().size());
        assertEquals(23, b.lanes().size());
        assertEquals(List.of(), TopologyValidator.defects(b));
    }

    @Test
    void theBatteryNetworksTrackedMassesFollowFromTheChemistry() {
        // cathode metals (Li, Ni, Mn, Co) per unit, from IUPAC atomic weights
        double li = 6.941, ni = 58.693, mn = 54.938, co = 58.933, o = 15.999, h = 1.008;
        double metals = 0.8 * ni + 0.1 * mn + 0.1 * co;
        assertEquals(li / (li + 2 * o + 3 * h), b.material("lioh").trackedMassKg(), 1e-4);
        assertEquals(metals / (metals + 2 * (o + h)), b.material("pcam").trackedMassKg(), 1e-4);
        assertEquals((li + metals) / (li + metals + 2 * o), b.material("cam").trackedMassKg(), 1e-4);
        assertEquals(
                10 * b.material("cam").trackedMassKg(), b.material("module").trackedMassKg(), 1e-9);
        assertEquals(
                8 * b.material("module").trackedMassKg(), b.material("pack").trackedMassKg(), 1e-9);
    }

    @Test
    void theBatteryNetworksCrisisIsInItsNumbers() {
        // full demand needs more lithium hydroxide than the refiner alone supplies, and refiner plus spot source carry
        // it
        Mode assemble = b.facility("pack_assembly").modes().get(0);
        Mode make = b.facility("cell_plant").modes().get(0);
        Mode calcine = b.facility("cathode_plant").modes().get(0);
        double lioh = b.facility("ev_market").demand()
                * assemble.inputs().get("module")
                * make.inputs().get("cam")
                * calcine.inputs().get("lioh");
        assertEquals(388.8, lioh, 1e-9);
        double primary = b.facility("lioh_primary").capacity();
        double spot = b.facility("lioh_backup").capacity();
        assertTrue(primary < lioh && spot < primary && primary + spot > lioh, primary + " / " + spot);
        assertTrue(b.facility("lioh_backup").unitCost()
                > 2 * b.facility("lioh_primary").unitCost());
        assertTrue(b.lane("B02").leadTime() > b.lane("B01").leadTime());
        // pyrometallurgy loses the lithium: no route from the smelter carries lithium hydroxide
        assertTrue(b.lanes().stream()
                .noneMatch(l -> l.from().equals("recycler_pyro") && l.material().equals("lioh")));
        assertEquals(
                0.185, b.facility("recycler_hydro").modes().get(0).outputs().get("lioh"));
    }
}
