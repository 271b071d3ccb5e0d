package org.moca.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.moca.meta.RolloutTaskLoss;
import org.moca.opt.PerfectForecast;
import org.moca.opt.PlanningPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimulatorView;
import org.moca.twin.TwinState;

/**
 * Rollout starts of the rollout signal ({@link AdaptationConfig.Signal#ROLLOUT}): where a model rollout begins and
 * what it is rolled out on. At deployment ({@link #at}) a start is the observed state of the hour with the recovery
 * target the MPC expert holds, and the expert's forecast of the next hours made with what is known then (the disruptions
 * observed, each lasting the expert's prior; mean demand with its safety margin; mean yields and transit times). The
 * training starts of an episode ({@link #atOnset}) are built the same way at its onset hour, after the nominal plan ran
 * up to it, so training and deployment see the same starts; beside it the episode's hindsight start, the same state on
 * the episode's own realization ({@link PerfectForecast}), the query of rollout meta-training: adapt on what the expert
 * knows, be judged on what happens.
 */
public final class RolloutStarts {

    private RolloutStarts() {}

    /**
     * The training starts of one episode.
     *
     * @param forecast        the onset state on the expert's forecast of the onset hour ({@code horizon} hours)
     * @param hindsight       the same state on the episode's realization
     * @param hindsightHours  hours of the hindsight rollout: {@code horizon}, cut at the episode's last hour
     */
    public record OnsetStarts(RolloutTaskLoss.Start forecast, RolloutTaskLoss.Start hindsight, int hindsightHours) {
        public OnsetStarts {
            Objects.requireNonNull(forecast, "forecast");
            Objects.requireNonNull(hindsight, "hindsight");
            if (hindsightHours < 1) throw new IllegalArgumentException("hindsightHours must be >= 1");
        }
    }

    /**
     * The deployment start of the view's hour: the observed state (recovery target from {@code criteria} once a
     * disruption has been observed) and {@code planner}'s forecast of the next {@code horizon} hours.
     */
    public static RolloutTaskLoss.Start at(
            SimulatorView view,
            List<ObservedDisruption> observed,
            PlanningPolicy planner,
            RecoveryCriteria criteria,
            int horizon) {
        Objects.requireNonNull(planner, "planner");
        return new RolloutTaskLoss.Start(
                TwinState.observe(view, KnownDisruptions.firstOnset(observed), criteria),
                planner.forecast(view, observed, horizon));
    }

    /**
     * The training starts of each episode ({@link #atOnset}), in order.
     *
     * @throws IllegalArgumentException naming the episode when no disruption is ever observed in it
     */
    public static List<OnsetStarts> atOnset(
            EpisodeRunner runner,
            List<Episode> episodes,
            PlanningPolicy planner,
            RecoveryCriteria criteria,
            int horizon) {
        List<OnsetStarts> out = new ArrayList<>(episodes.size());
        for (Episode e : episodes) out.add(atOnset(runner, e, planner, criteria, horizon));
        return out;
    }

    /**
     * The training starts of {@code episode}: the nominal plan runs until the first hour a disruption is observed,
     * where the deployment start ({@link #at}) and the hindsight start are taken (the rest of the episode runs on the
     * nominal plan, cheap, and nothing of it is kept).
     *
     * @throws IllegalArgumentException naming the episode when no disruption is ever observed in it
     */
    public static OnsetStarts atOnset(
            EpisodeRunner runner, Episode episode, PlanningPolicy planner, RecoveryCriteria criteria, int horizon) {
        Objects.requireNonNull(episode, "episode");
        planner.reset(episode);
        PerfectForecast truth = new PerfectForecast(episode);
        OnsetStarts[] found = new OnsetStarts[1];
        RecoveryPolicy probe = new RecoveryPolicy() {
            @Override
            public String name() {
                return "rollout-start";
            }

            @Override
            public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
                if (found[0] == null && KnownDisruptions.firstOnset(observed) >= 0) {
                    RolloutTaskLoss.Start s = at(view, observed, planner, criteria, horizon);
                    int hours = Math.min(horizon, view.horizon() - view.hour());
                    found[0] = new OnsetStarts(s, new RolloutTaskLoss.Start(s.state(), truth), Math.max(1, hours));
                }
                return episode.nominal();
            }
        };
        runner.run(episode, probe);
        if (found[0] == null)
            throw new IllegalArgumentException(
                    "episode " + episode.scenario().label() + " has no observed disruption: no rollout start at onset");
        return found[0];
    }
}
