package org.moca.agent;

import java.util.List;
import java.util.Objects;
import org.moca.opt.OraclePolicy;
import org.moca.opt.PlanningPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;

/**
 * An expert's label of the state it is shown, whoever brought the episode there: the one labelling rule of training
 * and deployment ({@link AdaptivePolicy}'s support labels, {@link Training#expertTasks}, {@link Dagger}'s
 * relabelling).
 *
 * <ul>
 *   <li>a {@link PlanningPolicy} (the MPC): its plan made in this state, the controls averaged over the plan's first
 *       {@code labelHours} hours ({@code plan(view, observed).meanControls(labelHours)}, exactly as at deployment);
 *   <li>the {@link OraclePolicy}: a fresh perfect-information plan from this state to the episode's end (one LP over
 *       the rest of the episode per label), averaged the same way — not its plan from onset, which belongs to its own
 *       trajectory;
 *   <li>any other policy: its controls of this hour.
 * </ul>
 */
public interface StateLabeller {

    /** Prepares for an episode (the oracle needs it; planners forget a shared plan). */
    void reset(Episode episode);

    /** The label of the view's hour. */
    Controls label(SimulatorView view, List<ObservedDisruption> observed);

    /** The labeller of {@code expert} with the label horizon {@code labelHours} (the rule above). */
    static StateLabeller of(RecoveryPolicy expert, int labelHours) {
        Objects.requireNonNull(expert, "expert");
        if (labelHours < 1) throw new IllegalArgumentException("labelHours must be >= 1, got " + labelHours);
        if (expert instanceof PlanningPolicy planner) {
            return new StateLabeller() {
                @Override
                public void reset(Episode episode) {
                    planner.reset(episode);
                }

                @Override
                public Controls label(SimulatorView view, List<ObservedDisruption> observed) {
                    return labelHours > 1
                            ? planner.plan(view, observed).meanControls(labelHours)
                            : planner.act(view, observed);
                }
            };
        }
        if (expert instanceof OraclePolicy oracle) {
            return new StateLabeller() {
                private Episode episode;

                @Override
                public void reset(Episode e) {
                    episode = Objects.requireNonNull(e, "episode");
                }

                @Override
                public Controls label(SimulatorView view, List<ObservedDisruption> observed) {
                    if (episode == null) throw new IllegalStateException("oracle labeller: reset(episode) first");
                    oracle.reset(episode); // forget the last plan: the next act solves from this state
                    Controls first = oracle.act(view, observed);
                    return labelHours > 1 ? oracle.plan().meanControls(labelHours) : first;
                }
            };
        }
        return new StateLabeller() {
            @Override
            public void reset(Episode episode) {
                expert.reset(episode);
            }

            @Override
            public Controls label(SimulatorView view, List<ObservedDisruption> observed) {
                return expert.act(view, observed);
            }
        };
    }
}
