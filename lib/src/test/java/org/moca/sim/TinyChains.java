package org.moca.sim;

import java.util.List;
import java.util.Map;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;
import org.moca.graph.Material;
import org.moca.graph.Mode;
import org.moca.graph.SupplyNetwork;

/** Small hand-made networks whose dynamics can be computed by hand. */
public final class TinyChains {
    private TinyChains() {}

    /**
     * supplier (ore, cap 10) --L1 (lead 1, cap 8)--> plant (cap 5: 2 ore -> 1 widget) --L2 (lead 2)--> market (demand 4,
     * returns 50% after 3 h as scrap) --L3 (lead 1)--> recycler (1 scrap -> 1.5 ore) --L4 (lead 1)--> plant; recycler also
     * ships to landfill? No: landfill receives scrap on L5 from the market.
     */
    public static SupplyNetwork loop() {
        return new SupplyNetwork(
                "tiny-loop",
                List.of(new Material("ore", 1), new Material("widget", 2), new Material("scrap", 2)),
                List.of(
                        Facility.supplier("supplier", "ore", 10, 1, Map.of()),
                        Facility.processor(
                                "plant",
                                FacilityType.COMPONENT_PLANT,
                                5,
                                1,
                                List.of(new Mode("make", Map.of("ore", 2.0), Map.of("widget", 1.0))),
                                Map.of("ore", 4.0)),
                        Facility.market("market", "widget", 4, 0.5, 3, "scrap", Map.of("widget", 2.0)),
                        Facility.processor(
                                "recycler",
                                FacilityType.RECYCLER,
                                10,
                                1,
                                List.of(new Mode("scrap", Map.of("scrap", 1.0), Map.of("ore", 1.5))),
                                Map.of()),
                        Facility.landfill("landfill")),
                List.of(
                        new Lane("L1", "supplier", "plant", "ore", 8, 1, 0.5),
                        new Lane("L2", "plant", "market", "widget", 100, 2, 0.5),
                        new Lane("L3", "market", "recycler", "scrap", 100, 1, 0.1),
                        new Lane("L4", "recycler", "plant", "ore", 100, 1, 0.1),
                        new Lane("L5", "market", "landfill", "scrap", 100, 1, 0.1)));
    }
}
