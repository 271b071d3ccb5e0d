package org.moca.graph;

import java.util.Objects;

/**
 * A material that flows through the network.
 *
 * <p>Quantities of a material are counted in its own unit (kg of oxide, motors, kg of e-waste). {@code trackedMassKg}
 * converts one unit to the <em>tracked mass</em> that the simulator's mass balance conserves: only the materials the
 * model follows (rare-earth oxide equivalent and copper in the reference network) are counted, so a motor weighs the
 * magnet and copper it contains, not its steel housing. Processes may lose tracked mass (to landfill) but never create it.
 *
 * @param id            unique name, e.g. {@code nd_oxide}
 * @param trackedMassKg tracked mass of one unit in kg, positive
 */
public record Material(String id, double trackedMassKg) {
    public Material {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) throw new IllegalArgumentException("material id is blank");
        if (!(trackedMassKg > 0) || !Double.isFinite(trackedMassKg)) {
            throw new IllegalArgumentException(
                    "material " + id + ": trackedMassKg must be a positive number, got " + trackedMassKg);
        }
    }
}
