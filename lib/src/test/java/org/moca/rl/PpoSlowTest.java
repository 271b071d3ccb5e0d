package org.moca.rl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.moca.policy.GaussianPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.ScenarioFamilies;

/** The default-sized training: 20 iterations of 960 steps on 64 stable episodes, judged on 30 held-out ones. */
@Tag("slow")
class PpoSlowTest {

    @Test
    void defaultTrainingBeatsNoActionOnHeldOutStableEpisodesWithoutBreakingRecovery() {
        List<Episode> pool = RlFixtures.episodes(ScenarioFamilies.stable(), 64, 21);
        List<Episode> heldOut = RlFixtures.episodes(ScenarioFamilies.stable(), 30, 22);
        Ppo ppo = new Ppo(PpoConfig.defaults(), EnvConfig.defaults(), RlFixtures.LAYOUT);
        ppo.train(pool, 20);
        GaussianPolicy trained = ppo.policy();
        int better = 0, recoveredPpo = 0, recoveredNoAction = 0;
        double gain = 0;
        for (Episode e : heldOut) {
            double diff = PpoTest.meanReturn(List.of(e), trained) - PpoTest.meanReturn(List.of(e), null);
            gain += diff / heldOut.size();
            if (diff > 0) better++;
            if (SupplyChainEnvTest.run(e, PpoPolicy.deterministic(trained))
                    .metrics()
                    .recovered()) recoveredPpo++;
            if (SupplyChainEnvTest.run(e, SupplyChainEnvTest.NO_ACTION)
                    .metrics()
                    .recovered()) recoveredNoAction++;
        }
        assertTrue(gain > 0.1, "mean held-out gain over no-action " + gain);
        assertTrue(better >= 20, "PPO beats no-action on " + better + " of 30 held-out episodes");
        // the regression this guards: a policy that treats the episode's end as terminal runs the buffers down and
        // then never recovers from even a mild disturbance
        assertTrue(
                recoveredPpo >= recoveredNoAction - 2,
                "recovered: PPO " + recoveredPpo + ", no-action " + recoveredNoAction);
    }
}
