package org.moca.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class ChartsTest {

    @Test
    void lossCurvesDrawEachNonEmptyCurveFromStepOne() {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("maml", new double[] {3, 2, 1});
        curves.put("fomaml", new double[] {4});
        curves.put("not started", new double[0]);
        XYChart chart = Charts.lossCurves("meta-training", curves, "query loss");
        assertEquals(2, chart.getSeriesMap().size());
        assertArrayEquals(
                new double[] {1, 2, 3}, chart.getSeriesMap().get("maml").getXData());
        assertTrue(chart.getStyler().isYAxisLogarithmic());
    }

    @Test
    void lossCurvesStayLinearWhenALossIsNotPositive() {
        XYChart chart = Charts.lossCurves("nll", Map.of("policy", new double[] {1.5, -0.3}), "negative log-likelihood");
        assertFalse(chart.getStyler().isYAxisLogarithmic());
    }
}
