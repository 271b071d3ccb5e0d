package org.moca.opt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.moca.baseline.HeuristicConfig;
import org.moca.baseline.HeuristicPolicy;
import org.moca.baseline.NoActionPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.RecoveryCriteria;

/**
 * Benchmark health on the reference test family (issue 3, item 7): the oracle recovers within 48 h in at least 90% of
 * 30 black-swan episodes, no-action in at most 30%, the MPC expert and the heuristic in between. Slow (the oracle solves
 * a 96-hour LP per episode, the MPC one LP per hour): run with {@code mvn -Pslow -pl lib test -Dtest=BenchmarkHealthTest}.
 */
@Tag("slow")
class BenchmarkHealthTest {

    @Test
    void oracleRecoversNearlyAlwaysAndNoActionRarely() {
        List<Episode> episodes = OptFixtures.episodes(ScenarioFamilies.blackSwan(), 30, 7);
        Map<String, List<EpisodeRunner.Result>> r = new java.util.LinkedHashMap<>();
        for (RecoveryPolicy p : List.of(
                new NoActionPolicy(),
                new HeuristicPolicy(HeuristicConfig.defaults()),
                new MpcExpertPolicy(MpcConfig.defaults(), RecoveryCriteria.defaults()),
                new OraclePolicy(WindowLpConfig.defaults(), RecoveryCriteria.defaults()))) {
            r.put(
                    p.name(),
                    episodes.stream().map(e -> OptFixtures.RUNNER.run(e, p)).toList());
        }
        double none = rate(r.get("no-action")),
                rule = rate(r.get("heuristic")),
                mpc = rate(r.get("mpc")),
                oracle = rate(r.get("oracle"));
        String summary = "recovery within 48 h: no-action " + none + ", heuristic " + rule + ", mpc " + mpc
                + ", oracle " + oracle;
        assertTrue(oracle >= 0.9, summary);
        assertTrue(none <= 0.3, summary);
        assertTrue(none <= rule && rule <= oracle, summary);
        assertTrue(none <= mpc && mpc <= oracle, summary);
    }

    private static double rate(List<EpisodeRunner.Result> rs) {
        return rs.stream().filter(x -> x.metrics().recovered()).count() / (double) rs.size();
    }
}
