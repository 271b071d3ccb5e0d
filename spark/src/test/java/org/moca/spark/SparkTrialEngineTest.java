package org.moca.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moca.experiment.ContinualConfig;
import org.moca.experiment.ContinualExperiment;
import org.moca.experiment.ExperimentConfig;
import org.moca.experiment.ExperimentRunner;
import org.moca.experiment.TrialEngine;
import org.moca.infra.Progress;
import org.moca.infra.ProgressListener;
import org.moca.sim.RecoveryCriteria;

/**
 * The Spark engine against the local one, on {@code local[2,2]} (two cores; a failed task is tried twice): the same
 * bytes in every trial file and the summary; a failing trial retried, or reported with its cause while the others are
 * kept; a run killed mid-way resumed on Spark without redoing finished trials.
 */
class SparkTrialEngineTest {

    private static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onProgress(Progress p) {}

        @Override
        public void onFinish(Progress p) {}
    };

    @TempDir
    static Path shared;

    private static SparkTrialEngine engine;
    private static Path config;
    private static ExperimentRunner local;

    @BeforeAll
    static void start() throws IOException {
        engine = SparkTrialEngine.start("local[2,2]", "moca tests");
        config = shared.resolve("spark-tiny.yaml");
        try (var in = SparkTrialEngineTest.class.getResourceAsStream("/spark-tiny.yaml")) {
            Files.copy(in, config);
        }
        local = runner(shared.resolve("local"));
        local.run(TrialEngine.LOCAL, Integer.MAX_VALUE, QUIET);
    }

    @AfterAll
    static void stop() throws IOException {
        if (engine != null) engine.close();
    }

    private static ExperimentRunner runner(Path results) {
        return new ExperimentRunner(
                ExperimentConfig.load(config),
                results,
                "run",
                ExperimentRunner.Experts.defaults(RecoveryCriteria.defaults()));
    }

    @Test
    void sparkOnTwoCoresWritesTheLocalEnginesBytes(@TempDir Path dir) throws IOException {
        ExperimentRunner spark = runner(dir);
        spark.run(engine, Integer.MAX_VALUE, QUIET);
        assertSameBytes(local.runDir(), spark.runDir(), "trials/oracle__seed2.csv");
    }

    /** Fails every first attempt of "flaky" and every attempt of "broken"; the rest succeed. */
    private static final class Faulty implements TrialEngine.Work<String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String run(String trial) {
            if (trial.equals("broken")) throw new IllegalStateException("broken on attempt " + attempt());
            if (trial.equals("flaky") && attempt() == 0) throw new IllegalStateException("executor lost");
            return trial + " done on attempt " + attempt();
        }

        private static int attempt() {
            return TaskContext.get().attemptNumber();
        }
    }

    @Test
    void aFailedTaskIsRetriedAndOneThatKeepsFailingIsReportedAfterTheOthers() {
        List<String> done = new ArrayList<>();
        var e = assertThrows(
                TrialEngine.TrialsFailedException.class,
                () -> engine.execute(List.of("a", "flaky", "broken", "b"), new Faulty(), done::add));
        assertEquals(
                List.of("a done on attempt 0", "b done on attempt 0", "flaky done on attempt 1"),
                done.stream().sorted().toList());
        assertEquals(1, e.failures().size());
        assertEquals("broken", e.failures().get(0).trial());
        assertTrue(
                e.getMessage().contains("broken: ") && e.getMessage().contains("broken on attempt 1"), e.getMessage());
    }

    @Test
    void aRunKilledMidWayResumesOnSparkWithoutRedoingFinishedTrials(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "org.moca.cli.Moca",
                "reproduce",
                "--engine",
                "spark",
                "--master",
                "local[2]",
                "--config",
                config.toString(),
                "--results",
                dir.toString(),
                "--run",
                "run");
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        ExperimentRunner resumed = runner(dir);
        Path trials = resumed.runDir().resolve("trials");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (count(trials) < 2 && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(
                child.isAlive(),
                "the child finished before it could be killed: " + Files.readString(dir.resolve("child.log")));
        child.destroyForcibly().waitFor();
        int before = count(trials);
        assertTrue(before >= 2 && before < 8, "killed after " + before + " of 8 trials");

        Map<String, Long> stamps = new HashMap<>();
        try (Stream<Path> s = Files.list(trials)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                stamps.put(name, Files.getLastModifiedTime(p).toMillis());
                String stem = name.substring(0, name.length() - ".csv".length());
                assertTrue(
                        Files.exists(resumed.runDir().resolve("curves").resolve(stem + ".csv.gz")),
                        "a trial file never stands without its curves: " + name);
            }
        }
        assertFalse(Files.exists(resumed.runDir().resolve("summary.csv")));
        resumed.run(engine, Integer.MAX_VALUE, QUIET);
        stamps.forEach((name, stamp) -> {
            try {
                assertEquals(
                        stamp, Files.getLastModifiedTime(trials.resolve(name)).toMillis(), name + " was redone");
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        assertSameBytes(local.runDir(), resumed.runDir(), "trials/oracle__seed2.csv");
    }

    @Test
    void theContinualExperimentOnSparkWritesTheLocalEnginesBytes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("spark-continual-tiny.yaml");
        try (var in = SparkTrialEngineTest.class.getResourceAsStream("/spark-continual-tiny.yaml")) {
            Files.copy(in, file);
        }
        ContinualConfig cfg = ContinualConfig.load(file);
        ExperimentRunner.Experts experts = ExperimentRunner.Experts.defaults(RecoveryCriteria.defaults());
        ContinualExperiment onLocal = new ContinualExperiment(cfg, dir.resolve("local"), "run", experts);
        onLocal.run(TrialEngine.LOCAL, Integer.MAX_VALUE, QUIET);
        ContinualExperiment onSpark = new ContinualExperiment(cfg, dir.resolve("spark"), "run", experts);
        onSpark.run(engine, Integer.MAX_VALUE, QUIET);
        assertSameBytes(onLocal.runDir(), onSpark.runDir(), "trials/l2__seed2.csv");
    }

    private static int count(Path trials) throws IOException {
        if (!Files.isDirectory(trials)) return 0;
        try (Stream<Path> s = Files.list(trials)) {
            return (int) s.filter(p -> p.toString().endsWith(".csv")).count();
        }
    }

    /** The two run directories hold the same files (among them the summary and {@code trial}), byte for byte. */
    private static void assertSameBytes(Path expected, Path actual, String trial) throws IOException {
        Map<String, byte[]> a = results(expected), b = results(actual);
        assertEquals(a.keySet(), b.keySet());
        assertTrue(
                a.containsKey("summary.csv") && a.containsKey(trial), a.keySet().toString());
        a.forEach((file, bytes) -> assertArrayEquals(bytes, b.get(file), file));
    }

    /** Every file of a run directory except the provenance (it records the wall clock) and the plots. */
    static Map<String, byte[]> results(Path runDir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(runDir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = runDir.relativize(p).toString();
                if (name.equals("provenance.json") || name.endsWith(".png") || name.endsWith(".log")) continue;
                out.put(name, Files.readAllBytes(p));
            }
        }
        return out;
    }
}
