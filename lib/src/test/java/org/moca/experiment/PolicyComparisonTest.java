package org.moca.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.moca.baseline.HeuristicConfig;
import org.moca.baseline.HeuristicPolicy;
import org.moca.baseline.NoActionPolicy;
import org.moca.graph.ReferenceNetworks;
import org.moca.scenario.Episode;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import tech.tablesaw.api.Table;

class PolicyComparisonTest {

    private static final Testbed BED = Testbed.of(ReferenceNetworks.circularElectronicsNd());

    @Test
    void resultsAreGroupedByPolicyInEpisodeOrderAndMatchSingleRuns() {
        List<Episode> eps = BED.episodes(ScenarioFamilies.training(), 3, 2);
        Map<String, Supplier<RecoveryPolicy>> policies = new LinkedHashMap<>();
        policies.put("no-action", NoActionPolicy::new);
        policies.put("heuristic", () -> new HeuristicPolicy(HeuristicConfig.defaults()));
        PolicyComparison.Results r = new PolicyComparison(BED).run(eps, policies, "no-action", null);
        assertEquals(List.of("no-action", "heuristic"), List.copyOf(r.byPolicy().keySet()));
        for (int i = 0; i < eps.size(); i++) {
            assertEquals(
                    eps.get(i).scenario(), r.byPolicy().get("heuristic").get(i).scenario());
            assertEquals(
                    BED.runner().run(eps.get(i), new NoActionPolicy()).metrics(),
                    r.byPolicy().get("no-action").get(i).metrics());
        }
        Table all = PolicyComparison.summary(r);
        long variants = eps.stream().map(e -> e.scenario().variant()).distinct().count();
        assertEquals(2 * (1 + (variants > 1 ? variants : 0)), all.rowCount(), "pooled rows, then one per variant");
        Table t = all.where(all.stringColumn("variant").isEqualTo(Summary.ALL_VARIANTS));
        assertEquals(2, t.rowCount());
        assertEquals(0.0, t.doubleColumn("recovered_loss_share").getDouble(0), 1e-12, "no-action against itself");
        for (int i = 0; i < 2; i++) {
            double rate = t.doubleColumn("recovered_48h").getDouble(i);
            assertTrue(t.doubleColumn("r48_ci_low").getDouble(i) <= rate
                    && rate <= t.doubleColumn("r48_ci_high").getDouble(i));
        }
        assertEquals(2, PolicyComparison.display(all).rowCount());
    }

    @Test
    void theReferencePolicyMustBeAmongThePolicies() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new PolicyComparison(BED)
                        .run(
                                List.of(),
                                Map.of("heuristic", () -> new HeuristicPolicy(HeuristicConfig.defaults())),
                                "no-action",
                                null));
    }
}
