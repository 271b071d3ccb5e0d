package org.moca.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.moca.opt.PlanningPolicy;
import org.moca.opt.WindowPlan;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.Disruption;
import org.moca.sim.HourFactors;
import org.moca.sim.NetworkIndex;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;
import org.moca.twin.DifferentiableTwin;
import org.moca.twin.TwinObjective;
import org.moca.twin.TwinState;

/**
 * The support set of deployment protocol v2's onset hour, made from one plan of the expert (docs/learning.md,
 * "Deployment protocol v2"). {@link AdaptationConfig.OnsetSupport#OBSERVED}: the observed state labelled with the
 * plan's controls averaged over {@code labelHours}. {@link AdaptationConfig.OnsetSupport#PLAN}: the states the
 * expert's own model predicts for the plan's first {@code supportHours} hours — the differentiable twin rolled forward
 * from the observed state under the plan's hourly controls and the expert's forecast — each labelled with the plan's
 * controls averaged over {@code labelHours} from that hour. The predicted states encode the disruptions in force now
 * as continuing, as the expert assumes. One LP solve; the twin's steps are O(network) each.
 *
 * <p>The deployed policy ({@link AdaptivePolicy}) and the hypernetwork's training ({@link Training#onsetSupports})
 * build it here, so the hypernetwork learns from the support sets it meets.
 */
final class OnsetSupport {

    private final NetworkIndex layout;
    private final StateEncoder encoder;
    private final ActionCodec codec;
    private final DifferentiableTwin twin;

    OnsetSupport(NetworkIndex layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        encoder = new StateEncoder(layout);
        codec = new ActionCodec(layout);
        twin = new DifferentiableTwin(layout, TwinObjective.defaults());
    }

    /** Appends the support rows of the view's hour (the onset hour) to {@code states} and {@code labels}. */
    void build(
            AdaptationConfig config,
            PlanningPolicy planner,
            SimulatorView view,
            List<ObservedDisruption> observed,
            List<double[]> states,
            List<double[]> labels) {
        if (config.onsetSupport() == AdaptationConfig.OnsetSupport.OFF)
            throw new IllegalArgumentException("onsetSupport OFF has no onset support set");
        int onset = KnownDisruptions.firstOnset(observed);
        if (onset < 0) throw new IllegalArgumentException("no disruption observed at hour " + view.hour());
        StateEncoder enc = config.stateLayout() == encoder.stateLayout()
                ? encoder
                : new StateEncoder(layout, config.stateLayout());
        double[] x = KnownDisruptions.encode(enc, view, observed);
        WindowPlan plan = planner.plan(view, observed);
        if (config.onsetSupport() == AdaptationConfig.OnsetSupport.OBSERVED) {
            states.add(x);
            labels.add(codec.encode(plan.meanControls(0, config.labelHours())));
            return;
        }
        int t = view.hour(), hours = Math.min(config.supportHours(), view.horizon() - t);
        List<Disruption> inForce = KnownDisruptions.assumedUntil(view, observed, t + hours + 1);
        twin.reset(TwinState.of(view, onset, null), planner.forecast(view, observed, hours), hours);
        for (int k = 0; k < hours; k++) {
            int hour = t + k;
            states.add(
                    k == 0
                            ? x
                            : enc.encode(
                                    twin.view(),
                                    onset,
                                    enc.factors(twin.view(), () -> HourFactors.known(layout, inForce, hour))));
            labels.add(codec.encode(plan.meanControls(k, config.labelHours())));
            if (k + 1 < hours) twin.step(codec.encode(plan.controlsAtHour(k)));
        }
    }

    /**
     * The onset support set of {@code episode}: the nominal plan runs to the onset hour and the set is built there (the
     * rest of the episode runs on the nominal plan, cheap, and nothing of it is kept).
     */
    static Demonstrations of(EpisodeRunner runner, Episode episode, AdaptationConfig config, PlanningPolicy planner) {
        OnsetSupport builder = new OnsetSupport(episode.layout());
        List<double[]> s = new ArrayList<>(), a = new ArrayList<>();
        planner.reset(episode);
        RecoveryPolicy probe = new RecoveryPolicy() {
            @Override
            public String name() {
                return "onset-support";
            }

            @Override
            public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
                if (s.isEmpty()) builder.build(config, planner, view, observed, s, a);
                return episode.nominal();
            }
        };
        runner.run(episode, probe);
        int[] hours = new int[s.size()];
        java.util.Arrays.fill(hours, episode.scenario().onset());
        for (int k = 0; k < hours.length; k++) hours[k] += k;
        return new Demonstrations(s.toArray(double[][]::new), a.toArray(double[][]::new), hours);
    }
}
