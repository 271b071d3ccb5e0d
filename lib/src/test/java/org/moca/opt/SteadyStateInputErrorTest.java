package org.moca.opt;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.sim.NetworkIndex;

/**
 * A network whose steady state the solver cannot reach is an input error naming the network and the cause (issue 13,
 * item 3), not an {@link IllegalStateException} that the command line prints as a stack trace.
 */
class SteadyStateInputErrorTest {

    @Test
    void aDemandOf1e308IsANamedInputError() {
        // Built in code: the topology loader would already reject 1e308 at its cell (TopologyValidatorTest).
        SupplyNetwork ref = ReferenceNetworks.circularElectronicsNd();
        List<Facility> facilities = new ArrayList<>();
        for (Facility f : ref.facilities()) {
            facilities.add(
                    f.type() == FacilityType.MARKET
                            ? Facility.market(
                                    f.id(),
                                    f.material(),
                                    1e308,
                                    f.returnRate(),
                                    f.returnDelay(),
                                    f.returnMaterial(),
                                    f.initialInventory())
                            : f);
        }
        SupplyNetwork huge =
                new SupplyNetwork("huge-demand", List.copyOf(ref.materials().values()), facilities, ref.lanes());
        SteadyStatePlanner planner = new SteadyStatePlanner(new NetworkIndex(huge), PlanningPrices.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, planner::solve);
        assertTrue(e.getMessage().startsWith("network huge-demand has no steady-state plan"), e.getMessage());
        assertTrue(e.getMessage().contains("the largest is demand 1.0E308 of facility market"), e.getMessage());
    }
}
