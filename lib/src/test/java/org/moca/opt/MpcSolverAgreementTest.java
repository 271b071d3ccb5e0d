package org.moca.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.sim.Controls;
import org.moca.sim.RecoveryCriteria;

/**
 * The unique plan ({@link WindowLpConfig#uniquePlan()}) makes the experts solver-independent: the MPC's realized
 * service on seeded black-swan episodes agrees within 1% across HiGHS and GLOP, and the oracle's executed controls agree
 * hour by hour to 1e-6.
 */
class MpcSolverAgreementTest {

    private static final double CONTROL_TOLERANCE = 1e-6;

    private static MpcExpertPolicy mpc(LpBackend b) {
        MpcConfig c = MpcConfig.defaults();
        return new MpcExpertPolicy(c.withLp(c.lp().withBackend(b)), RecoveryCriteria.defaults());
    }

    @Test
    void mpcRealizedServiceAgreesAcrossSolvers() {
        for (Episode e : OptFixtures.episodes(OptFixtures.shortBlackSwan(), 2, 21)) {
            EpisodeRunner.Result highs = OptFixtures.RUNNER.run(e, mpc(LpBackend.HIGHS));
            EpisodeRunner.Result glop = OptFixtures.RUNNER.run(e, mpc(LpBackend.GLOP));
            double a = highs.metrics().fulfilled(), b = glop.metrics().fulfilled();
            assertEquals(
                    a,
                    b,
                    0.01 * a,
                    "MPC delivered units, HiGHS vs GLOP, " + e.scenario().label());
            double[] sa = highs.trace().serviceCurve(), sb = glop.trace().serviceCurve();
            double ta = 0, tb = 0;
            for (int t = e.scenario().onset(); t < sa.length; t++) {
                ta += sa[t];
                tb += sb[t];
            }
            assertEquals(
                    ta,
                    tb,
                    0.01 * ta,
                    "MPC service after onset, HiGHS vs GLOP, " + e.scenario().label());
        }
    }

    @Test
    void oracleControlsAgreeAcrossSolvers() {
        Episode e = OptFixtures.episodes(OptFixtures.shortBlackSwan(), 1, 4).get(0);
        OraclePolicy highs = new OraclePolicy(WindowLpConfig.defaults(), RecoveryCriteria.defaults());
        OraclePolicy glop =
                new OraclePolicy(WindowLpConfig.defaults().withBackend(LpBackend.GLOP), RecoveryCriteria.defaults());
        OptFixtures.RUNNER.run(e, highs);
        OptFixtures.RUNNER.run(e, glop);
        for (int k = 0; k < highs.plan().periods(); k++) {
            Controls a = highs.plan().controls(k), b = glop.plan().controls(k);
            String at = e.scenario().label() + ", plan hour " + k;
            assertArrayEquals(a.procurement(), b.procurement(), CONTROL_TOLERANCE, "procurement, " + at);
            assertArrayEquals(a.utilization(), b.utilization(), CONTROL_TOLERANCE, "utilization, " + at);
            assertArrayEquals(a.release(), b.release(), CONTROL_TOLERANCE, "release, " + at);
            for (int i = 0; i < a.routing().length; i++)
                assertArrayEquals(a.routing()[i], b.routing()[i], CONTROL_TOLERANCE, "routing " + i + ", " + at);
            for (int i = 0; i < a.modeShares().length; i++)
                assertArrayEquals(a.modeShares()[i], b.modeShares()[i], CONTROL_TOLERANCE, "modes " + i + ", " + at);
        }
    }
}
