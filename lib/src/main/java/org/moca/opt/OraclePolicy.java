package org.moca.opt;

import java.util.List;
import java.util.Objects;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.RecoveryMetrics;
import org.moca.sim.SimulatorView;

/**
 * The perfect-information oracle: the ceiling of every comparison. At its first decision (the onset) it solves one
 * {@link WindowLp} from the simulator's state to the end of the episode with a {@link PerfectForecast} — the whole
 * disruption, the realized demand, yields, inflows and lane delays — and then executes the plan hour by hour through
 * {@link WindowPlan#controls}. Because the LP is an exact model of the episode, the simulated trajectory follows the
 * plan up to solver round-off; the plan's fulfilment is (with {@link WindowLp#maxFulfilment}) the bound no policy can
 * beat. Not an honest policy: it reads {@link Episode#realization()}.
 *
 * <p>Running time: one LP of O(horizon × (slots + lanes + modes)) per episode.
 */
public final class OraclePolicy implements RecoveryPolicy {

    private final WindowLpConfig config;
    private final RecoveryCriteria criteria;
    private Episode episode;
    private WindowPlan plan;

    /**
     * @param config   the LP's objective
     * @param criteria the recovery definition whose threshold the plan aims to hold (with the LP's recovery penalty)
     */
    public OraclePolicy(WindowLpConfig config, RecoveryCriteria criteria) {
        this.config = Objects.requireNonNull(config, "config");
        this.criteria = Objects.requireNonNull(criteria, "criteria");
    }

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public void reset(Episode episode) {
        this.episode = Objects.requireNonNull(episode, "episode");
        this.plan = null;
    }

    @Override
    public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
        if (episode == null) throw new IllegalStateException("oracle: reset(episode) was not called");
        if (plan == null) plan = solve(view);
        return plan.controls(view.hour() - plan.start());
    }

    /** The plan from the view's hour to the end of the episode. */
    WindowPlan solve(SimulatorView view) {
        return new WindowLp(episode.layout(), config).plan(problem(view));
    }

    /**
     * The oracle's problem at the view's hour: exact (hourly, perfect forecast) to the end of the episode, with the
     * recovery target threshold × the pre-onset baseline.
     */
    public WindowProblem problem(SimulatorView view) {
        int hours = episode.scenario().horizon() - view.hour();
        WindowProblem p = WindowProblem.of(
                episode.scenario().label(), view, WindowProblem.hourly(hours), new PerfectForecast(episode));
        double baseline = RecoveryMetrics.baseline(
                view.trace().serviceCurve(),
                Math.min(view.hour(), episode.scenario().onset()));
        return p.withTarget(WindowProblem.ServiceTarget.of(view, criteria, baseline));
    }

    /** The plan of the current episode, once the first decision has been made (null before). */
    public WindowPlan plan() {
        return plan;
    }
}
