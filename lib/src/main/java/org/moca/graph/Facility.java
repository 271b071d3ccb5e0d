package org.moca.graph;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A facility of the circular supply network: a vertex of the supply multigraph.
 *
 * <p>The fields a facility uses depend on its {@link FacilityType}; those it does not use must be empty or zero:
 * <ul>
 *   <li>{@code VIRGIN_SUPPLIER}: {@code material} supplied, {@code capacity} units per hour, {@code unitCost} per unit;</li>
 *   <li>processors ({@code COMPONENT_PLANT}, {@code ASSEMBLY_PLANT}, {@code REMANUFACTURER}, {@code RECYCLER}):
 *       {@code modes}, {@code capacity} units processed per hour over all modes, {@code unitCost} per unit processed;</li>
 *   <li>{@code MARKET}: {@code material} sold, mean {@code demand} per hour, and the share {@code returnRate} of sold
 *       units that come back {@code returnDelay} hours later as {@code returnMaterial};</li>
 *   <li>{@code COLLECTION}: optionally an exogenous stream of {@code material} (e-waste from outside the network) at
 *       {@code capacity} units per hour;</li>
 *   <li>{@code LANDFILL}: nothing.</li>
 * </ul>
 *
 * @param id               unique facility id
 * @param type             what the facility does
 * @param material         supplied, sold or exogenously collected material id; {@code null} where unused
 * @param capacity         units per hour (see above), non-negative
 * @param demand           mean demand per hour (markets), non-negative
 * @param unitCost         cost per unit procured or processed, non-negative
 * @param modes            processing modes (processors only)
 * @param returnRate       share of sold units returned at end of life, in [0, 1] (markets)
 * @param returnDelay      hours from sale to return, non-negative (markets)
 * @param returnMaterial   material id of returned units (markets), {@code null} where unused
 * @param initialInventory material id -> units on hand at hour 0, iterated in the order given
 */
public record Facility(
        String id,
        FacilityType type,
        String material,
        double capacity,
        double demand,
        double unitCost,
        List<Mode> modes,
        double returnRate,
        int returnDelay,
        String returnMaterial,
        Map<String, Double> initialInventory) {

    public Facility {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        if (id.isBlank()) throw new IllegalArgumentException("facility id is blank");
        modes = List.copyOf(Objects.requireNonNull(modes, "modes"));
        initialInventory = OrderedMaps.copyOf(initialInventory, "facility " + id + ": initialInventory");
        requireNonNegative(id, "capacity", capacity);
        requireNonNegative(id, "demand", demand);
        requireNonNegative(id, "unitCost", unitCost);
        if (!(returnRate >= 0 && returnRate <= 1)) {
            throw new IllegalArgumentException("facility " + id + ": returnRate must be in [0, 1], got " + returnRate);
        }
        if (returnDelay < 0)
            throw new IllegalArgumentException("facility " + id + ": returnDelay must be >= 0, got " + returnDelay);
        initialInventory.forEach((m, q) -> requireNonNegative(id, "initialInventory." + m, q));
        if (type.isProcessor() && modes.isEmpty()) {
            throw new IllegalArgumentException("facility " + id + ": a " + type + " needs at least one mode");
        }
        if (!type.isProcessor() && !modes.isEmpty()) {
            throw new IllegalArgumentException("facility " + id + ": a " + type + " has no modes");
        }
        if ((type == FacilityType.VIRGIN_SUPPLIER || type == FacilityType.MARKET) && material == null) {
            throw new IllegalArgumentException("facility " + id + ": a " + type + " needs a material");
        }
        if (type == FacilityType.MARKET && returnRate > 0 && returnMaterial == null) {
            throw new IllegalArgumentException("facility " + id + ": returnRate > 0 needs a returnMaterial");
        }
        if (modes.stream().map(Mode::name).distinct().count() != modes.size()) {
            throw new IllegalArgumentException("facility " + id + ": duplicate mode names");
        }
    }

    private static void requireNonNegative(String id, String field, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(
                    "facility " + id + ": " + field + " must be a non-negative number, got " + v);
        }
    }

    /** A virgin supplier of {@code material}. */
    public static Facility supplier(
            String id, String material, double capacity, double unitCost, Map<String, Double> initialInventory) {
        return new Facility(
                id,
                FacilityType.VIRGIN_SUPPLIER,
                material,
                capacity,
                0,
                unitCost,
                List.of(),
                0,
                0,
                null,
                initialInventory);
    }

    /** A processor (plant, remanufacturer, recycler) with its modes. */
    public static Facility processor(
            String id,
            FacilityType type,
            double capacity,
            double unitCost,
            List<Mode> modes,
            Map<String, Double> initialInventory) {
        return new Facility(id, type, null, capacity, 0, unitCost, modes, 0, 0, null, initialInventory);
    }

    /** A market selling {@code product}, returning a share of it at end of life. */
    public static Facility market(
            String id,
            String product,
            double demand,
            double returnRate,
            int returnDelay,
            String returnMaterial,
            Map<String, Double> initialInventory) {
        return new Facility(
                id,
                FacilityType.MARKET,
                product,
                0,
                demand,
                0,
                List.of(),
                returnRate,
                returnDelay,
                returnMaterial,
                initialInventory);
    }

    /** A collection point, optionally with an exogenous inflow of {@code material} (null for none). */
    public static Facility collection(String id, String material, double inflow, Map<String, Double> initialInventory) {
        return new Facility(
                id, FacilityType.COLLECTION, material, inflow, 0, 0, List.of(), 0, 0, null, initialInventory);
    }

    /** A landfill: the leakage sink. */
    public static Facility landfill(String id) {
        return new Facility(id, FacilityType.LANDFILL, null, 0, 0, 0, List.of(), 0, 0, null, Map.of());
    }
}
