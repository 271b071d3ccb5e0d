package org.moca.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

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

    @Test
    void groupedBarsDrawOneBarPerSeriesInEveryCategory() {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("held out", new double[] {22.1, 0.0, 5.3});
        series.put("black swan", new double[] {86.0, 0.0, 3.5});
        CategoryChart chart =
                Charts.groupedBars("unmet demand", List.of("no-action", "oracle", "rollout"), series, "units");
        assertEquals(
                List.of("held out", "black swan"),
                List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(
                List.of("no-action", "oracle", "rollout"),
                List.copyOf(chart.getSeriesMap().get("black swan").getXData()));
        assertEquals(
                List.of(86.0, 0.0, 3.5),
                List.copyOf(chart.getSeriesMap().get("black swan").getYData()));
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        assertEquals(1000, image.getWidth());
    }

    @Test
    void groupedBarsRejectASeriesOfTheWrongLengthOrANaNNamingIt() {
        IllegalArgumentException shortSeries = assertThrows(
                IllegalArgumentException.class,
                () -> Charts.groupedBars("t", List.of("a", "b"), Map.of("family x", new double[] {1}), "y"));
        assertTrue(shortSeries.getMessage().contains("family x"), shortSeries.getMessage());
        IllegalArgumentException nan = assertThrows(
                IllegalArgumentException.class,
                () -> Charts.groupedBars("t", List.of("a", "b"), Map.of("fam", new double[] {1, Double.NaN}), "y"));
        assertTrue(nan.getMessage().contains("at b"), nan.getMessage());
    }

    @Test
    void labelledScatterDrawsOnePointPerNamedSeries() {
        Map<String, double[]> points = new LinkedHashMap<>();
        points.put("maml", new double[] {1.03, 84.5});
        points.put("reptile", new double[] {3.26, 12.0});
        XYChart chart = Charts.labelledScatter("inversion", points, "imitation loss", "unmet demand");
        assertEquals(
                List.of("maml", "reptile"), List.copyOf(chart.getSeriesMap().keySet()));
        XYSeries reptile = chart.getSeriesMap().get("reptile");
        assertArrayEquals(new double[] {3.26}, reptile.getXData());
        assertArrayEquals(new double[] {12.0}, reptile.getYData());
        assertEquals(XYSeries.XYSeriesRenderStyle.Scatter, chart.getStyler().getDefaultSeriesRenderStyle());
        // x spans the points with a 10% margin; y (non-negative) starts at zero and ends 10% above the largest
        assertEquals(1.03 - 0.223, chart.getStyler().getXAxisMin(), 1e-12);
        assertEquals(3.26 + 0.223, chart.getStyler().getXAxisMax(), 1e-12);
        assertEquals(0.0, chart.getStyler().getYAxisMin(), 0.0);
        assertEquals(84.5 * 1.1, chart.getStyler().getYAxisMax(), 1e-12);
        // a single point (min = max on both axes) still renders
        BitmapEncoder.getBufferedImage(Charts.labelledScatter("one", Map.of("a", new double[] {1, 1}), "x", "y"));
    }

    @Test
    void labelledScatterDrawsAReferenceAcrossThePlotAndKeepsItInRange() {
        Map<String, double[]> points = new LinkedHashMap<>();
        points.put("maml", new double[] {1.0, 50.0});
        points.put("reptile", new double[] {3.0, 40.0});
        XYChart chart = Charts.labelledScatter("t", points, Map.of("no-action", 120.0), "x", "y");
        XYSeries line = chart.getSeriesMap().get("no-action");
        assertEquals(XYSeries.XYSeriesRenderStyle.Line, line.getXYSeriesRenderStyle());
        assertArrayEquals(new double[] {0.8, 3.2}, line.getXData(), 1e-12);
        assertArrayEquals(new double[] {120, 120}, line.getYData());
        assertEquals(132.0, chart.getStyler().getYAxisMax(), 1e-12);
        assertThrows(
                IllegalArgumentException.class,
                () -> Charts.labelledScatter("t", points, Map.of("bad", Double.NaN), "x", "y"));
        BitmapEncoder.getBufferedImage(chart);
    }

    @Test
    void paddedRangeKeepsNegativeValuesAndWidensADegenerateSpan() {
        assertArrayEquals(new double[] {-2.3, 1.3}, Charts.paddedRange(new double[] {-2, 1}, true), 1e-12);
        assertArrayEquals(new double[] {4, 6}, Charts.paddedRange(new double[] {5, 5}, false), 1e-12);
        assertArrayEquals(new double[] {0, 1}, Charts.paddedRange(new double[] {0, 0}, true), 1e-12);
    }

    @Test
    void labelledScatterRejectsAPointThatIsNotTwoFiniteNumbers() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Charts.labelledScatter("t", Map.of("fomaml", new double[] {1, Double.NaN}), "x", "y"));
        assertTrue(e.getMessage().contains("fomaml"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Charts.labelledScatter("t", Map.of("three", new double[] {1, 2, 3}), "x", "y"));
    }
}
