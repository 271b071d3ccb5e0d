package org.moca.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellParserTest {
    @Test
    void lineMagicsRunInPlaceBetweenCode() {
        List<CellParser.Segment> s = CellParser.parse("int a = 1;\n%jars lib/*.jar  \"my dir/x.jar\"\nint b = a;\n");
        assertEquals(3, s.size());
        assertEquals(CellParser.Kind.CODE, s.get(0).kind());
        assertEquals(CellParser.Kind.LINE_MAGIC, s.get(1).kind());
        assertEquals("jars", s.get(1).name());
        assertEquals(List.of("lib/*.jar", "my dir/x.jar"), s.get(1).args());
        assertEquals(CellParser.Kind.CODE, s.get(2).kind());
        assertEquals("int b = a;", s.get(2).body().strip());
    }

    @Test
    void cellMagicTakesTheWholeBody() {
        List<CellParser.Segment> s = CellParser.parse("\n%%html width=3\n<b>x</b>\n%not a magic here");
        assertEquals(1, s.size());
        assertEquals(CellParser.Kind.CELL_MAGIC, s.get(0).kind());
        assertEquals("html", s.get(0).name());
        assertEquals(List.of("width=3"), s.get(0).args());
        assertEquals("<b>x</b>\n%not a magic here", s.get(0).body());
    }

    @Test
    void plainJavaIsOneCodeSegment() {
        List<CellParser.Segment> s = CellParser.parse("int x = 10 % 3;\nx");
        assertEquals(1, s.size());
        assertEquals(CellParser.Kind.CODE, s.get(0).kind());
    }

    @Test
    void tokenizerKeepsQuotedRunsAndRejectsUnclosedQuotes() {
        assertEquals(List.of("a", "b c", "d'e"), CellParser.tokenize(" a 'b c' \"d'e\""));
        assertThrows(IllegalArgumentException.class, () -> CellParser.tokenize("a \"b"));
    }
}
