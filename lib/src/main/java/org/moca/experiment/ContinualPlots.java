package org.moca.experiment;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.moca.viz.Charts;
import tech.tablesaw.api.Table;

/** The continual experiment's charts, drawn from its mean curves and matrices ({@link ContinualSummary}). */
final class ContinualPlots {

    private ContinualPlots() {}

    /** Forgetting of the earlier families after each disruption from the second (the first has none), per arm. */
    static XYChart forgetting(Map<String, List<ContinualTrial>> trials) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        trials.forEach((arm, runs) -> {
            if (runs.isEmpty()) return;
            double[] f = ContinualSummary.forgettingCurve(runs);
            curves.put(arm, Arrays.copyOfRange(f, 1, f.length));
        });
        return Charts.indexCurves(
                "Forgetting of the earlier families (Chaudhry et al. 2018), mean over seeds",
                curves,
                1,
                "after disruption",
                "loss rise above the family's best");
    }

    /**
     * Each family's held-out loss through the stream, from a mean loss matrix
     * ({@link ContinualSummary#meanLossMatrix}): x = -1 is the meta-parameters, then one point per disruption.
     *
     * @param seeds how many seeds the matrix averages (for the title)
     */
    static XYChart lossPerFamily(String arm, Table meanLossMatrix, List<String> families, int seeds) {
        Map<String, double[]> perFamily = new LinkedHashMap<>();
        for (String f : families)
            perFamily.put(f, meanLossMatrix.doubleColumn(f).asDoubleArray());
        return Charts.indexCurves(
                "Held-out loss per family — " + arm + ", mean of " + seeds + " seeds (-1: meta-parameters)",
                perFamily,
                -1,
                "after disruption",
                "NLL of the oracle's actions");
    }
}
