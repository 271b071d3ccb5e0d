package org.moca.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.moca.experiment.Testbed;
import org.moca.meta.RolloutTaskLoss;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.StateEncoder;

/** What a rollout-signal test watches: each hour's encoded state, chosen controls and an onlooker's rollout start. */
final class OnlookerSteps {

    record Step(int hour, double[] state, Controls controls, RolloutTaskLoss.Start start) {}

    private OnlookerSteps() {}

    /**
     * Runs {@code policy} on {@code episode} and records the hours where {@code recorded(hour, first observed onset or
     * -1)} holds, each with the start a fresh default MPC builds there (as the policy's own planner would).
     */
    static List<Step> record(
            Testbed bed,
            RecoveryCriteria criteria,
            int horizon,
            Episode episode,
            RecoveryPolicy policy,
            BiPredicate<Integer, Integer> recorded) {
        StateEncoder enc = new StateEncoder(bed.layout());
        MpcExpertPolicy onlooker = new MpcExpertPolicy(MpcConfig.defaults(), criteria);
        onlooker.reset(episode);
        List<Step> steps = new ArrayList<>();
        bed.runner().run(episode, policy, (view, observed, controls) -> {
            if (recorded.test(view.hour(), KnownDisruptions.firstOnset(observed)))
                steps.add(new Step(
                        view.hour(),
                        KnownDisruptions.encode(enc, view, observed),
                        controls.copy(),
                        RolloutStarts.at(view, observed, onlooker, criteria, horizon)));
        });
        return steps;
    }
}
