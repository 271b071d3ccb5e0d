package org.moca.graph;

import java.util.Objects;

/**
 * A transport lane: a directed edge of the supply multigraph. Several lanes may join the same two facilities (one per
 * material, or a fast and a slow one), which is why lanes have their own id.
 *
 * @param id       unique lane id
 * @param from     id of the shipping facility
 * @param to       id of the receiving facility
 * @param material id of the material carried
 * @param capacity units per hour that may be shipped, non-negative
 * @param leadTime hours in transit, at least 1
 * @param unitCost cost per unit shipped, non-negative
 */
public record Lane(String id, String from, String to, String material, double capacity, int leadTime, double unitCost) {
    public Lane {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(material, "material");
        if (from.equals(to)) throw new IllegalArgumentException("lane " + id + ": from and to are both " + from);
        if (!(capacity >= 0) || !Double.isFinite(capacity)) {
            throw new IllegalArgumentException(
                    "lane " + id + ": capacity must be a non-negative number, got " + capacity);
        }
        if (leadTime < 1)
            throw new IllegalArgumentException("lane " + id + ": leadTime must be at least 1 hour, got " + leadTime);
        if (!(unitCost >= 0) || !Double.isFinite(unitCost)) {
            throw new IllegalArgumentException(
                    "lane " + id + ": unitCost must be a non-negative number, got " + unitCost);
        }
    }
}
