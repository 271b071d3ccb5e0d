package org.moca.rl;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.scenario.Episode;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.Scenario;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Controls;
import org.moca.sim.StateEncoder;

/**
 * One {@link Episode} as a reinforcement-learning environment (the Gym contract: {@link #reset()}, {@link #step}).
 *
 * <p>{@link #reset()} simulates the warm-up under the nominal controls up to the onset (exactly what
 * {@link org.moca.scenario.EpisodeRunner} does for every policy) and returns the first observation; each
 * {@link #step} decodes a real action vector with {@link ActionCodec}, simulates one hour and returns the next
 * observation, the reward of {@link EnvConfig} and whether the episode is over (at onset + {@code hoursAfterOnset}, or
 * the horizon). Observations are {@link StateEncoder}'s, with the first onset taken from disruptions that have begun —
 * what {@link org.moca.scenario.RecoveryPolicy#act} observes, so a policy trained here sees at deployment what it saw
 * in training.
 *
 * <p>The end of an episode is a time limit, not a terminal state: the network runs on after it, so a learner should
 * bootstrap the value of the last state reached ({@link Gae} does) rather than treat what follows as free.
 *
 * <p>Deterministic: the episode's realization fixes all exogenous noise, so the same actions give the same rewards
 * (common random numbers across policies). O(network) per step. Not thread-safe; one instance per episode and thread.
 */
public final class SupplyChainEnv {

    /**
     * The outcome of one step.
     *
     * @param state  the observation after the step
     * @param reward the step's reward ({@link EnvConfig})
     * @param done   the episode's time limit is reached (a truncation: the state is not terminal)
     */
    public record Step(double[] state, double reward, boolean done) {}

    private final Episode episode;
    private final EnvConfig config;
    private final StateEncoder encoder;
    private final ActionCodec codec;
    private final double[] nominalAction;
    private final double meanDemand;
    private final int end;
    private CircularSupplySimulator sim;
    private double nominalCost;

    public SupplyChainEnv(Episode episode, EnvConfig config) {
        this.episode = Objects.requireNonNull(episode, "episode");
        this.config = Objects.requireNonNull(config, "config");
        this.encoder = new StateEncoder(episode.layout());
        this.codec = new ActionCodec(episode.layout());
        this.nominalAction = codec.encode(episode.nominal());
        double d = 0;
        for (Facility f : episode.layout().network().facilities()) if (f.type() == FacilityType.MARKET) d += f.demand();
        this.meanDemand = d;
        Scenario sc = episode.scenario();
        this.end = config.hoursAfterOnset() == 0
                ? sc.horizon()
                : Math.min(sc.horizon(), sc.onset() + config.hoursAfterOnset());
    }

    public Episode episode() {
        return episode;
    }

    public int stateDim() {
        return encoder.dimension();
    }

    public int actionDim() {
        return codec.dimension();
    }

    /** The nominal controls as an action vector (a copy): the action of no-action, the origin of a residual policy. */
    public double[] nominalAction() {
        return nominalAction.clone();
    }

    /** Number of decisions per episode: hours from onset to the end. */
    public int steps() {
        return end - episode.scenario().onset();
    }

    /** Starts the episode over: simulates the warm-up under the nominal controls; returns the observation at onset. */
    public double[] reset() {
        Scenario sc = episode.scenario();
        sim = new CircularSupplySimulator(
                episode.layout(), sc.disruptions(), episode.realization(), episode.laneFlow());
        double cost = 0;
        for (int t = 0; t < sc.onset(); t++) {
            sim.step(episode.nominal());
            cost += sim.trace().cost(t);
        }
        nominalCost = Math.max(cost / sc.onset(), 1e-9);
        return observe();
    }

    /**
     * Simulates the current hour under {@code action} (decoded by {@link ActionCodec}).
     *
     * @throws IllegalStateException before {@link #reset()} or after the episode is done
     */
    public Step step(double[] action) {
        if (sim == null) throw new IllegalStateException("call reset() before step()");
        if (sim.hour() >= end) throw new IllegalStateException("the episode ended at hour " + end + "; call reset()");
        Controls c = codec.decode(action);
        int t = sim.hour();
        sim.step(c);
        var trace = sim.trace();
        double reward = -config.unmetWeight() * (trace.demand(t) - trace.served(t)) / meanDemand
                - config.costWeight() * (trace.cost(t) - nominalCost) / nominalCost;
        return new Step(observe(), reward, sim.hour() >= end);
    }

    /**
     * Plays the whole episode from {@link #reset()} with {@code actor} (observation to action vector) and returns the
     * undiscounted return: the sum of the rewards from onset to the end.
     */
    public double episodeReturn(UnaryOperator<double[]> actor) {
        Objects.requireNonNull(actor, "actor");
        double[] s = reset();
        double total = 0;
        while (true) {
            Step step = step(actor.apply(s));
            total += step.reward();
            if (step.done()) return total;
            s = step.state();
        }
    }

    private double[] observe() {
        return KnownDisruptions.encode(encoder, sim, KnownDisruptions.observedBy(episode.scenario(), sim.hour()));
    }
}
