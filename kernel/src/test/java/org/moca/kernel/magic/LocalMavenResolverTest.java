package org.moca.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMavenResolverTest {
    @TempDir
    Path repo;

    private Path pom(String g, String a, String v, String body) throws IOException {
        Path dir = repo.resolve(g.replace('.', '/')).resolve(a).resolve(v);
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(a + "-" + v + ".pom"),
                "<project><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId><version>" + v + "</version>"
                        + body + "</project>");
        return dir;
    }

    private Path jar(String g, String a, String v, String classifier) throws IOException {
        Path dir = repo.resolve(g.replace('.', '/')).resolve(a).resolve(v);
        Path jar = dir.resolve(a + "-" + v + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
        Files.createDirectories(dir);
        Files.writeString(jar, "");
        return jar;
    }

    private static String dep(String g, String a, String v, String extra) {
        return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId>"
                + (v == null ? "" : "<version>" + v + "</version>") + extra + "</dependency>";
    }

    @BeforeEach
    void repository() throws IOException {
        pom(
                "x",
                "bom",
                "1",
                "<packaging>pom</packaging><dependencyManagement><dependencies>" + dep("x", "managed-by-bom", "7", "")
                        + "</dependencies></dependencyManagement>");
        pom(
                "x",
                "parent",
                "1",
                "<packaging>pom</packaging><properties><util.version>2.0</util.version></properties>"
                        + "<dependencyManagement><dependencies>"
                        + dep("x", "bom", "1", "<type>pom</type><scope>import</scope>")
                        + dep("x", "tool", "3", "<scope>test</scope>") + "</dependencies></dependencyManagement>");
        pom(
                "x",
                "app",
                "1",
                "<parent><groupId>x</groupId><artifactId>parent</artifactId><version>1</version></parent>"
                        + "<dependencies>" + dep("x", "util", "${util.version}", "")
                        + dep("x", "managed-by-bom", null, "") + dep("x", "tool", null, "")
                        + dep("x", "optional", "1", "<optional>true</optional>")
                        + dep("x", "natives", "1", "<classifier>linux</classifier>")
                        + "</dependencies>");
        pom(
                "x",
                "util",
                "2.0",
                "<dependencies>" + dep("x", "leaf", "1", "") + dep("x", "heavy", "1", "") + "</dependencies>");
        pom("x", "managed-by-bom", "7", "");
        pom("x", "leaf", "1", "");
        pom("x", "natives", "1", "");
        for (String[] a : new String[][] {{"app", "1"}, {"util", "2.0"}, {"managed-by-bom", "7"}, {"leaf", "1"}}) {
            jar("x", a[0], a[1], "");
        }
        jar("x", "natives", "1", "linux");
    }

    @Test
    void resolvesParentsPropertiesBomsAndTransitiveRuntimeDependencies() throws Exception {
        pom("x", "heavy", "1", "");
        jar("x", "heavy", "1", "");
        LocalMavenResolver.Resolution r = new LocalMavenResolver(repo).resolve("x:app:1");
        List<String> names =
                r.jars().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(
                List.of(
                        "app-1.jar",
                        "util-2.0.jar",
                        "managed-by-bom-7.jar",
                        "natives-1-linux.jar",
                        "leaf-1.jar",
                        "heavy-1.jar"),
                names,
                "breadth first; test and optional dependencies left out");
    }

    @Test
    void aMissingArtifactSaysWhereItLookedAndHowToFetchIt() {
        var e = assertThrows(
                LocalMavenResolver.ArtifactNotFoundException.class,
                () -> new LocalMavenResolver(repo).resolve("x:nothing:1"));
        assertTrue(
                e.getMessage().contains(repo.toString()) && e.getMessage().contains("mvn dependency:get"),
                e.getMessage());
        var transitive = assertThrows(
                LocalMavenResolver.ArtifactNotFoundException.class,
                () -> new LocalMavenResolver(repo).resolve("x:app:1"));
        assertTrue(
                transitive.getMessage().contains("x:heavy:1")
                        && transitive.getMessage().contains("needed by"),
                transitive.getMessage());
    }

    @Test
    void aTransitiveVersionMissingLocallyFallsBackToALocalOneWithAWarning() throws Exception {
        pom("x", "heavy", "1.5", "");
        jar("x", "heavy", "1.5", "");
        LocalMavenResolver.Resolution r = new LocalMavenResolver(repo).resolve("x:util:2.0");
        assertTrue(r.jars().stream().anyMatch(p -> p.getFileName().toString().equals("heavy-1.5.jar")), r.toString());
        assertEquals(1, r.warnings().size(), r.warnings().toString());
    }

    @Test
    void coordinatesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new LocalMavenResolver(repo).resolve("x:app"));
        assertThrows(IllegalArgumentException.class, () -> new LocalMavenResolver(repo).resolve("x::1"));
    }

    @Test
    void versionsCompareNumerically() {
        assertTrue(LocalMavenResolver.compareVersions("5.10.1", "5.9.3") > 0);
        assertTrue(LocalMavenResolver.compareVersions("1.0", "1.0.1") < 0);
        assertEquals(0, LocalMavenResolver.compareVersions("2", "2.0"));
    }
}
