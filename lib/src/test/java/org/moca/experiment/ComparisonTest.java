package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.moca.baseline.HeuristicConfig;
import org.moca.baseline.HeuristicPolicy;
import org.moca.baseline.NoActionPolicy;
import org.moca.opt.OptFixtures;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.ScenarioFamilies;

class ComparisonTest {

    @Test
    void resultsAreGroupedByPolicyInEpisodeOrderAndMatchSingleRuns() {
        List<Episode> eps = OptFixtures.episodes(ScenarioFamilies.training(), 3, 2);
        Map<String, List<EpisodeRunner.Result>> r = new Comparison(OptFixtures.RUNNER)
                .run(eps, List.of(new NoActionPolicy(), new HeuristicPolicy(HeuristicConfig.defaults())));
        assertEquals(List.of("no-action", "heuristic"), List.copyOf(r.keySet()));
        for (int i = 0; i < eps.size(); i++) {
            assertEquals(eps.get(i).scenario(), r.get("heuristic").get(i).scenario());
            assertEquals(OptFixtures.RUNNER.run(eps.get(i), new NoActionPolicy()).metrics(), r.get("no-action").get(i).metrics());
        }
    }

    @Test
    void twoPoliciesWithOneNameAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Comparison(OptFixtures.RUNNER)
                .run(List.of(), List.of(new NoActionPolicy(), new NoActionPolicy())));
    }
}
