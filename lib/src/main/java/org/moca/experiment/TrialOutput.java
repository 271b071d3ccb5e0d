package org.moca.experiment;

import java.io.Serializable;
import java.util.Objects;

/**
 * A finished trial as the bytes of its two files: the trial table ({@code trials/<method>__seed<k>.csv}) and the
 * episodes' service curves ({@code curves/<method>__seed<k>.csv.gz}), exactly as {@link ExperimentRunner} writes them.
 * Engines move trials as bytes, so that a trial computed in another JVM or on another machine lands byte for byte as
 * a local one.
 *
 * @param spec      the trial
 * @param trial     the trial table, UTF-8 CSV ({@link TrialTable#write})
 * @param curves    the curves table, gzip-compressed CSV ({@link TrialTable#writeCurves})
 * @param seconds   wall time of the trial where it ran (training and evaluation)
 */
public record TrialOutput(TrialSpec spec, byte[] trial, byte[] curves, double seconds) implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrialOutput {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(curves, "curves");
    }
}
