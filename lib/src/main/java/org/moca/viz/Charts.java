package org.moca.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.moca.infra.AtomicFiles;

/** XChart plots of the workbench, and an atomic PNG writer for them. */
public final class Charts {

    private Charts() {}

    /**
     * Service level over the hours of one or more episodes, with the onset, the window end and (optionally) each curve's
     * recovery hour marked.
     *
     * @param curves     name -> service curve (same length)
     * @param onset      onset hour
     * @param window     recovery window in hours
     * @param recoveries name -> hour of recovery (absent or negative: none marked)
     */
    public static XYChart serviceCurves(
            String title, Map<String, double[]> curves, int onset, int window, Map<String, Integer> recoveries) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(480)
                .title(title)
                .xAxisTitle("hour")
                .yAxisTitle("service level")
                .build();
        chart.getStyler()
                .setYAxisMin(0.0)
                .setYAxisMax(1.05)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW)
                .setChartBackgroundColor(Color.WHITE)
                .setMarkerSize(0);
        curves.forEach((name, s) -> {
            double[] x = IntStream.range(0, s.length).asDoubleStream().toArray();
            XYSeries series = chart.addSeries(name, x, s);
            series.setMarker(SeriesMarkers.NONE);
        });
        vertical(chart, "onset", onset, new Color(200, 0, 0));
        vertical(chart, "window end (" + window + " h)", onset + window, new Color(120, 120, 120));
        recoveries.forEach((name, hour) -> {
            if (hour != null && hour >= 0 && curves.containsKey(name))
                vertical(chart, name + " recovered", hour, new Color(0, 140, 0));
        });
        return chart;
    }

    private static void vertical(XYChart chart, String name, double x, Color color) {
        XYSeries s = chart.addSeries(name, new double[] {x, x}, new double[] {0, 1.05});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    }

    /**
     * Bar chart of a rate per method with its (asymmetric) confidence interval: the bar is the rate, the two dash
     * markers drawn over it are the interval's ends.
     */
    public static org.knowm.xchart.CategoryChart rateBars(
            String title,
            java.util.List<String> methods,
            double[] rate,
            double[] lower,
            double[] upper,
            String yTitle) {
        var chart = new org.knowm.xchart.CategoryChartBuilder()
                .width(1000)
                .height(520)
                .title(title)
                .xAxisTitle("method")
                .yAxisTitle(yTitle)
                .build();
        org.knowm.xchart.style.CategoryStyler st = chart.getStyler();
        st.setYAxisMin(0.0);
        st.setYAxisMax(1.0);
        st.setChartBackgroundColor(Color.WHITE);
        st.setOverlapped(true);
        st.setXAxisLabelRotation(40);
        st.setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        st.setMarkerSize(14);
        java.util.List<Double> y = new java.util.ArrayList<>(),
                lo = new java.util.ArrayList<>(),
                hi = new java.util.ArrayList<>();
        for (int i = 0; i < rate.length; i++) {
            y.add(rate[i]);
            lo.add(lower[i]);
            hi.add(upper[i]);
        }
        chart.addSeries(yTitle, methods, y).setFillColor(new Color(90, 130, 220));
        for (var ci :
                java.util.List.of(java.util.Map.entry("95% CI low", lo), java.util.Map.entry("95% CI high", hi))) {
            var series = chart.addSeries(ci.getKey(), methods, ci.getValue());
            series.setChartCategorySeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.RECTANGLE);
            series.setMarkerColor(Color.BLACK);
        }
        return chart;
    }

    /**
     * Grouped bars: one group per category (a method, an arm), one bar per series in it (an evaluation family, a
     * measure of the same unit), side by side in the series' order with a legend. For values of a few families per
     * method, where {@link #rateBars} draws one rate with its interval.
     *
     * @param categories the groups along the x axis, in order
     * @param series     series name -> one finite value per category
     * @throws IllegalArgumentException naming the series if it has not one value per category or a value is not
     *     finite
     */
    public static org.knowm.xchart.CategoryChart groupedBars(
            String title, java.util.List<String> categories, Map<String, double[]> series, String yTitle) {
        if (categories.isEmpty()) throw new IllegalArgumentException("groupedBars: no categories");
        series.forEach((name, values) -> {
            if (values.length != categories.size())
                throw new IllegalArgumentException("groupedBars: series " + name + " has " + values.length
                        + " values, expected one per category (" + categories.size() + ")");
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i]))
                    throw new IllegalArgumentException("groupedBars: series " + name + " has " + values[i] + " at "
                            + categories.get(i) + ", expected a finite value");
            }
        });
        var chart = new org.knowm.xchart.CategoryChartBuilder()
                .width(1000)
                .height(520)
                .title(title)
                .xAxisTitle("")
                .yAxisTitle(yTitle)
                .build();
        org.knowm.xchart.style.CategoryStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setXAxisLabelRotation(30);
        // outside, under the plot: inside, the legend hides the bars of the last groups
        st.setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        st.setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        series.forEach((name, values) -> chart.addSeries(
                name, categories, java.util.Arrays.stream(values).boxed().toList()));
        return chart;
    }

    /** {@link #labelledScatter(String, Map, Map, String, String)} without reference lines. */
    public static XYChart labelledScatter(String title, Map<String, double[]> points, String xTitle, String yTitle) {
        return labelledScatter(title, points, Map.of(), xTitle, yTitle);
    }

    /**
     * A scatter of named points, one series per name so the legend labels each: two measures of the same methods set
     * against each other (imitation loss against unmet demand: do they rank the methods alike?), with optional
     * horizontal reference lines (a baseline's y, e.g. no-action's unmet demand, which has no x). The axes span the
     * points and references with a 10% margin, and the y axis starts at zero when no y is negative, so that a
     * difference of a few percent does not fill the plot.
     *
     * @param points      name -> {x, y}, both finite
     * @param yReferences name -> y of a dashed horizontal line across the plot, finite
     * @throws IllegalArgumentException naming the point or reference if it is not finite (or a point not two numbers)
     */
    public static XYChart labelledScatter(
            String title, Map<String, double[]> points, Map<String, Double> yReferences, String xTitle, String yTitle) {
        if (points.isEmpty()) throw new IllegalArgumentException("labelledScatter: no points");
        points.forEach((name, p) -> {
            if (p.length != 2 || !Double.isFinite(p[0]) || !Double.isFinite(p[1]))
                throw new IllegalArgumentException("labelledScatter: point " + name + " is "
                        + java.util.Arrays.toString(p) + ", expected two finite numbers {x, y}");
        });
        yReferences.forEach((name, y) -> {
            if (y == null || !Double.isFinite(y))
                throw new IllegalArgumentException(
                        "labelledScatter: reference " + name + " is " + y + ", expected a finite y");
        });
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(500)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler()
                .setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                .setChartBackgroundColor(Color.WHITE)
                .setMarkerSize(14)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        points.forEach((name, p) -> chart.addSeries(name, new double[] {p[0]}, new double[] {p[1]}));
        double[] x = points.values().stream().mapToDouble(p -> p[0]).toArray();
        double[] y = java.util.stream.DoubleStream.concat(
                        points.values().stream().mapToDouble(p -> p[1]),
                        yReferences.values().stream().mapToDouble(Double::doubleValue))
                .toArray();
        double[] xRange = paddedRange(x, false), yRange = paddedRange(y, true);
        yReferences.forEach((name, level) -> {
            XYSeries line = chart.addSeries(name, xRange, new double[] {level, level});
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(new Color(120, 120, 120));
            line.setLineStyle(
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        });
        chart.getStyler()
                .setXAxisMin(xRange[0])
                .setXAxisMax(xRange[1])
                .setYAxisMin(yRange[0])
                .setYAxisMax(yRange[1]);
        return chart;
    }

    /** {min, max} of {@code v} widened by 10% of its span (by 1 if all equal), from zero if asked and none < 0. */
    static double[] paddedRange(double[] v, boolean fromZeroIfNonNegative) {
        double lo = java.util.Arrays.stream(v).min().orElseThrow(),
                hi = java.util.Arrays.stream(v).max().orElseThrow();
        double pad = hi > lo ? 0.1 * (hi - lo) : Math.max(1.0, 0.1 * Math.abs(hi));
        if (fromZeroIfNonNegative && lo >= 0) return new double[] {0.0, hi + (hi > 0 ? 0.1 * hi : 1.0)};
        return new double[] {lo - pad, hi + pad};
    }

    /**
     * Time-to-recover distribution per method as a cumulative curve: the share of episodes recovered by hour h after
     * onset (episodes that never recovered stay out of the curve, so its end height is the recovery rate in the run).
     */
    public static XYChart ttrDistribution(String title, Map<String, double[]> ttrByMethod, int window) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(480)
                .title(title)
                .xAxisTitle("hours after onset")
                .yAxisTitle("share of episodes recovered")
                .build();
        chart.getStyler()
                .setYAxisMin(0.0)
                .setYAxisMax(1.0)
                .setChartBackgroundColor(Color.WHITE)
                .setMarkerSize(0)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        int hMax = 2 * window;
        double[] x = IntStream.rangeClosed(0, hMax).asDoubleStream().toArray();
        ttrByMethod.forEach((name, ttr) -> {
            double[] y = new double[x.length];
            for (int h = 0; h <= hMax; h++) {
                int k = 0;
                for (double t : ttr) if (t >= 0 && t <= h) k++;
                y[h] = ttr.length == 0 ? 0 : (double) k / ttr.length;
            }
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
        });
        vertical(chart, "window (" + window + " h)", window, new Color(120, 120, 120));
        return chart;
    }

    /**
     * Training loss per step of one or more learners (a meta-training curve), on a log scale when every value is
     * positive (losses of different learners span orders of magnitude early on). Curves may differ in length; a
     * curve still being trained is drawn up to its last step, so a notebook can redraw the chart as training runs.
     */
    public static XYChart lossCurves(String title, Map<String, double[]> curves, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(420)
                .title(title)
                .xAxisTitle("step")
                .yAxisTitle(yTitle)
                .build();
        boolean positive = curves.values().stream()
                .flatMapToDouble(java.util.Arrays::stream)
                .allMatch(v -> v > 0);
        chart.getStyler().setYAxisLogarithmic(positive);
        chart.getStyler()
                .setChartBackgroundColor(Color.WHITE)
                .setMarkerSize(0)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        curves.forEach((name, loss) -> {
            if (loss.length == 0) return;
            double[] x = IntStream.rangeClosed(1, loss.length).asDoubleStream().toArray();
            chart.addSeries(name, x, loss).setMarker(SeriesMarkers.NONE);
        });
        return chart;
    }

    /**
     * One value per index of a sequence (e.g. per disruption of a continual stream), one line with markers per series,
     * on a linear scale (values may be negative). Point k of a series is drawn at x = {@code firstIndex + k}; NaN
     * points are left out.
     */
    public static XYChart indexCurves(
            String title, Map<String, double[]> curves, int firstIndex, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(460)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler()
                .setChartBackgroundColor(Color.WHITE)
                .setMarkerSize(6)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        curves.forEach((name, values) -> {
            double[] x = IntStream.range(0, values.length)
                    .filter(k -> Double.isFinite(values[k]))
                    .mapToDouble(k -> firstIndex + k)
                    .toArray();
            double[] y = IntStream.range(0, values.length)
                    .filter(k -> Double.isFinite(values[k]))
                    .mapToDouble(k -> values[k])
                    .toArray();
            if (x.length > 0) chart.addSeries(name, x, y);
        });
        return chart;
    }

    /**
     * Recovery rate against the window length, one line with markers per method, with the default window marked: the
     * window sweep of a family. NaN points (windows beyond the horizon) are left out.
     */
    public static XYChart rateVsWindow(String title, Map<String, double[]> rates, int[] windows, int markWindow) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(460)
                .title(title)
                .xAxisTitle("recovery window (h)")
                .yAxisTitle("recovery rate")
                .build();
        chart.getStyler()
                .setChartBackgroundColor(Color.WHITE)
                .setMarkerSize(6)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        rates.forEach((name, values) -> {
            double[] x = IntStream.range(0, values.length)
                    .filter(k -> Double.isFinite(values[k]))
                    .mapToDouble(k -> windows[k])
                    .toArray();
            double[] y = IntStream.range(0, values.length)
                    .filter(k -> Double.isFinite(values[k]))
                    .mapToDouble(k -> values[k])
                    .toArray();
            if (x.length > 0) chart.addSeries(name, x, y);
        });
        vertical(chart, markWindow + " h", markWindow, new Color(120, 120, 120));
        return chart;
    }

    /**
     * Small multiples: one small line chart per panel (the same x for all), laid out in a grid of {@code columns}
     * under a title, as one image. For per-control diagnostics, where dozens of controls are read side by side.
     *
     * @param panels panel title -> series name -> values (one per x)
     */
    public static java.awt.image.BufferedImage smallMultiples(
            String title, double[] x, Map<String, Map<String, double[]>> panels, int columns) {
        int w = 300, h = 190, head = 40;
        int n = Math.max(1, panels.size()), cols = Math.max(1, Math.min(columns, n)), rows = (n + cols - 1) / cols;
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(cols * w, head + rows * h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 16));
        g.drawString(title, 10, 26);
        int k = 0;
        for (var panel : panels.entrySet()) {
            XYChart chart = new XYChartBuilder()
                    .width(w)
                    .height(h)
                    .title(panel.getKey())
                    .build();
            chart.getStyler()
                    .setChartBackgroundColor(Color.WHITE)
                    .setLegendVisible(k == 0)
                    .setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10))
                    .setMarkerSize(0);
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
            panel.getValue().forEach((name, y) -> chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE));
            g.drawImage(BitmapEncoder.getBufferedImage(chart), (k % cols) * w, head + (k / cols) * h, null);
            k++;
        }
        g.dispose();
        return image;
    }

    /** Encodes an image as PNG onto {@code out}. */
    public static void encodePng(java.awt.image.BufferedImage image, java.io.OutputStream out) throws IOException {
        if (!javax.imageio.ImageIO.write(image, "png", out)) throw new IOException("no PNG writer available");
    }

    /** Writes a chart as PNG to {@code file} atomically ({@link AtomicFiles}). */
    public static void writePng(Chart<?, ?> chart, Path file) {
        try {
            AtomicFiles.write(file, out -> encodePng(chart, out));
        } catch (IOException e) {
            throw new UncheckedIOException("writing chart " + file, e);
        }
    }

    /** Encodes a chart as PNG onto {@code out} (for {@link AtomicFiles.FileSet#add}). */
    public static void encodePng(Chart<?, ?> chart, java.io.OutputStream out) throws IOException {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
}
