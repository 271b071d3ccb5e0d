package org.moca.baseline;

/**
 * The knobs of the rule-based recovery heuristic.
 *
 * @param backupMargin        a backup supplier buys the units its failed peers no longer deliver times
 *                            {@code (1 + backupMargin)}, in [0, 2], to rebuild the buffers the gap drained
 * @param shortageCoverHours  the network is "short" when a market's stock covers fewer than this many hours of its
 *                            demand, or it has a backlog; at least 0
 * @param queueHours          input already waiting at a processor counts against its spare capacity as
 *                            {@code queued / queueHours} units per hour, at least 1
 * @param remanufacturePriority during a shortage, routing weight multiplier for a remanufacturer (and its refurbish
 *                            mode takes the whole remanufacturing capacity), at least 1
 */
public record HeuristicConfig(
        double backupMargin, double shortageCoverHours, double queueHours, double remanufacturePriority) {

    public HeuristicConfig {
        if (!(backupMargin >= 0 && backupMargin <= 2))
            throw new IllegalArgumentException("backupMargin must be in [0, 2], got " + backupMargin);
        if (!(shortageCoverHours >= 0))
            throw new IllegalArgumentException("shortageCoverHours must be >= 0, got " + shortageCoverHours);
        if (!(queueHours >= 1)) throw new IllegalArgumentException("queueHours must be >= 1, got " + queueHours);
        if (!(remanufacturePriority >= 1)) {
            throw new IllegalArgumentException("remanufacturePriority must be >= 1, got " + remanufacturePriority);
        }
    }

    /** Backup buys the gap plus 30%; short below 12 hours of cover; 12-hour queues; remanufacturer weighted 4×. */
    public static HeuristicConfig defaults() {
        return new HeuristicConfig(0.3, 12, 12, 4);
    }
}
