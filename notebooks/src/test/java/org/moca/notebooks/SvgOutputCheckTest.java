package org.moca.notebooks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The HTML-export check of {@link NotebooksIT} on hand-made exports: inline and base64 SVGs, and blank ones. */
class SvgOutputCheckTest {
    private static final String MARKER = "<div class=\"jp-RenderedSVG\" data-mime-type=\"image/svg+xml\">";

    private static String img(String svg) {
        return "<img src=\"data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)) + "\">";
    }

    @Test
    void inlineAndBase64SvgsCount() {
        assertTrue(NotebooksIT.svgOutputsHaveContent(MARKER + "<svg width=\"10\"></svg></div>"));
        assertTrue(NotebooksIT.svgOutputsHaveContent(
                MARKER + img("<svg viewBox=\"0 0 1 1\"></svg>") + "</div>" + MARKER + "<svg/></div>"));
        assertTrue(NotebooksIT.svgOutputsHaveContent("<p>no SVG output at all</p>"));
    }

    @Test
    void blankSvgOutputsFail() {
        assertFalse(NotebooksIT.svgOutputsHaveContent(MARKER + "</div>"), "marker kept, content stripped");
        assertFalse(NotebooksIT.svgOutputsHaveContent(MARKER + img("") + "</div>"), "an empty data URI");
        assertFalse(
                NotebooksIT.svgOutputsHaveContent(MARKER + "<svg/></div>" + MARKER + img("not an svg") + "</div>"),
                "the second of two outputs is blank");
    }
}
