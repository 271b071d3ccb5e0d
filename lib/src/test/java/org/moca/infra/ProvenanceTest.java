package org.moca.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moca.replay.PrioritizedReplayConfig;

class ProvenanceTest {

    @TempDir
    Path directory;

    @Test
    void sha256MatchesTheStandardTestVectors() throws IOException {
        Path abc = directory.resolve("abc.txt");
        Files.writeString(abc, "abc", StandardCharsets.US_ASCII);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Provenance.sha256(abc));
        Path empty = Files.createFile(directory.resolve("empty"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Provenance.sha256(empty));
    }

    @Test
    void recordsLibraryVersionsFromTheJars() {
        Map<String, String> versions = Provenance.libraryVersions();
        for (String library :
                List.of("deeplearning4j", "nd4j", "jgrapht", "tablesaw", "xchart", "ortools", "jackson-databind")) {
            assertTrue(versions.get(library).matches("\\d+\\.\\d+.*"), library + " -> " + versions.get(library));
        }
        // cross-check one against the jar's manifest
        assertEquals(
                com.fasterxml.jackson.databind.ObjectMapper.class.getPackage().getImplementationVersion(),
                versions.get("jackson-databind"));
    }

    @Test
    void outsideAGitCheckoutTheCommitIsUnknownAndNothingFails() {
        Provenance.Git git = Provenance.Git.detect(directory);
        assertEquals("unknown", git.commit());
        assertNull(git.dirty());
        assertEquals(
                "unknown",
                Provenance.Git.detect(directory.resolve("no/such/dir")).commit());
    }

    @Test
    void insideAGitCheckoutItRecordsTheCommitAndWhetherTrackedFilesChanged() throws Exception {
        assumeTrue(commitOneFile("code.txt"), "git is not installed");
        Provenance.Git clean = Provenance.Git.detect(directory);
        assertTrue(clean.commit().matches("[0-9a-f]{40,64}"), clean.commit());
        assertFalse(clean.dirty());
        Files.writeString(directory.resolve("untracked-results.csv"), "x");
        assertFalse(Provenance.Git.detect(directory).dirty(), "untracked outputs do not make the code dirty");
        Files.writeString(directory.resolve("code.txt"), "v2");
        Provenance.Git dirty = Provenance.Git.detect(directory);
        assertEquals(clean.commit(), dirty.commit());
        assertTrue(dirty.dirty());
    }

    @Test
    void aRunsCodeVersionIsReadWhenItStartsSoItsOwnCommittedResultsDoNotMakeItDirty() throws Exception {
        assumeTrue(commitOneFile("summary.csv"), "git is not installed");
        Provenance.Start start = Provenance.Start.now(directory);
        Files.writeString(directory.resolve("summary.csv"), "v2"); // the run rewrites its committed table
        Provenance p = Provenance.capture(Map.of("a", 1), Map.of(), List.of(), start, Instant.now());
        assertFalse(p.git().dirty(), "the tables the run wrote are not a change to its code");
        assertEquals(start.at().toString(), p.start());
        assertTrue(Provenance.Git.detect(directory).dirty());
    }

    @Test
    void theCpuIsTheFirstProcessorsModelWithTheVectorSetsBlasDispatchesOn() {
        List<String> x86 = List.of(
                "processor\t: 0",
                "model name\t: Intel(R) Xeon(R) Processor",
                "flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512_vnni",
                "",
                "processor\t: 1",
                "model name\t: another");
        assertEquals(
                "Intel(R) Xeon(R) Processor [sse4_2 avx avx2 fma avx512f avx512_vnni]",
                Provenance.Platform.describeCpu(x86));
        List<String> arm = List.of("processor\t: 0", "Features\t: fp asimd evtstrm sve", "CPU part\t: 0xd0c");
        assertEquals("0xd0c [asimd sve]", Provenance.Platform.describeCpu(arm));
        assertEquals("unknown model []", Provenance.Platform.describeCpu(List.of()));
        assertTrue(
                Provenance.Platform.current().cpu().contains("["),
                Provenance.Platform.current().cpu());
    }

    /** A fresh repository in {@code directory} with {@code file} ("v1") committed; false if git is missing. */
    private boolean commitOneFile(String file) throws Exception {
        if (git(directory, "init", "-q") != 0) return false;
        Files.writeString(directory.resolve(file), "v1");
        assertEquals(0, git(directory, "add", file));
        assertEquals(0, git(directory, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "c"));
        return true;
    }

    private static int git(Path directory, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(arguments));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void capturesWritesAndReadsBackEverything() throws IOException {
        Path dataset = directory.resolve("topology.json");
        Files.writeString(dataset, "{\"nodes\": []}");
        Instant start = Instant.parse("2026-11-26T01:00:00Z");
        Instant end = Instant.parse("2026-11-26T01:05:30.250Z");
        PrioritizedReplayConfig config = PrioritizedReplayConfig.defaults();

        Provenance p = Provenance.capture(
                config,
                Map.of("master", 42L, "episodes", 7L),
                List.of(dataset),
                new Provenance.Start(start, Provenance.Git.detect(directory)),
                end);
        assertEquals(0.6, p.config().get("alpha").asDouble());
        assertEquals(100_000, p.config().get("capacity").asInt());
        assertEquals(Provenance.sha256(dataset), p.datasets().get(dataset.toString()));
        assertEquals("unknown", p.git().commit());
        assertEquals(Runtime.getRuntime().availableProcessors(), p.platform().cpus());
        assertEquals(System.getProperty("java.version"), p.platform().javaVersion());
        assertEquals(System.getProperty("java.vendor"), p.platform().javaVendor());

        Path file = p.write(directory.resolve("results"));
        assertEquals("provenance.json", file.getFileName().toString());
        Provenance back = Provenance.read(file);
        assertEquals(p.config(), back.config());
        assertEquals(p.seeds(), back.seeds());
        assertEquals(p.git(), back.git());
        assertEquals(p.libraries(), back.libraries());
        assertEquals(p.platform(), back.platform());
        assertEquals(p.datasets(), back.datasets());
        assertEquals(p, back);
        assertEquals(start, Instant.parse(back.start()));
        assertEquals(end, Instant.parse(back.end()));
        String json = Files.readString(file);
        assertTrue(json.contains("\"master\" : 42"), json);
        assertTrue(json.contains("\"ortools\" : \""), json);
    }

    @Test
    void aMissingDatasetIsAnErrorNotASilentGap() {
        assertThrows(
                IOException.class,
                () -> Provenance.capture(
                        Map.of(),
                        Map.of(),
                        List.of(directory.resolve("nope.csv")),
                        Provenance.Start.now(directory),
                        Instant.now()));
    }

    @Test
    void timestampsMustBeInstants() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new Provenance(
                        Provenance.JSON.createObjectNode(),
                        Map.of(),
                        new Provenance.Git("unknown", null),
                        Map.of(),
                        Provenance.Platform.current(),
                        Map.of(),
                        "yesterday",
                        "2026-01-01T00:00:00Z",
                        null));
        assertTrue(e.getMessage().startsWith("start must be an ISO-8601 instant"), e.getMessage());
    }
}
