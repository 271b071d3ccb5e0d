package org.moca.baseline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.moca.opt.OptFixtures;
import org.moca.scenario.Episode;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.EpisodeMetrics;

class HeuristicPolicyTest {

    @Test
    void heuristicLosesLessDemandThanNoActionOnTheBlackSwan() {
        int better = 0, n = 0;
        for (Episode e : OptFixtures.episodes(ScenarioFamilies.blackSwan(), 6, 21)) {
            EpisodeMetrics none =
                    OptFixtures.RUNNER.run(e, new NoActionPolicy()).metrics();
            EpisodeMetrics rule = OptFixtures.RUNNER
                    .run(e, new HeuristicPolicy(HeuristicConfig.defaults()))
                    .metrics();
            assertTrue(
                    rule.unmetDemand() <= none.unmetDemand() + 1e-9,
                    e.scenario().label() + ": heuristic unmet " + rule.unmetDemand() + " > no-action "
                            + none.unmetDemand());
            if (rule.unmetDemand() < none.unmetDemand() - 1) better++;
            n++;
        }
        assertTrue(
                better == n,
                "the heuristic should clearly beat no-action on every black-swan episode, did on " + better + "/" + n);
    }

    @Test
    void noActionKeepsTheNominalControls() {
        Episode e = OptFixtures.episodes(ScenarioFamilies.blackSwan(), 1, 1).get(0);
        NoActionPolicy p = new NoActionPolicy();
        p.reset(e);
        assertTrue(p.act(OptFixtures.atOnset(e), java.util.List.of()).equals(e.nominal()));
    }
}
