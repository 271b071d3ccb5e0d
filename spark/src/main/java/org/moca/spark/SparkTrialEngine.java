package org.moca.spark;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.moca.experiment.TrialEngine;

/**
 * Runs trials as Spark tasks: one Spark job of one task per trial, all submitted at once, so that Spark's FIFO
 * scheduler starts them in order as executor slots free up, retries a task that fails (up to
 * {@code spark.task.maxFailures}; in local mode the second number of {@code local[N,F]}), and every trial comes back to
 * the driver (and is written) as soon as it finishes. A trial that keeps failing is reported with its cause after the
 * others have finished; nothing finished is lost.
 *
 * <p>The work travels to the executors by Java serialization ({@link TrialEngine.Work}); results come back as the
 * bytes of the trial's files, so the run directory is byte for byte the local engine's.
 */
public final class SparkTrialEngine implements TrialEngine {

    /** How often the driver looks for finished trials. */
    private static final long POLL_MILLIS = 100;

    private final JavaSparkContext spark;
    private final boolean owned;

    /** An engine on a context someone else manages (and stops). */
    public SparkTrialEngine(JavaSparkContext spark) {
        this(spark, false);
    }

    private SparkTrialEngine(JavaSparkContext spark, boolean owned) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.owned = owned;
    }

    /**
     * An engine on a new Spark context, stopped by {@link #close}.
     *
     * @param master a Spark master URL ({@code local[2]}, {@code spark://host:7077}, {@code yarn}, ...), or null to take
     *               the one {@code spark-submit} set ({@code spark.master})
     * @param app    the application name shown in Spark's UI
     */
    public static SparkTrialEngine start(String master, String app) {
        SparkEnvironment.check();
        SparkConf conf = new SparkConf().setAppName(Objects.requireNonNull(app, "app"));
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master"))
            throw new IllegalArgumentException("--master: no Spark master given (for example --master local[2]), and"
                    + " none was set by spark-submit");
        // one BLAS thread per task: the executors' cores run trials, not intra-op threads (DESIGN.md section 8)
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return new SparkTrialEngine(new JavaSparkContext(conf), true);
    }

    /** The Spark context trials run on. */
    public JavaSparkContext context() {
        return spark;
    }

    @Override
    public <S extends Serializable, R extends Serializable> void execute(
            List<S> trials, TrialEngine.Work<S, R> work, TrialEngine.Sink<R> sink) throws IOException {
        List<S> pending = new ArrayList<>(trials);
        List<JavaFutureAction<List<R>>> futures = new ArrayList<>();
        for (S trial : pending) {
            spark.setJobDescription("moca trial " + trial);
            futures.add(spark.parallelize(List.of(trial), 1).map(work::run).collectAsync());
        }
        spark.setJobDescription(null);
        List<TrialEngine.Failure> failures = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) open.add(i);
        try {
            while (!open.isEmpty()) {
                boolean progressed = false;
                for (var it = open.iterator(); it.hasNext(); ) {
                    int i = it.next();
                    JavaFutureAction<List<R>> f = futures.get(i);
                    if (!f.isDone()) continue;
                    it.remove();
                    progressed = true;
                    try {
                        for (R r : f.get()) sink.accept(r);
                    } catch (ExecutionException e) {
                        failures.add(new TrialEngine.Failure(pending.get(i), rootCause(e)));
                    }
                }
                if (!progressed) Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            for (int i : open) futures.get(i).cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted with " + open.size() + " trial(s) still running on Spark");
        } catch (IOException | RuntimeException e) {
            for (int i : open) futures.get(i).cancel(true);
            throw e;
        }
        failures.sort(java.util.Comparator.comparingInt(f -> pending.indexOf(f.trial())));
        if (!failures.isEmpty()) throw new TrialEngine.TrialsFailedException(failures);
    }

    /**
     * The executor's exception: Spark wraps a task's failure in a SparkException whose message carries the task's
     * stack trace as text; its cause, when Spark could deserialize it, is the task's own exception.
     */
    private static Throwable rootCause(ExecutionException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        return c.getCause() != null ? c.getCause() : c;
    }

    @Override
    public boolean parallel() {
        return true;
    }

    @Override
    public void close() {
        if (owned) spark.stop();
    }

    @Override
    public String toString() {
        return "spark " + spark.master();
    }
}
