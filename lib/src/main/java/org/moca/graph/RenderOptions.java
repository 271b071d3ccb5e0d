package org.moca.graph;

import java.util.Arrays;
import java.util.Objects;

/**
 * What to show on a picture of a network besides its structure: an optional disrupted facility (marked) and an
 * optional flow per lane (lane widths scale with it, and the circularity score of the flow goes in the legend).
 *
 * @param disruptedFacility id of the facility to mark as disrupted, or {@code null}
 * @param laneFlow          flow per lane indexed like {@code network.lanes()} (non-negative), or {@code null}
 */
public record RenderOptions(String disruptedFacility, double[] laneFlow) {

    public RenderOptions {
        laneFlow = laneFlow == null ? null : laneFlow.clone();
        if (laneFlow != null) {
            for (int l = 0; l < laneFlow.length; l++) {
                if (!(laneFlow[l] >= 0) || !Double.isFinite(laneFlow[l])) {
                    throw new IllegalArgumentException(
                            "laneFlow[" + l + "] must be a non-negative finite number, got " + laneFlow[l]);
                }
            }
        }
    }

    /** Structure only. */
    public static RenderOptions none() {
        return new RenderOptions(null, null);
    }

    public RenderOptions withDisrupted(String facilityId) {
        return new RenderOptions(Objects.requireNonNull(facilityId, "facilityId"), laneFlow);
    }

    public RenderOptions withFlow(double[] flow) {
        return new RenderOptions(disruptedFacility, Objects.requireNonNull(flow, "flow"));
    }

    @Override
    public double[] laneFlow() {
        return laneFlow == null ? null : laneFlow.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenderOptions r
                && Objects.equals(disruptedFacility, r.disruptedFacility)
                && Arrays.equals(laneFlow, r.laneFlow);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(disruptedFacility) + Arrays.hashCode(laneFlow);
    }

    @Override
    public String toString() {
        return "RenderOptions[disruptedFacility=" + disruptedFacility + ", laneFlow=" + Arrays.toString(laneFlow) + "]";
    }
}
