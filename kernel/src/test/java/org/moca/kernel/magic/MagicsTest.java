package org.moca.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moca.kernel.eval.CellException;

class MagicsTest {
    @TempDir
    Path dir;

    private final List<Path> classpath = new ArrayList<>();
    private final List<String> ran = new ArrayList<>();

    private Magics magics() {
        Magics.Host host = new Magics.Host() {
            @Override
            public void addToClasspath(List<Path> entries) {
                classpath.addAll(entries);
            }

            @Override
            public Object runCell(String code) {
                ran.add(code);
                return "ran";
            }

            @Override
            public void warn(String message) {}
        };
        return new Magics(
                host,
                dir,
                new MavenResolver(MavenResolver.Options.defaults()
                        .withLocalRepository(dir.resolve("repository"))
                        .withOffline(true)
                        .withSettings(null, null)));
    }

    private Path file(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
        return p;
    }

    @Test
    void jarsTakesGlobsAndDirectoriesRelativeToTheWorkingDirectory() throws Exception {
        Path a = file("lib/a.jar");
        Path b = file("lib/b.jar");
        file("lib/notes.txt");
        Path c = file("deps/c.jar");
        magics().line("jars", List.of("lib/*.jar", "deps"));
        assertEquals(List.of(a, b, c), classpath);
    }

    @Test
    void jarsThatMatchNothingAreAnError() {
        CellException e = assertThrows(CellException.class, () -> magics().line("jars", List.of("missing/*.jar")));
        assertEquals("FileNotFoundException", e.ename());
        assertThrows(CellException.class, () -> magics().line("jars", List.of()));
    }

    @Test
    void classpathSplitsOnThePathSeparator() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path jar = file("x.jar");
        magics().line("classpath", List.of("classes" + File.pathSeparator + "x.jar"));
        assertEquals(List.of(classes, jar), classpath);
        assertThrows(CellException.class, () -> magics().line("classpath", List.of("nowhere")));
    }

    @Test
    void jarsAndClasspathReturnTheAddedPathsAsIJavaDoes() throws Exception {
        Path a = file("lib/a.jar");
        assertEquals(List.of(a.toString()), magics().line("jars", List.of("lib/*.jar")));
        assertEquals(List.of(a.toString()), magics().line("classpath", List.of("lib/a.jar")));
    }

    @Test
    void loadTriesIJavasExtensionsInOrderAndRunsANotebooksCodeCells() throws Exception {
        Files.writeString(dir.resolve("both.jshell"), "jshell");
        Files.writeString(dir.resolve("both.java"), "java");
        assertEquals("ran", magics().line("load", List.of("both")));
        assertEquals(List.of("jshell"), ran, ".jshell comes before .java");
        ran.clear();
        Files.writeString(
                dir.resolve("cells.ipynb"),
                "{\"cells\": [{\"cell_type\": \"markdown\", \"source\": [\"# t\"]},"
                        + " {\"cell_type\": \"code\", \"source\": [\"int a = 1;\\n\", \"a\"]},"
                        + " {\"cell_type\": \"code\", \"source\": \"a + 1\"}], \"nbformat\": 4}");
        magics().line("load", List.of("cells"));
        assertEquals(List.of("int a = 1;\na", "a + 1"), ran);
        CellException e = assertThrows(CellException.class, () -> magics().line("load", List.of("absent")));
        assertTrue(e.evalue().contains("absent.ipynb"), "names what it tried: " + e.evalue());
    }

    @Test
    void mavenRepoNeedsAnIdAndAUrl() throws Exception {
        assertEquals(
                "IllegalArgumentException",
                assertThrows(CellException.class, () -> magics().line("mavenRepo", List.of("only-id")))
                        .ename());
        magics().line("addMavenRepo", List.of("extra", dir.toUri().toString()));
    }

    @Test
    void loadRunsTheFileAsACell() throws Exception {
        Files.writeString(dir.resolve("helpers.jsh"), "int one() { return 1; }");
        assertEquals("ran", magics().line("load", List.of("helpers.jsh")));
        assertEquals(List.of("int one() { return 1; }"), ran);
        assertEquals(
                "FileNotFoundException",
                assertThrows(CellException.class, () -> magics().line("load", List.of("absent.jsh")))
                        .ename());
    }

    @Test
    void mavenReportsMissingArtifactsAndBadCoordinates() {
        assertEquals(
                "ArtifactNotFoundException",
                assertThrows(CellException.class, () -> magics().line("maven", List.of("g:a:1")))
                        .ename());
        assertEquals(
                "IllegalArgumentException",
                assertThrows(CellException.class, () -> magics().line("maven", List.of("g:a")))
                        .ename());
        assertEquals(
                "ArtifactNotFoundException",
                assertThrows(CellException.class, () -> magics().line("addMavenDependency", List.of("g:a:1")))
                        .ename(),
                "IJava's alias");
    }

    @Test
    void cellMagicsShowTheirBodyAsTheirType() throws Exception {
        Magics m = magics();
        assertEquals("<b>x</b>", ((DisplayData) m.cell("html", List.of(), "<b>x</b>")).getData(MIMEType.TEXT_HTML));
        assertEquals("# t", ((DisplayData) m.cell("md", List.of(), "# t")).getData(MIMEType.parse("text/markdown")));
        assertTrue(((DisplayData) m.cell("js", List.of(), "1")).hasDataForType(MIMEType.APPLICATION_JAVASCRIPT));
        assertEquals(
                "$x^2$", ((DisplayData) m.cell("latex", List.of(), "$x^2$")).getData(MIMEType.parse("text/latex")));
        assertEquals(
                "UndefinedMagicException",
                assertThrows(CellException.class, () -> m.cell("nope", List.of(), ""))
                        .ename());
        assertEquals(
                "UndefinedMagicException",
                assertThrows(CellException.class, () -> m.line("nope", List.of()))
                        .ename());
    }
}
