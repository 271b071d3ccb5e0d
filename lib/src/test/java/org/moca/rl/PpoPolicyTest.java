package org.moca.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.policy.GaussianPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.EpisodeTrace;

class PpoPolicyTest {

    /** A residual policy that really moves the controls: the fresh policy's head scaled up. */
    static GaussianPolicy strongResidual() {
        GaussianPolicy p = new Ppo(PpoConfig.defaults(), EnvConfig.defaults(), RlFixtures.LAYOUT).policy();
        p.layout().headView(p.parameterView()).muli(50);
        return p;
    }

    @Test
    void inTheRunnerItSeesAndDoesWhatItDidInTheEnvironment() {
        // a compound black-swan episode: its second disruption starts after onset, so the observed onset logic matters
        Episode e = RlFixtures.episodes(ScenarioFamilies.blackSwan(), 3, 5).stream()
                .filter(x -> x.scenario().disruptions().size() > 1)
                .findFirst()
                .orElseThrow();
        GaussianPolicy residual = strongResidual();
        EpisodeTrace trace =
                SupplyChainEnvTest.run(e, PpoPolicy.deterministic(residual)).trace();
        EnvConfig config = new EnvConfig(1.0, 0.1, 0);
        double fromRunner =
                Arrays.stream(RlFixtures.rewardsFromTrace(e, trace, config)).sum();
        PpoPolicy p = PpoPolicy.deterministic(residual);
        p.reset(e);
        double fromEnv = new SupplyChainEnv(e, config).episodeReturn(p::action);
        assertEquals(fromRunner, fromEnv, 1e-9);
        double noAction = Arrays.stream(RlFixtures.rewardsFromTrace(
                        e,
                        SupplyChainEnvTest.run(e, SupplyChainEnvTest.NO_ACTION).trace(),
                        config))
                .sum();
        assertTrue(
                Math.abs(fromEnv - noAction) > 1e-3,
                "the residual must change the outcome for this test to mean anything");
    }

    @Test
    void stochasticVariantIsSeededPerEpisode() {
        Episode e = RlFixtures.episodes(ScenarioFamilies.stable(), 1, 6).get(0);
        GaussianPolicy residual = strongResidual();
        // hourly cost: sensitive to every control (service may stay at 1 whatever the sampled actions)
        double[] a = costs(
                SupplyChainEnvTest.run(e, PpoPolicy.stochastic(residual, 9)).trace());
        double[] b = costs(
                SupplyChainEnvTest.run(e, PpoPolicy.stochastic(residual, 9)).trace());
        double[] c = costs(
                SupplyChainEnvTest.run(e, PpoPolicy.stochastic(residual, 10)).trace());
        assertArrayEquals(a, b, 0);
        assertFalse(Arrays.equals(a, c));
        assertEquals("ppo", PpoPolicy.deterministic(residual).name());
        assertEquals("ppo-stochastic", PpoPolicy.stochastic(residual, 9).name());
    }

    private static double[] costs(org.moca.sim.EpisodeTrace t) {
        double[] c = new double[t.hours()];
        for (int h = 0; h < c.length; h++) c[h] = t.cost(h);
        return c;
    }

    @Test
    void keepsItsOwnCopyAndRejectsAnotherNetwork() {
        GaussianPolicy residual = strongResidual();
        PpoPolicy p = PpoPolicy.deterministic(residual);
        Episode e = RlFixtures.episodes(ScenarioFamilies.stable(), 1, 6).get(0);
        double before = SupplyChainEnvTest.run(e, p).trace().service(60);
        residual.parameterView().assign(0);
        assertEquals(
                before,
                SupplyChainEnvTest.run(e, p).trace().service(60),
                0,
                "later changes to the trained policy do not leak in");
        GaussianPolicy other = GaussianPolicy.initialize(
                org.moca.policy.PolicyConfig.of(3, 2, 4), org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1);
        assertThrows(
                IllegalArgumentException.class,
                () -> PpoPolicy.deterministic(other).reset(e));
        assertThrows(
                IllegalStateException.class,
                () -> PpoPolicy.deterministic(residual).act(null, List.of()));
    }
}
