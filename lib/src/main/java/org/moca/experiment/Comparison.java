package org.moca.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.RecoveryPolicy;

/**
 * Runs several policies over the same episodes (common random numbers: every policy meets the same disruptions,
 * demand, yields and delays) and returns the per-episode results, grouped by policy in the order given. Statistics and
 * tables are built on top of this by the caller.
 */
public final class Comparison {

    private final EpisodeRunner runner;

    public Comparison(EpisodeRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * @return per policy name (in the order of {@code policies}), the results of every episode in the order of
     *         {@code episodes}
     * @throws IllegalArgumentException if two policies share a name
     */
    public Map<String, List<EpisodeRunner.Result>> run(List<Episode> episodes, List<? extends RecoveryPolicy> policies) {
        Objects.requireNonNull(episodes, "episodes");
        Map<String, List<EpisodeRunner.Result>> out = new LinkedHashMap<>();
        for (RecoveryPolicy p : policies) {
            if (out.put(p.name(), new ArrayList<>()) != null) throw new IllegalArgumentException("two policies are named " + p.name());
        }
        for (Episode e : episodes) for (RecoveryPolicy p : policies) out.get(p.name()).add(runner.run(e, p));
        return out;
    }
}
