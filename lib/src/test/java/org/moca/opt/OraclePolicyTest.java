package org.moca.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.baseline.HeuristicConfig;
import org.moca.baseline.HeuristicPolicy;
import org.moca.baseline.NoActionPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.RecoveryCriteria;

/**
 * The oracle's LP is an exact model of the episode: no policy delivers more in the recovery window than its
 * max-fulfilment optimum, and the simulator executing the oracle's plan delivers what the plan says.
 */
class OraclePolicyTest {

    private static final int WINDOW = RecoveryCriteria.defaults().windowHours();

    @Test
    void noPolicyDeliversMoreThanTheOraclesOptimum() {
        List<Episode> episodes = OptFixtures.episodes(OptFixtures.shortBlackSwan(), 2, 11);
        List<RecoveryPolicy> policies = List.of(
                new NoActionPolicy(),
                new HeuristicPolicy(HeuristicConfig.defaults()),
                new MpcExpertPolicy(MpcConfig.defaults(), RecoveryCriteria.defaults()),
                new OraclePolicy(WindowLpConfig.defaults(), RecoveryCriteria.defaults()));
        for (Episode e : episodes) {
            CircularSupplySimulator sim = OptFixtures.atOnset(e);
            OraclePolicy oracle = new OraclePolicy(WindowLpConfig.defaults(), RecoveryCriteria.defaults());
            oracle.reset(e);
            WindowProblem problem = oracle.problem(sim);
            double bound = new WindowLp(e.layout(), WindowLpConfig.defaults()).maxFulfilment(problem, 0, WINDOW);
            for (RecoveryPolicy p : policies) {
                EpisodeRunner.Result r = OptFixtures.RUNNER.run(e, p);
                assertTrue(
                        r.metrics().fulfilled() <= bound * (1 + 1e-7),
                        p.name() + " delivered " + r.metrics().fulfilled() + " > bound " + bound + " on "
                                + e.scenario().label());
            }
        }
    }

    @Test
    void theSimulatorDeliversTheOraclesPlan() {
        for (Episode e : OptFixtures.episodes(OptFixtures.shortBlackSwan(), 2, 5)) {
            OraclePolicy oracle = new OraclePolicy(WindowLpConfig.defaults(), RecoveryCriteria.defaults());
            EpisodeRunner.Result r = OptFixtures.RUNNER.run(e, oracle);
            WindowPlan plan = oracle.plan();
            assertEquals(
                    plan.fulfilled(0, WINDOW),
                    r.metrics().fulfilled(),
                    1e-6 * r.metrics().fulfilled(),
                    e.scenario().label());
            int onset = e.scenario().onset();
            for (int k = 0; k < WINDOW; k++) {
                assertEquals(
                        plan.served(k),
                        r.trace().served(onset + k),
                        1e-6,
                        e.scenario().label() + " hour " + k);
            }
        }
    }
}
