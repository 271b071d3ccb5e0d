package org.moca.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Controls;
import org.moca.sim.Disruption;
import org.moca.sim.RecoveryCriteria;

class ExpertActionTest {

    private static final ActionCodec CODEC = new ActionCodec(OptFixtures.REFERENCE);
    private static final ExpertAction EXPERT = new ExpertAction(CODEC);

    private static void assertSameControls(Controls want, Controls got, double tol) {
        assertArrayEquals(want.procurement(), got.procurement(), tol, "procurement");
        assertArrayEquals(want.utilization(), got.utilization(), tol, "utilization");
        assertArrayEquals(want.release(), got.release(), tol, "release");
        for (int i = 0; i < want.modeShares().length; i++)
            assertArrayEquals(want.modeShares()[i], got.modeShares()[i], tol, "modeShares " + i);
        for (int i = 0; i < want.routing().length; i++)
            assertArrayEquals(want.routing()[i], got.routing()[i], tol, "routing " + i);
    }

    @Test
    void decodingTheExpertActionReproducesTheMpcControls() {
        Episode e = OptFixtures.episodes(OptFixtures.shortBlackSwan(), 1, 3).get(0);
        CircularSupplySimulator sim = OptFixtures.atOnset(e);
        List<ObservedDisruption> observed = List.of();
        MpcExpertPolicy mpc = new MpcExpertPolicy(MpcConfig.defaults(), RecoveryCriteria.defaults());
        mpc.reset(e);
        for (int k = 0; k < 6; k++) {
            int t = sim.hour();
            observed = e.scenario().disruptions().stream()
                    .filter(d -> d.onset() <= t)
                    .map(d -> new ObservedDisruption(d.type(), d.target(), d.onset(), d.severity()))
                    .toList();
            WindowPlan plan = mpc.plan(sim, observed);
            Controls c = plan.controls(0);
            assertSameControls(c, CODEC.decode(EXPERT.action(plan)), 1e-9);
            sim.step(c);
        }
    }

    @Test
    void decodingTheExpertActionReproducesEveryHourOfTheOraclePlan() {
        Episode e = OptFixtures.episodes(OptFixtures.shortBlackSwan(), 1, 4).get(0);
        OraclePolicy oracle = new OraclePolicy(WindowLpConfig.defaults(), RecoveryCriteria.defaults());
        OptFixtures.RUNNER.run(e, oracle);
        for (int k = 0; k < oracle.plan().periods(); k++) {
            Controls c = oracle.plan().controls(k);
            assertSameControls(c, CODEC.decode(EXPERT.action(c)), 1e-9);
        }
    }

    @Test
    void unrepresentableControlsAreProjectedThenRoundTrip() {
        Controls nominal = OptFixtures.NOMINAL.controls();
        Controls raw = nominal.copy();
        raw.procurement()[0] = 1 + 1e-9; // solver round-off above capacity
        raw.utilization()[0] = -1e-12; // and below zero
        raw.release()[0] = Double.NaN; // a 0/0 ratio
        int multi = -1;
        for (int i = 0; i < raw.routing().length; i++) if (raw.routing()[i].length > 2) multi = i;
        raw.routing()[multi] = new double[raw.routing()[multi].length];
        raw.routing()[multi][0] = 0.7;
        raw.routing()[multi][1] = -1e-12;
        raw.routing()[multi][2] = 0.3 + 2e-12;
        Controls bad = raw;
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(bad), "the codec refuses invalid controls");
        Controls p = ExpertAction.project(raw);
        p.validate(OptFixtures.REFERENCE);
        assertEquals(1, p.procurement()[0]);
        assertEquals(0, p.utilization()[0]);
        assertEquals(0, p.release()[0]);
        assertEquals(0, p.routing()[multi][1]);
        assertEquals(0.7, p.routing()[multi][0], 1e-9);
        assertSameControls(p, CODEC.decode(EXPERT.action(p)), 1e-9);
    }

    @Test
    void assumedDisruptionsFollowThePrior() {
        Episode e = OptFixtures.episodes(OptFixtures.shortBlackSwan(), 1, 3).get(0);
        CircularSupplySimulator sim = OptFixtures.atOnset(e);
        Disruption d = e.scenario().disruptions().get(0);
        MpcConfig cfg = MpcConfig.defaults();
        MpcExpertPolicy mpc = new MpcExpertPolicy(cfg, RecoveryCriteria.defaults());
        List<ObservedDisruption> obs = List.of(new ObservedDisruption(d.type(), d.target(), d.onset(), d.severity()));
        // at onset: the prior's length
        assertEquals(cfg.priorDurationHours(), mpc.assumed(sim, obs).get(0).duration());
        for (int k = 0; k < 40; k++) sim.step(e.nominal());
        // 40 hours in and still in force: as long again as it has lasted
        assertEquals(
                Math.max(cfg.priorDurationHours(), 80),
                mpc.assumed(sim, obs).get(0).duration());
    }

    @Test
    void meanControlsOfAPlanWeighHoursNotPeriods() {
        Episode e = OptFixtures.episodes(OptFixtures.shortBlackSwan(), 1, 3).get(0);
        CircularSupplySimulator sim = OptFixtures.atOnset(e);
        List<ObservedDisruption> observed = e.scenario().disruptions().stream()
                .map(d -> new ObservedDisruption(d.type(), d.target(), d.onset(), d.severity()))
                .toList();
        MpcExpertPolicy mpc = new MpcExpertPolicy(MpcConfig.defaults(), RecoveryCriteria.defaults());
        mpc.reset(e);
        WindowPlan plan = mpc.plan(sim, observed);
        assertSameControls(plan.controls(0), plan.meanControls(1), 1e-12);
        // the first fineHours periods are hours: the mean over 6 hours is the plain mean of their controls
        assertSameControls(
                Controls.mean(List.of(
                        plan.controls(0),
                        plan.controls(1),
                        plan.controls(2),
                        plan.controls(3),
                        plan.controls(4),
                        plan.controls(5))),
                plan.meanControls(6),
                1e-12);
        // past the hourly part, a block counts once per hour it covers
        int fine = MpcConfig.defaults().fineHours(),
                block = MpcConfig.defaults().blockHours();
        List<Controls> hours = new java.util.ArrayList<>();
        for (int k = 0; k < fine; k++) hours.add(plan.controls(k));
        for (int h = 0; h < block; h++) hours.add(plan.controls(fine));
        assertSameControls(Controls.mean(hours), plan.meanControls(fine + block), 1e-12);
        plan.meanControls(6).validate(OptFixtures.REFERENCE);
        assertThrows(IllegalArgumentException.class, () -> plan.meanControls(0));
        // from a later hour: the hours [from, from + n) of the plan, across the fine/block boundary
        List<Controls> later = new java.util.ArrayList<>();
        for (int k = fine - 2; k < fine; k++) later.add(plan.controls(k));
        for (int h = 0; h < 3; h++) later.add(plan.controls(fine));
        assertSameControls(Controls.mean(later), plan.meanControls(fine - 2, 5), 1e-12);
        assertSameControls(plan.meanControls(6), plan.meanControls(0, 6), 0);
        assertSameControls(plan.controls(fine), plan.controlsAtHour(fine + block - 1), 0);
        assertSameControls(plan.controls(fine + 1), plan.controlsAtHour(fine + block), 0);
        assertSameControls(plan.controls(2), plan.controlsAtHour(2), 0);
        assertThrows(IllegalArgumentException.class, () -> plan.meanControls(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> plan.controlsAtHour(-1));
    }
}
