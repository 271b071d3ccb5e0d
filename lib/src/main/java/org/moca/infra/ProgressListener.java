package org.moca.infra;

/**
 * Receives the progress of a long loop from a {@link ProgressTracker}. The console implementations print; a notebook can
 * pass one that updates a display instead. Calls are serialized by the bar (never concurrent) and throttled.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Progress has been made; called at most about every {@link ProgressTracker#DEFAULT_INTERVAL_MILLIS} ms. */
    void onProgress(Progress progress);

    /** The loop has ended (the bar was closed); called once. By default the same as a last {@link #onProgress}. */
    default void onFinish(Progress progress) {
        onProgress(progress);
    }
}
