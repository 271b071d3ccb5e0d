package org.moca.graph;

import java.util.Map;
import java.util.Objects;

/**
 * One way a processing facility can use its capacity: per unit processed it consumes {@code inputs} and produces
 * {@code outputs} (both in each material's own unit).
 *
 * <p>A component plant has one mode (its recipe); a recycler has one mode per input stream, so its capacity allocation
 * across streams is a split over modes; a remanufacturer has modes {@code refurbish}, {@code harvest} and
 * {@code recycle}. An output quantity is a yield: the tracked mass of the outputs can never exceed that of the inputs,
 * the difference is process loss that goes to landfill.
 *
 * <p>{@code inputs} and {@code outputs} keep the iteration order they were given in (unlike {@code Map.copyOf}, whose
 * order changes from one JVM run to the next), so anything laid out from them is reproducible.
 *
 * @param name    mode name, unique within its facility
 * @param inputs  material id -> units consumed per unit processed (positive)
 * @param outputs material id -> units produced per unit processed (non-negative)
 */
public record Mode(String name, Map<String, Double> inputs, Map<String, Double> outputs) {
    public Mode {
        Objects.requireNonNull(name, "name");
        inputs = OrderedMaps.copyOf(inputs, "mode " + name + ": inputs");
        outputs = OrderedMaps.copyOf(outputs, "mode " + name + ": outputs");
        if (inputs.isEmpty()) throw new IllegalArgumentException("mode " + name + " has no inputs");
        inputs.forEach((m, q) -> {
            if (!(q > 0) || !Double.isFinite(q)) {
                throw new IllegalArgumentException(
                        "mode " + name + ": input " + m + " must be a positive number, got " + q);
            }
        });
        outputs.forEach((m, q) -> {
            if (!(q >= 0) || !Double.isFinite(q)) {
                throw new IllegalArgumentException(
                        "mode " + name + ": output " + m + " must be a non-negative number, got " + q);
            }
        });
    }
}
