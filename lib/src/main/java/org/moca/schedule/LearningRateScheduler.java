package org.moca.schedule;

/**
 * Chooses a learning rate from the scores the previous choices obtained. The protocol is ask-then-tell:
 * <pre>
 *   double lr = scheduler.learningRate();   // train or adapt with lr ...
 *   scheduler.report(score);                // ... and report the score it reached (higher is better)
 * </pre>
 * Implementations never move to a learning rate whose score they have not been told.
 */
public interface LearningRateScheduler {

    /** The learning rate to use next; unchanged until {@link #report} is called. */
    double learningRate();

    /** Reports the score (higher is better, finite) obtained with the current {@link #learningRate()}. */
    void report(double score);

    /** The best learning rate reported so far with its score; empty score (NaN) before the first report. */
    Evaluated best();

    /** A learning rate and the score it obtained. */
    record Evaluated(double learningRate, double score) {}
}
