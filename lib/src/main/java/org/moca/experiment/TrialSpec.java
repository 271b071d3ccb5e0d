package org.moca.experiment;

import java.io.Serializable;
import java.util.Objects;

/**
 * One trial of an experiment: a method trained (if it learns) and evaluated on one seed's episodes of every test
 * family. A pure function of the experiment's configuration, the method and the seed, so that any engine may run it
 * anywhere ({@link TrialEngine}).
 *
 * @param method a registered method ({@link Methods})
 * @param seed   one of the configuration's seeds
 */
public record TrialSpec(String method, long seed) implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrialSpec {
        Objects.requireNonNull(method, "method");
    }

    @Override
    public String toString() {
        return method + " seed " + seed;
    }
}
