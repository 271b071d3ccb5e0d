package org.moca.experiment;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Executes an experiment's trials. A runner ({@link ExperimentRunner}: method x seed) turns its configuration into
 * the trials still missing from its run directory, hands them to an engine with the {@link Work} that computes one,
 * and writes every result the engine hands back as it arrives, so that a failure later loses nothing finished; then
 * the summary, exactly as before. {@link #LOCAL} (the default) runs them one after the other in this JVM; the Spark
 * engine of the {@code moca-spark} module runs them as Spark tasks on any cluster.
 *
 * <p>Every trial is a pure function of the configuration and its spec, and results travel as the bytes of the trial's
 * files, so that the run directory is byte for byte the same whichever engine ran it, in whatever order.
 */
public interface TrialEngine extends AutoCloseable {

    /**
     * How one trial is computed, in whatever JVM calls it. Serializable, so that an engine can ship it to other JVMs;
     * a work that cannot travel (it holds test doubles) says so when serialized.
     *
     * @param <S> the trial spec
     * @param <R> the trial's result
     */
    interface Work<S extends Serializable, R extends Serializable> extends Serializable {
        /** Computes {@code trial}. */
        R run(S trial) throws IOException;
    }

    /** Receives finished trials; the runner writes each one before it returns. */
    @FunctionalInterface
    interface Sink<R> {
        void accept(R result) throws IOException;
    }

    /** A trial that failed (after the engine's retries), with its cause. */
    record Failure(Object trial, Throwable cause) {
        public Failure {
            Objects.requireNonNull(trial, "trial");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * Trials that failed while others finished: every finished trial was handed to the sink before this is thrown.
     * The message names each failed trial and its cause.
     */
    final class TrialsFailedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient List<Failure> failures;

        public TrialsFailedException(List<Failure> failures) {
            super(message(failures), failures.isEmpty() ? null : failures.get(0).cause());
            this.failures = List.copyOf(failures);
        }

        /** The failed trials, in the order they were asked for. */
        public List<Failure> failures() {
            return failures;
        }

        private static String message(List<Failure> failures) {
            List<String> parts = new ArrayList<>();
            for (Failure f : failures) {
                Throwable c = f.cause();
                parts.add(f.trial() + ": " + c.getClass().getSimpleName()
                        + (c.getMessage() == null ? "" : ": " + c.getMessage()));
            }
            return failures.size() + " trial(s) failed; the finished ones are kept (rerun the same command to run the"
                    + " failed ones again): " + String.join("; ", parts);
        }
    }

    /**
     * Runs {@code trials} and hands each finished one to {@code sink}, in any order.
     *
     * @param trials the trials to run, in the runner's order
     * @param work   computes one trial
     * @param sink   called once per finished trial, from one thread at a time
     * @throws TrialsFailedException if some trials failed; the others were handed to the sink first
     */
    <S extends Serializable, R extends Serializable> void execute(List<S> trials, Work<S, R> work, Sink<R> sink)
            throws IOException;

    /**
     * Whether trials run at once: a runner then interleaves its trials so that those running together rarely wait on
     * each other ({@link TrialWorker} runs one trial of a seed at a time).
     */
    default boolean parallel() {
        return false;
    }

    /** Releases what the engine holds (a Spark context it started). */
    @Override
    default void close() throws IOException {}

    /** This JVM, one trial after the other, in order. A trial that throws stops the run (its cause is rethrown). */
    TrialEngine LOCAL = new TrialEngine() {
        @Override
        public <S extends Serializable, R extends Serializable> void execute(
                List<S> trials, Work<S, R> work, Sink<R> sink) throws IOException {
            for (S t : trials) sink.accept(work.run(t));
        }

        @Override
        public String toString() {
            return "local";
        }
    };
}
