package org.moca.spark;

import org.moca.experiment.TrialEngine;
import org.moca.experiment.TrialEngines;

/** {@code --engine spark}: a {@link SparkTrialEngine} on a new Spark context at {@code --master}. */
public final class SparkEngineProvider implements TrialEngines.Provider {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public TrialEngine open(String master, String app) {
        return SparkTrialEngine.start(master, app);
    }
}
