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

    @Test
    void aMagicAfterAnAssignmentBecomesALineMagicCallAsInIJava() {
        assertEquals(
                "List<String> added = lineMagic(\"jars\", List.of(\"lib/*.jar\", \"a b.jar\"));",
                CellParser.magicAsExpression("List<String> added = %jars lib/*.jar 'a b.jar'"));
        assertEquals(
                "var r = lineMagic(\"load\", List.of(\"x\\\"y\"));",
                CellParser.magicAsExpression("var r = %load 'x\"y';"));
        for (String java : List.of("x %= 3;", "int r = a % b;", "boolean b = x == %y", "String s = \"a = %jars\";")) {
            assertEquals(java, CellParser.magicAsExpression(java), "stays Java: " + java);
        }
        List<CellParser.Segment> s = CellParser.parse("var n = %maven g:a:1\nn");
        assertEquals(1, s.size());
        assertEquals(CellParser.Kind.CODE, s.get(0).kind());
    }
}
