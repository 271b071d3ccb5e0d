package org.moca.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.graph.CircularityScore;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.Controls;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;

class SupplyChainEnvTest {

    static final RecoveryPolicy NO_ACTION = new RecoveryPolicy() {
        private Controls nominal;

        @Override
        public String name() {
            return "no-action";
        }

        @Override
        public void reset(Episode episode) {
            nominal = episode.nominal();
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            return nominal;
        }
    };

    static EpisodeRunner.Result run(Episode e, RecoveryPolicy p) {
        CircularityScore c = new CircularityScore(e.layout().network());
        return new EpisodeRunner(RecoveryCriteria.defaults(), c::score).run(e, p);
    }

    @Test
    void nominalActionsReproduceTheRunnersNoActionTraceAndTheDocumentedReward() {
        Episode e = RlFixtures.episodes(ScenarioFamilies.stable(), 1, 7).get(0);
        EnvConfig config = new EnvConfig(1.0, 0.3, 48);
        SupplyChainEnv env = new SupplyChainEnv(e, config);
        double[] expected = RlFixtures.rewardsFromTrace(e, run(e, NO_ACTION).trace(), config);
        int onset = e.scenario().onset();
        double[] s = env.reset();
        assertEquals(new StateEncoder(e.layout()).dimension(), s.length);
        assertEquals(48, env.steps());
        double[] nominal = env.nominalAction();
        for (int k = 0; k < 48; k++) {
            SupplyChainEnv.Step step = env.step(nominal);
            assertEquals(expected[k], step.reward(), 1e-9, "hour " + (onset + k));
            assertEquals(k == 47, step.done());
        }
        assertThrows(IllegalStateException.class, () -> env.step(nominal));
    }

    @Test
    void windowZeroRunsToTheHorizonAndResetStartsOver() {
        Episode e = RlFixtures.episodes(ScenarioFamilies.stable(), 1, 8).get(0);
        SupplyChainEnv env = new SupplyChainEnv(e, new EnvConfig(1.0, 0.1, 0));
        assertEquals(e.scenario().horizon() - e.scenario().onset(), env.steps());
        double[] nominal = env.nominalAction();
        double first = env.episodeReturn(a -> nominal);
        assertEquals(first, env.episodeReturn(a -> nominal), 0, "same actions, same realization, same return");
        assertThrows(IllegalStateException.class, () -> new SupplyChainEnv(e, EnvConfig.defaults()).step(nominal));
    }

    @Test
    void theOnsetFeatureMatchesWhatAPolicyObserves() {
        Episode e = RlFixtures.episodes(ScenarioFamilies.stable(), 1, 9).get(0);
        SupplyChainEnv env = new SupplyChainEnv(e, EnvConfig.defaults());
        double[] s = env.reset();
        // the elapsed-time feature sits before the disruption-type flags; at onset it is 0, one hour later 1/72
        int elapsed = s.length - org.moca.sim.DisruptionType.values().length - 1;
        assertEquals(0.0, s[elapsed], 0);
        double[] next = env.step(env.nominalAction()).state();
        assertEquals(1.0 / 72, next[elapsed], 1e-12);
        // the stable family's disruptions start at onset: after its first hour the type's flag is up
        assertEquals(e.scenario().onset(), e.scenario().disruptions().get(0).onset());
        assertEquals(
                1.0, next[elapsed + 1 + e.scenario().disruptions().get(0).type().ordinal()], 0);
    }

    @Test
    void configValidationNamesTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EnvConfig(-1, 0.1, 48))
                .getMessage()
                .contains("unmetWeight"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EnvConfig(1, Double.NaN, 48))
                .getMessage()
                .contains("costWeight"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EnvConfig(1, 0.1, -1))
                .getMessage()
                .contains("hoursAfterOnset"));
        assertThrows(IllegalArgumentException.class, () -> new EnvConfig(0, 0, 48));
    }
}
