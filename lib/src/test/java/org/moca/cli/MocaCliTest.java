package org.moca.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MocaCliTest {

    static int run(StringWriter err, String... args) {
        CommandLine cl = Moca.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void reportPrintsACommittedRunsTablesAndRefusesADirectoryWithoutOne(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        Path md = dir.resolve("stale.md");
        String run =
                Path.of("..", "experiments", "results", "stale-state", "latest").toString();
        assertEquals(0, run(err, "report", run, "--references", "maml", "--out", md.toString()), err.toString());
        String text = Files.readString(md);
        assertTrue(text.contains("## backup-late") && text.contains("| `maml-layout1` − `maml` | 0/0 |"), text);
        assertFalse(text.contains("paired against `moca`"), "only the references asked for");
        err = new StringWriter();
        assertEquals(Moca.USAGE, run(err, "report", dir.toString()), err.toString());
        assertTrue(err.toString().contains("no summary.csv"), err.toString());
    }

    @Test
    void sameSeedGivesABitIdenticalServiceCurveCsvAndAnotherSeedDoesNot(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(
                0, run(err, "simulate", "--seed", "3", "--out", dir.resolve("a").toString()), err.toString());
        assertEquals(
                0, run(err, "simulate", "--seed", "3", "--out", dir.resolve("b").toString()), err.toString());
        assertEquals(
                0, run(err, "simulate", "--seed", "4", "--out", dir.resolve("c").toString()), err.toString());
        byte[] a = Files.readAllBytes(only(dir.resolve("a"), ".csv")),
                b = Files.readAllBytes(only(dir.resolve("b"), ".csv")),
                c = Files.readAllBytes(only(dir.resolve("c"), ".csv"));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertTrue(Files.size(only(dir.resolve("a"), ".png")) > 1000);
        String text = new String(a, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(
                text.startsWith("hour,demand,served,service,backlog,cost\n0,"),
                text.substring(0, Math.min(80, text.length())));
        assertEquals(48 + 96 + 1, text.lines().count(), "header + one row per hour (black-swan: 48 h warm-up, 96 h)");
    }

    private static Path only(Path dir, String suffix) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    @Test
    void badArgumentsGetOneLineErrorsAndExitCode2(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "simulate", "--policy", "telepathy", "--out", dir.toString()));
        assertTrue(err.toString().contains("--policy telepathy"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());

        err = new StringWriter();
        assertEquals(2, run(err, "simulate", "--seed", "abc"));
        assertTrue(err.toString().contains("abc"), err.toString());

        err = new StringWriter();
        assertEquals(
                2, run(err, "simulate", "--topology", dir.resolve("nowhere").toString()));
        assertTrue(err.toString().contains("--topology"), err.toString());
    }

    @Test
    void outputsHaveTheOrdinaryPermissionsOfANewFile(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        Path out = dir.resolve("out");
        assertEquals(0, run(err, "simulate", "--out", out.toString()), err.toString());
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x"); // what the umask gives any new file
        try (var files = Files.list(out)) {
            for (Path f : files.toList())
                assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f), f.toString());
        }
    }

    @Test
    void theStackTraceOnlyWithVerbose(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("out"), "a file, not a folder");
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "simulate", "--out", file.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "simulate", "--verbose", "--out", file.toString()));
        assertTrue(err.toString().startsWith("moca: --out "), err.toString());
        assertTrue(err.toString().contains("\tat org.moca.cli."), "the stack trace follows: " + err);
    }

    @Test
    void anInterruptSaysWhatWasKeptAndHowToGoOn(@TempDir Path dir) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = dir.resolve("out");
        Process p = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        classpath,
                        "org.moca.cli.Moca",
                        "compare",
                        "--policies",
                        "no-action,heuristic",
                        "--episodes",
                        "5000",
                        "--out",
                        out.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        var stderr = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getErrorStream(), java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        // the first progress line: the command is past its checks and computing
        for (String line; (line = stderr.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.contains("compare")) break;
        }
        assertTrue(p.isAlive(), "still computing when interrupted: " + seen);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        for (String line; (line = stderr.readLine()) != null; )
            seen.append(line).append('\n');
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), seen.toString());
        assertTrue(
                seen.toString().contains("moca: interrupted; nothing was written (the outputs of compare appear"),
                seen.toString());
        assertFalse(Files.exists(out.resolve("summary.csv")), "no partial output set");
    }
}
