package org.moca.kernel.display;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Renderers for XChart and Tablesaw that reach those libraries through reflection on the value's own class
 * loader: the kernel has no dependency on them, and a notebook may load any version.
 */
final class ReflectiveRenderers {
    private static final Logger LOG = Logger.getLogger(ReflectiveRenderers.class.getName());

    private ReflectiveRenderers() {}

    /** PNG (always) and SVG (when XChart's optional VectorGraphics2D is on the class path) of an XChart chart. */
    static Map<String, String> xchart(Object chart) {
        ClassLoader loader = chart.getClass().getClassLoader();
        Map<String, String> out = new LinkedHashMap<>();
        try {
            Class<?> chartType = Class.forName("org.knowm.xchart.internal.chartpart.Chart", false, loader);
            Class<?> encoder = Class.forName("org.knowm.xchart.BitmapEncoder", true, loader);
            Class<?> format = Class.forName("org.knowm.xchart.BitmapEncoder$BitmapFormat", true, loader);
            Method bytes = encoder.getMethod("getBitmapBytes", chartType, format);
            byte[] png = (byte[]) bytes.invoke(null, chart, constant(format, "PNG"));
            out.put("image/png", Base64.getEncoder().encodeToString(png));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot render the XChart chart as PNG: " + rootMessage(e), e);
        }
        try {
            Class<?> chartType = Class.forName("org.knowm.xchart.internal.chartpart.Chart", false, loader);
            Class<?> encoder = Class.forName("org.knowm.xchart.VectorGraphicsEncoder", true, loader);
            Class<?> format =
                    Class.forName("org.knowm.xchart.VectorGraphicsEncoder$VectorGraphicsFormat", true, loader);
            Method save = encoder.getMethod("saveVectorGraphic", chartType, java.io.OutputStream.class, format);
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            save.invoke(null, chart, svg, constant(format, "SVG"));
            out.put("image/svg+xml", Renderers.svgFragment(svg.toString(StandardCharsets.UTF_8)));
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(Level.FINE, "no SVG for this XChart chart: " + rootMessage(e));
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object constant(Class<?> enumType, String name) {
        return Enum.valueOf((Class) enumType, name);
    }

    /** An HTML table of a Tablesaw table's first {@code maxRows} rows, with its name and its shape. */
    static String tablesawHtml(Object table, int maxRows) {
        try {
            Class<?> type = table.getClass();
            String name = (String) type.getMethod("name").invoke(table);
            List<?> columns = (List<?>) type.getMethod("columnNames").invoke(table);
            int rows = (Integer) type.getMethod("rowCount").invoke(table);
            Method cell = type.getMethod("getString", int.class, int.class);
            StringBuilder html = new StringBuilder("<table class=\"dataframe\">");
            if (name != null && !name.isBlank()) {
                html.append("<caption>").append(escape(name)).append("</caption>");
            }
            html.append("<thead><tr>");
            for (Object c : columns) {
                html.append("<th>").append(escape(String.valueOf(c))).append("</th>");
            }
            html.append("</tr></thead><tbody>");
            int shown = Math.min(rows, Math.max(0, maxRows));
            for (int r = 0; r < shown; r++) {
                html.append("<tr>");
                for (int c = 0; c < columns.size(); c++) {
                    html.append("<td>")
                            .append(escape((String) cell.invoke(table, r, c)))
                            .append("</td>");
                }
                html.append("</tr>");
            }
            html.append("</tbody></table><p>")
                    .append(rows)
                    .append(" rows × ")
                    .append(columns.size())
                    .append(" columns")
                    .append(shown < rows ? " (first " + shown + " shown)" : "")
                    .append("</p>");
            return html.toString();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot render the Tablesaw table: " + rootMessage(e), e);
        }
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
