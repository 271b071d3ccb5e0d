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

/**
 * {@code %maven} on Maven's own resolver, offline against a hand-made local repository: the cases the old
 * hand-written resolver got wrong (issue 11) — POM profiles (ND4J's natives), version ranges, relocations — and the
 * error that names where it looked.
 */
class MavenResolverTest {
    @TempDir
    Path repo;

    private MavenResolver resolver;

    private void pom(String artifact, String version, String body) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("t").resolve(artifact).resolve(version));
        Files.writeString(
                dir.resolve(artifact + "-" + version + ".pom"),
                "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                        + "<groupId>t</groupId><artifactId>" + artifact + "</artifactId><version>" + version
                        + "</version>" + body + "</project>");
    }

    private void jar(String artifact, String version, String classifier) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("t").resolve(artifact).resolve(version));
        Files.write(
                dir.resolve(artifact + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar"),
                new byte[0]);
    }

    private List<String> names(List<Path> jars) {
        return jars.stream().map(p -> p.getFileName().toString()).toList();
    }

    @BeforeEach
    void offlineResolver() {
        resolver = new MavenResolver(MavenResolver.Options.defaults()
                .withLocalRepository(repo)
                .withOffline(true)
                .withSettings(null, null));
    }

    @Test
    void aProfileActivatedByTheOperatingSystemPicksTheNativeClassifier() throws Exception {
        // As ND4J declares its natives: the classifier is a property that only an OS-activated profile sets.
        String os = System.getProperty("os.name");
        pom(
                "lib",
                "1.0",
                "<properties><platform>unset</platform></properties>"
                        + "<profiles><profile><id>this-os</id><activation><os><name>" + os + "</name></os></activation>"
                        + "<properties><platform>this-os</platform></properties></profile></profiles>"
                        + "<dependencies><dependency><groupId>t</groupId><artifactId>native</artifactId><version>1.0</version>"
                        + "<classifier>${platform}</classifier></dependency></dependencies>");
        jar("lib", "1.0", null);
        pom("native", "1.0", "");
        jar("native", "1.0", "this-os");
        assertEquals(List.of("lib-1.0.jar", "native-1.0-this-os.jar"), names(resolver.resolve(List.of("t:lib:1.0"))));
    }

    @Test
    void aVersionRangeResolvesToTheHighestVersionInIt() throws Exception {
        for (String v : List.of("1.0", "1.5", "2.0")) {
            pom("ranged", v, "");
            jar("ranged", v, null);
        }
        Files.writeString(
                repo.resolve("t/ranged/maven-metadata-local.xml"),
                "<metadata><groupId>t</groupId><artifactId>ranged</artifactId><versioning><versions>"
                        + "<version>1.0</version><version>1.5</version><version>2.0</version>"
                        + "</versions></versioning></metadata>");
        pom(
                "user",
                "1.0",
                "<dependencies><dependency><groupId>t</groupId><artifactId>ranged</artifactId>"
                        + "<version>[1.0,2.0)</version></dependency></dependencies>");
        jar("user", "1.0", null);
        assertEquals(List.of("user-1.0.jar", "ranged-1.5.jar"), names(resolver.resolve(List.of("t:user:1.0"))));
    }

    @Test
    void aRelocatedArtifactResolvesToItsNewCoordinates() throws Exception {
        pom(
                "old",
                "1.0",
                "<distributionManagement><relocation><artifactId>new</artifactId></relocation>"
                        + "</distributionManagement>");
        pom("new", "1.0", "");
        jar("new", "1.0", null);
        assertEquals(List.of("new-1.0.jar"), names(resolver.resolve(List.of("t:old:1.0"))));
    }

    @Test
    void nearestWinsExclusionsAndScopesAsInMaven() throws Exception {
        pom(
                "app",
                "1.0",
                "<dependencies>"
                        + "<dependency><groupId>t</groupId><artifactId>a</artifactId><version>1.0</version>"
                        + "<exclusions><exclusion><groupId>t</groupId><artifactId>excluded</artifactId></exclusion></exclusions>"
                        + "</dependency>"
                        + "<dependency><groupId>t</groupId><artifactId>shared</artifactId><version>2.0</version></dependency>"
                        + "<dependency><groupId>t</groupId><artifactId>testonly</artifactId><version>1.0</version>"
                        + "<scope>test</scope></dependency></dependencies>");
        pom(
                "a",
                "1.0",
                "<dependencies>"
                        + "<dependency><groupId>t</groupId><artifactId>shared</artifactId><version>1.0</version></dependency>"
                        + "<dependency><groupId>t</groupId><artifactId>excluded</artifactId><version>1.0</version></dependency>"
                        + "</dependencies>");
        for (String[] a : new String[][] {{"app", "1.0"}, {"a", "1.0"}, {"shared", "2.0"}}) {
            jar(a[0], a[1], null);
        }
        pom("shared", "2.0", "");
        assertEquals(
                List.of("app-1.0.jar", "a-1.0.jar", "shared-2.0.jar"), names(resolver.resolve(List.of("t:app:1.0"))));
    }

    @Test
    void aPomFragmentResolvesItsDependencies() throws Exception {
        pom("frag", "3.0", "");
        jar("frag", "3.0", null);
        Path pom = Files.writeString(
                repo.resolveSibling(repo.getFileName() + "-pom.xml"),
                PomFragments.pom("<dependency><groupId>t</groupId><artifactId>frag</artifactId>"
                        + "<version>${frag.version}</version></dependency>"
                        + "<properties><frag.version>3.0</frag.version></properties>"));
        assertEquals(List.of("frag-3.0.jar"), names(resolver.resolvePom(pom, MavenResolver.DEFAULT_POM_SCOPES)));
    }

    @Test
    void aMissingArtifactNamesTheLocalRepositoryAndHowToFetchIt() {
        MavenResolver.ResolutionException e =
                assertThrows(MavenResolver.ResolutionException.class, () -> resolver.resolve(List.of("t:absent:1.0")));
        assertTrue(e.getMessage().contains(repo.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("mvn dependency:get"), e.getMessage());
        assertTrue(e.getMessage().contains("t:absent:1.0"), e.getMessage());
    }

    @Test
    void badCoordinatesSayWhatTheFormIs() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> resolver.resolve(List.of("only:two")));
        assertTrue(e.getMessage().contains("groupId:artifactId"), e.getMessage());
    }

    @Test
    void mavenCentralComesFromMavensSuperPom() {
        assertEquals("central", resolver.repositories().get(0).getId());
        assertTrue(resolver.offline());
    }
}
