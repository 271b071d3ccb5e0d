package org.moca.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RenderingTest {

    private static final SupplyNetwork REF = ReferenceNetworks.circularElectronicsNd();

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element byId(Document doc, String tag, String id) {
        NodeList nodes = doc.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (id.equals(e.getAttribute("id"))) return e;
        }
        throw new AssertionError("no <" + tag + " id=" + id + ">");
    }

    @Test
    void svgDrawsEveryFacilityAndLaneWithLoopsHighlighted() throws Exception {
        Document doc = parse(SvgRenderer.render(REF, RenderOptions.none()));
        for (Facility f : REF.facilities()) byId(doc, "g", "facility-" + f.id());
        CircularityScore c = new CircularityScore(REF);
        for (int l = 0; l < REF.lanes().size(); l++) {
            Element path = byId(doc, "path", "lane-" + REF.lanes().get(l).id());
            String stroke = path.getAttribute("stroke");
            assertEquals(
                    c.isCyclic(l),
                    !stroke.equals(NetworkStyle.ACYCLIC_LANE),
                    REF.lanes().get(l).id() + " " + stroke);
        }
        assertEquals(NetworkStyle.ACYCLIC_LANE, byId(doc, "path", "lane-L01").getAttribute("stroke"));
        assertEquals(NetworkStyle.loopColor(0), byId(doc, "path", "lane-L19").getAttribute("stroke"));
    }

    @Test
    void svgMarksTheDisruptedFacilityAndScalesWidthsByFlow() throws Exception {
        double[] flow = new double[REF.lanes().size()];
        flow[REF.laneIndexOf("L05")] = 100;
        flow[REF.laneIndexOf("L14")] = 1;
        String svg = SvgRenderer.render(
                REF, RenderOptions.none().withDisrupted("reo_primary").withFlow(flow));
        Document doc = parse(svg);
        Element l01 = byId(doc, "path", "lane-L01");
        assertEquals(NetworkStyle.DISRUPTED, l01.getAttribute("stroke"));
        assertFalse(l01.getAttribute("stroke-dasharray").isEmpty());
        double wide = Double.parseDouble(byId(doc, "path", "lane-L05").getAttribute("stroke-width"));
        double narrow = Double.parseDouble(byId(doc, "path", "lane-L14").getAttribute("stroke-width"));
        assertTrue(wide > 3 * narrow, wide + " vs " + narrow);
        assertTrue(svg.contains("DISRUPTED"));
        assertTrue(svg.contains("circularity of the flow 1.000"), "all the flow is on the loop");
    }

    @Test
    void layoutKeepsFacilitiesApartAndRecoveryBelowProduction() {
        double[][] pos = SvgRenderer.layout(REF);
        for (int a = 0; a < pos.length; a++) {
            for (int b = a + 1; b < pos.length; b++) {
                boolean overlap = Math.abs(pos[a][0] - pos[b][0]) < 150 && Math.abs(pos[a][1] - pos[b][1]) < 44;
                assertFalse(
                        overlap,
                        REF.facilities().get(a).id() + " overlaps "
                                + REF.facilities().get(b).id());
            }
        }
        double market = pos[REF.facilityIndexOf("market")][1];
        for (String r : new String[] {"recycler_hydro", "recycler_small", "recycler_pyro", "remanufacturer"}) {
            assertTrue(pos[REF.facilityIndexOf(r)][1] > market, r);
        }
    }

    @Test
    void dotHasOneEdgePerLaneAndAClusterPerLoop() {
        String dot = DotExporter.export(REF, RenderOptions.none().withDisrupted("collection"));
        assertTrue(dot.startsWith("digraph \"circular-electronics-nd\" {"));
        Matcher m = Pattern.compile("\\[id=\"(L\\d+)\"").matcher(dot);
        Set<String> ids = new HashSet<>();
        while (m.find()) ids.add(m.group(1));
        assertEquals(22, ids.size());
        assertEquals(1, dot.split("subgraph cluster_loop", -1).length - 1);
        assertTrue(dot.contains("\"collection\" [label=\"collection\\ncollection\\nDISRUPTED\""), dot);
        assertEquals(dot, DotExporter.export(REF, RenderOptions.none().withDisrupted("collection")), "deterministic");
        assertEquals("\"a\\\"b\\\\c\"", DotExporter.quote("a\"b\\c"));
    }

    @Test
    void flowOfTheWrongLengthIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> SvgRenderer.render(REF, RenderOptions.none().withFlow(new double[3])));
        assertThrows(IllegalArgumentException.class, () -> RenderOptions.none().withFlow(new double[] {-1}));
        assertThrows(
                IllegalArgumentException.class,
                () -> SvgRenderer.render(REF, RenderOptions.none().withDisrupted("nowhere")));
    }
}
