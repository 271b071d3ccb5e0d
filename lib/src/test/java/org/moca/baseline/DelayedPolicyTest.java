package org.moca.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;

class DelayedPolicyTest {

    private static final Testbed BED = Testbed.of(ReferenceNetworks.circularElectronicsNd());

    /** Asks every virgin supplier for everything, and counts the hours it was asked. */
    private static final class Counting implements RecoveryPolicy {
        final List<Integer> asked = new ArrayList<>();
        Controls nominal;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public void reset(Episode episode) {
            nominal = episode.nominal();
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            asked.add(view.hour());
            return all();
        }

        Controls all() {
            double[] p = nominal.procurement().clone();
            java.util.Arrays.fill(p, 1.0);
            return new Controls(p, nominal.utilization(), nominal.modeShares(), nominal.release(), nominal.routing());
        }
    }

    @Test
    void holdsTheNominalControlsForTheHoldHoursThenActs() {
        Episode e = BED.episode(ScenarioFamilies.blackSwan().sample(1, 2).get(0));
        int onset = e.scenario().onset();
        ActionCodec codec = new ActionCodec(BED.layout());
        for (boolean call : new boolean[] {true, false}) {
            Counting inner = new Counting();
            List<Controls> chosen = new ArrayList<>();
            List<Integer> hours = new ArrayList<>();
            BED.runner().run(e, new DelayedPolicy("held", inner, 5, call), (view, observed, c) -> {
                if (view.hour() >= onset) {
                    chosen.add(c.copy());
                    hours.add(view.hour());
                }
            });
            for (int i = 0; i < chosen.size(); i++) {
                double[] want = codec.encode(hours.get(i) < onset + 5 ? e.nominal() : inner.all());
                assertArrayEquals(want, codec.encode(chosen.get(i)), 1e-12, "hour " + hours.get(i));
            }
            // asked during the hold only when told to (the MPC needs no bookkeeping: its solves are saved)
            assertEquals(call ? onset : onset + 5, (int) inner.asked.get(0), "first hour asked, call=" + call);
        }
        assertThrows(IllegalArgumentException.class, () -> new DelayedPolicy("held", new Counting(), -1, false));
    }
}
