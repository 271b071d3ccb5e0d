package org.moca.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Controls;
import org.moca.sim.Disruption;
import org.moca.sim.EpisodeMetrics;
import org.moca.sim.EpisodeTrace;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.RecoveryMetrics;
import org.moca.sim.SimulatorView;

/**
 * Runs one episode: the nominal controls until onset, then the policy every hour until the horizon; returns the trace
 * and its metrics. A pure function of (episode, policy): same inputs, same trace.
 */
public final class EpisodeRunner {

    /** The outcome of one episode. */
    public record Result(String policy, Scenario scenario, EpisodeTrace trace, EpisodeMetrics metrics) {}

    private final RecoveryCriteria criteria;
    private final ToDoubleFunction<double[]> circularity;

    /**
     * @param criteria    the recovery definition
     * @param circularity circularity score of per-lane tracked mass (e.g. {@code CircularityScore} of the network)
     */
    public EpisodeRunner(RecoveryCriteria criteria, ToDoubleFunction<double[]> circularity) {
        this.criteria = Objects.requireNonNull(criteria, "criteria");
        this.circularity = Objects.requireNonNull(circularity, "circularity");
    }

    /** Sees every hour just before it is simulated: the state, what has been observed, and the controls chosen. */
    @FunctionalInterface
    public interface HourObserver {
        void beforeStep(SimulatorView view, List<ObservedDisruption> observed, Controls controls);
    }

    public Result run(Episode episode, RecoveryPolicy policy) {
        return run(episode, policy, (v, o, c) -> {});
    }

    /** Runs the episode, showing every hour to {@code observer} (e.g. to record demonstrations). */
    public Result run(Episode episode, RecoveryPolicy policy, HourObserver observer) {
        Scenario sc = episode.scenario();
        CircularSupplySimulator sim = new CircularSupplySimulator(
                episode.layout(), sc.disruptions(), episode.realization(), episode.laneFlow());
        policy.reset(episode);
        Controls nominal = episode.nominal();
        List<ObservedDisruption> observed = new ArrayList<>();
        for (int t = 0; t < sc.horizon(); t++) {
            for (Disruption d : sc.disruptions()) if (d.onset() == t) observed.add(ObservedDisruption.of(d));
            Controls c = t < sc.onset() ? nominal : policy.act(sim, List.copyOf(observed));
            if (c == null)
                throw new IllegalStateException("policy " + policy.name() + " returned no controls at hour " + t);
            List<ObservedDisruption> seen = List.copyOf(observed);
            observer.beforeStep(sim, seen, c);
            sim.step(c);
        }
        EpisodeMetrics m = RecoveryMetrics.evaluate(sim.trace(), sc.onset(), criteria, circularity);
        return new Result(policy.name(), sc, sim.trace(), m);
    }
}
