package org.moca.opt;

/**
 * The prices a planning LP trades off: the value of a unit of demand served and the small prices on leakage and virgin
 * material that make the planner prefer closing the loop when it costs little.
 *
 * @param serviceValue    value of one unit of demand served (large: service comes first)
 * @param leakagePrice    price per kg of tracked mass sent to landfill or lost in processing
 * @param virginPrice     price per kg of tracked mass bought from virgin suppliers, on top of their unit cost
 * @param safetyMargin    the steady-state plan supplies {@code (1 + safetyMargin) ×} mean demand, building a small
 *                        buffer at the markets against demand noise
 */
public record PlanningPrices(double serviceValue, double leakagePrice, double virginPrice, double safetyMargin) {

    public PlanningPrices {
        if (!(serviceValue > 0))
            throw new IllegalArgumentException("serviceValue must be positive, got " + serviceValue);
        if (!(leakagePrice >= 0)) throw new IllegalArgumentException("leakagePrice must be >= 0, got " + leakagePrice);
        if (!(virginPrice >= 0)) throw new IllegalArgumentException("virginPrice must be >= 0, got " + virginPrice);
        if (!(safetyMargin >= 0 && safetyMargin <= 0.5)) {
            throw new IllegalArgumentException("safetyMargin must be in [0, 0.5], got " + safetyMargin);
        }
    }

    /** Service worth 2,000 per unit, leakage 2 per kg, virgin material 1 per kg, a 3% safety margin. */
    public static PlanningPrices defaults() {
        return new PlanningPrices(2000, 2, 1, 0.03);
    }
}
