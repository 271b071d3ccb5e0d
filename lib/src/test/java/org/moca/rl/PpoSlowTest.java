package org.moca.rl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.moca.scenario.Episode;
import org.moca.scenario.ScenarioFamilies;

/** The default-sized training: 20 iterations of 960 steps on 64 stable episodes, judged on 30 held-out ones. */
@Tag("slow")
class PpoSlowTest {

    @Test
    void defaultTrainingBeatsNoActionOnMostHeldOutStableEpisodes() {
        List<Episode> pool = RlFixtures.episodes(ScenarioFamilies.stable(), 64, 21);
        List<Episode> heldOut = RlFixtures.episodes(ScenarioFamilies.stable(), 30, 22);
        Ppo ppo = new Ppo(PpoConfig.defaults(), EnvConfig.defaults(), RlFixtures.LAYOUT);
        ppo.train(pool, 20);
        int better = 0;
        double gain = 0;
        for (Episode e : heldOut) {
            double diff = PpoTest.meanReturn(List.of(e), ppo.policy()) - PpoTest.meanReturn(List.of(e), null);
            gain += diff / heldOut.size();
            if (diff > 0) better++;
        }
        assertTrue(gain > 0.1, "mean held-out gain over no-action " + gain);
        assertTrue(better >= 24, "PPO beats no-action on " + better + " of 30 held-out episodes");
    }
}
