package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trial-engine seam: any engine, any order, any number of threads gives the run directory of the local engine. */
class TrialEngineTest {

    /** MAML's meta-training is shared by maml, maml-v1, moca and moca-no-online: the shared cache is exercised. */
    private static final List<String> METHODS = List.of("no-action", "maml", "maml-v1", "moca", "moca-no-online");

    /**
     * Runs the trials in reverse order on two threads of a worker that keeps every seed: what an engine computing in
     * parallel elsewhere does.
     */
    private static final TrialEngine REVERSED_ON_TWO_THREADS = new TrialEngine() {
        @Override
        public <S extends Serializable, R extends Serializable> void execute(
                List<S> trials, Work<S, R> work, Sink<R> sink) throws IOException {
            List<S> reversed = new ArrayList<>(trials);
            Collections.reverse(reversed);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<R>> futures = new ArrayList<>();
                for (S t : reversed) futures.add(pool.submit(() -> work.run(t)));
                for (Future<R> f : futures) sink.accept(f.get());
            } catch (InterruptedException | ExecutionException e) {
                throw new IOException(e);
            } finally {
                pool.shutdownNow();
            }
        }
    };

    /** Fails maml seed 2 as an executor would after its retries; runs the others locally. */
    private static final TrialEngine FAILS_MAML_SEED_2 = new TrialEngine() {
        @Override
        public <S extends Serializable, R extends Serializable> void execute(
                List<S> trials, Work<S, R> work, Sink<R> sink) throws IOException {
            List<Failure> failures = new ArrayList<>();
            for (S t : trials) {
                if (t.equals(new TrialSpec("maml", 2)))
                    failures.add(new Failure(t, new IllegalStateException("executor lost")));
                else sink.accept(work.run(t));
            }
            if (!failures.isEmpty()) throw new TrialsFailedException(failures);
        }
    };

    /** The local engine, recording what it was asked to run. */
    private static final class Recording implements TrialEngine {
        final List<Object> asked = new ArrayList<>();

        @Override
        public <S extends Serializable, R extends Serializable> void execute(
                List<S> trials, Work<S, R> work, Sink<R> sink) throws IOException {
            asked.addAll(trials);
            LOCAL.execute(trials, work, sink);
        }
    }

    @Test
    void anEngineThatRunsTrialsOutOfOrderInParallelWritesTheSameBytes(@TempDir Path dir) throws Exception {
        ExperimentConfig cfg = ExperimentRunnerTest.tiny(METHODS);
        ExperimentRunner local = new ExperimentRunner(cfg, dir.resolve("local"), "run", ExperimentRunnerTest.EXPERTS);
        local.run(TrialEngine.LOCAL, Integer.MAX_VALUE, ExperimentRunnerTest.QUIET);
        ExperimentRunner other = new ExperimentRunner(cfg, dir.resolve("other"), "run", ExperimentRunnerTest.EXPERTS);
        other.run(REVERSED_ON_TWO_THREADS, Integer.MAX_VALUE, ExperimentRunnerTest.QUIET);

        Map<String, byte[]> a = results(local.runDir()), b = results(other.runDir());
        assertEquals(a.keySet(), b.keySet());
        assertEquals(
                2 * 2 * METHODS.size() + 5, a.size(), a.keySet().toString()); // trials, curves, 4 tables, the binding
        a.forEach((file, bytes) -> assertArrayEquals(bytes, b.get(file), file));
    }

    @Test
    void aFailedTrialIsNamedAndTheFinishedOnesAreKeptForTheRerun(@TempDir Path dir) throws Exception {
        ExperimentConfig cfg = ExperimentRunnerTest.tiny(List.of("no-action", "maml"));
        ExperimentRunner runner = new ExperimentRunner(cfg, dir, "run", ExperimentRunnerTest.EXPERTS);
        var e = assertThrows(
                TrialEngine.TrialsFailedException.class,
                () -> runner.run(FAILS_MAML_SEED_2, Integer.MAX_VALUE, ExperimentRunnerTest.QUIET));
        assertTrue(e.getMessage().contains("maml seed 2: IllegalStateException: executor lost"), e.getMessage());
        assertEquals(List.of(new TrialSpec("maml", 2)), runner.missingTrials(), "the other three trials are written");
        assertTrue(Files.notExists(runner.runDir().resolve("summary.csv")), "no summary of a partial run");

        Recording rerun = new Recording();
        runner.run(rerun, Integer.MAX_VALUE, ExperimentRunnerTest.QUIET);
        assertEquals(List.of(new TrialSpec("maml", 2)), rerun.asked, "only the failed trial is run again");
        assertTrue(Files.exists(runner.runDir().resolve("summary.csv")));
    }

    @Test
    void aWorkerRefusesTrialsOutsideItsConfiguration() {
        TrialWorker worker =
                new TrialWorker(ExperimentRunnerTest.tiny(List.of("no-action")), ExperimentRunnerTest.EXPERTS, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> worker.run(new TrialSpec("maml", 1)));
        assertTrue(e.getMessage().contains("method maml is not in the configuration's methods"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> worker.run(new TrialSpec("no-action", 9)));
        assertTrue(e.getMessage().contains("seed 9 is not in the configuration's seeds"), e.getMessage());
    }

    @Test
    void aWorkWithTestDoublesForExpertsRefusesToTravelAndSaysWhy() throws IOException {
        var local = new ExperimentTrials(
                new TrialWorker(ExperimentRunnerTest.tiny(List.of("no-action")), ExperimentRunnerTest.EXPERTS, 1));
        var e = assertThrows(NotSerializableException.class, () -> serialize(local));
        assertTrue(e.getMessage().contains("not the workbench's defaults"), e.getMessage());
        var travels = new ExperimentTrials(new TrialWorker(
                ExperimentRunnerTest.tiny(List.of("no-action")),
                ExperimentRunner.Experts.defaults(org.moca.sim.RecoveryCriteria.defaults()),
                1));
        assertTrue(serialize(travels).length > 0);
    }

    private static byte[] serialize(Object o) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @Test
    void everyShippedConfigTravelsAsJsonAndComesBackEqual() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../experiments"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")
                            && !p.getFileName().toString().startsWith("continual"))
                    .sorted()
                    .toList()) {
                ExperimentConfig c = ExperimentConfig.load(f);
                assertEquals(c, ExperimentConfig.fromJson(c.toJson(), "run-config.json"), f.toString());
            }
        }
    }

    /** Every file of a run directory except the provenance (which records the wall clock) and the plots. */
    private static Map<String, byte[]> results(Path runDir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(runDir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = runDir.relativize(p).toString();
                if (name.equals("provenance.json") || name.endsWith(".png")) continue;
                out.put(name, Files.readAllBytes(p));
            }
        }
        return out;
    }
}
