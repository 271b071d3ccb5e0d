package org.moca.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RenderersTest {
    private final Renderers renderers = new Renderers();

    private static String data(DisplayData d, String type) {
        Object v = d.getData(MIMEType.parse(type));
        return v == null ? null : v.toString();
    }

    @Test
    void imagesBecomePng() {
        DisplayData d = renderers.render(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));
        byte[] png = Base64.getDecoder().decode(data(d, "image/png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void svgAndHtmlStringsAreShownAsSuchOtherStringsAsText() {
        assertNotNull(data(renderers.render("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/svg+xml"));
        assertNotNull(data(renderers.render("<!DOCTYPE html><p>x</p>"), "text/html"));
        DisplayData plain = renderers.render("<b>not a document</b>");
        assertNull(data(plain, "text/html"));
        assertEquals("<b>not a document</b>", data(plain, "text/plain"));
    }

    @Test
    void svgDocumentsLoseTheirXmlDeclaration() {
        String doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns='http://www.w3.org/2000/svg'/>";
        assertEquals(
                "<svg style=\"max-width:100%;height:auto\" xmlns='http://www.w3.org/2000/svg'/>",
                data(renderers.render(doc), "image/svg+xml"));
    }

    @Test
    void wideSvgsScaleToTheNotebookInsteadOfScrolling() {
        // Issue 14: a 1,545 px network diagram scrolled sideways; it must shrink to the output area and keep its
        // aspect ratio (a viewBox, so it scales rather than being cut).
        String wide = Renderers.svgFragment(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1545\" height=\"600\"><g/></svg>");
        assertEquals(
                "<svg style=\"max-width:100%;height:auto\" viewBox=\"0 0 1545 600\""
                        + " xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\"><g/></svg>",
                wide);
        String small = Renderers.svgFragment("<svg width=\"300\" height=\"200\"/>");
        assertTrue(small.contains("width=\"300\"") && small.contains("height=\"200\""), "small ones keep their size");
        String styled = Renderers.svgFragment("<svg viewBox=\"0 0 4 4\" style=\"color:red\"/>");
        assertEquals("<svg viewBox=\"0 0 4 4\" style=\"max-width:100%;height:auto;color:red\"/>", styled);
        assertEquals(styled, Renderers.svgFragment(styled), "idempotent");
    }

    @Test
    void requestedTypesRenderAsIJavasRenderAsDoes() {
        // Issue 14: display(obj, "text/html") and render(obj, mime) gave empty bundles.
        DisplayData html = renderers.render("<b>Bold</b>", "text/html", "text/markdown");
        assertEquals("<b>Bold</b>", data(html, "text/html"));
        assertEquals("<b>Bold</b>", data(html, "text/markdown"));
        assertEquals("<b>Bold</b>", data(html, "text/plain"), "text/plain always comes along");
        DisplayData js = renderers.render("alert(1)", "application/javascript");
        assertEquals("alert(1)", data(js, "application/javascript"));
        assertNull(data(renderers.render(42, "image/png"), "image/png"), "an impossible type is left out");
        assertEquals("42", data(renderers.render(42, "image/png"), "text/plain"));
    }

    @Test
    void typesRegisteredWithTheBaseRendererAreUsed() {
        renderers
                .baseRenderer()
                .createRegistration(java.time.Duration.class)
                .preferring(MIMEType.TEXT_HTML)
                .register(
                        (d, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> "<i>" + d.toSeconds() + " s</i>"));
        assertEquals("<i>3 s</i>", data(renderers.render(java.time.Duration.ofSeconds(3)), "text/html"));
    }

    @Test
    void arraysPrintTheirElements() {
        assertEquals("[1, 2]", data(renderers.render(new int[] {1, 2}), "text/plain"));
        assertEquals("[[a], [b, c]]", data(renderers.render(new String[][] {{"a"}, {"b", "c"}}), "text/plain"));
        assertEquals("null", data(renderers.render((Object) null), "text/plain"));
    }

    @Test
    void xchartChartsBecomePngAndSvg() {
        var chart = new XYChartBuilder().width(120).height(80).build();
        chart.addSeries("s", new double[] {1, 2}, new double[] {2, 1});
        DisplayData d = renderers.render(chart);
        assertTrue(data(d, "image/png").startsWith("iVBOR"));
        assertTrue(data(d, "image/svg+xml").contains("<svg"));
        DisplayData onlyPng = renderers.render(chart, "image/png");
        assertNull(data(onlyPng, "image/svg+xml"));
    }

    @Test
    void tablesawTablesBecomeEscapedHtmlCappedInRows() {
        Table t = Table.create(
                "plants", StringColumn.create("name", "a<b", "c", "d"), DoubleColumn.create("cap", 1, 2, 3));
        System.setProperty("moca.kernel.table.maxRows", "2");
        try {
            String html = data(renderers.render(t), "text/html");
            assertTrue(html.contains("a&lt;b") && html.contains("3 rows × 2 columns (first 2 shown)"), html);
            assertTrue(!html.contains("<td>d</td>"), html);
        } finally {
            System.clearProperty("moca.kernel.table.maxRows");
        }
    }

    @Test
    void librariesRegisterRenderersThroughTheServiceLoader() {
        renderers.reload(getClass().getClassLoader());
        assertTrue(renderers.plugins().stream().anyMatch(r -> r instanceof TemperatureRenderer));
        DisplayData d = renderers.render(new TemperatureRenderer.Temperature(21.5));
        assertEquals("<span>21.5 °C</span>", data(d, "text/html"));
        assertEquals("Temperature[celsius=21.5]", data(d, "text/plain"), "text/plain is added when missing");
    }

    /** A library type and its renderer, registered in src/test/resources/META-INF/services. */
    public static final class TemperatureRenderer implements MimeRenderer {
        record Temperature(double celsius) {}

        @Override
        public boolean canRender(Object value) {
            return value instanceof Temperature;
        }

        @Override
        public Map<String, String> render(Object value) {
            return Map.of("text/html", "<span>" + ((Temperature) value).celsius() + " °C</span>");
        }
    }
}
