package org.moca.rl;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.moca.policy.GaussianPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;

/**
 * A PPO-trained residual policy deployed without adaptation: every hour it encodes the observation
 * ({@link StateEncoder}), adds the policy's residual to the nominal action ({@link ActionCodec}-encoded nominal
 * controls of the episode) and decodes the controls. Its weights never change during an episode; this is the "RL"
 * method of the comparison (DESIGN.md §5).
 *
 * <p>By default it acts with the Gaussian's mean (deterministic, the usual way to deploy a PPO policy); the
 * stochastic variant samples the residual with a generator seeded per episode from its seed and the scenario's
 * realization seed, so a rerun gives the same trace. O(one forward pass) per hour. Not thread-safe.
 */
public final class PpoPolicy implements RecoveryPolicy {

    private final GaussianPolicy residual;
    private final boolean deterministic;
    private final long seed;
    private final ResidualActor actor;
    private StateEncoder encoder;
    private ActionCodec codec;
    private double[] nominal;
    private SplittableRandom rng;

    private PpoPolicy(GaussianPolicy residual, boolean deterministic, long seed) {
        this.residual = Objects.requireNonNull(residual, "residual").copy();
        this.deterministic = deterministic;
        this.seed = seed;
        this.actor = new ResidualActor(this.residual);
    }

    /** Acts with the residual's mean (a copy of {@code residual} is kept). */
    public static PpoPolicy deterministic(GaussianPolicy residual) {
        return new PpoPolicy(residual, true, 0);
    }

    /** Samples the residual, seeded per episode. */
    public static PpoPolicy stochastic(GaussianPolicy residual, long seed) {
        return new PpoPolicy(residual, false, seed);
    }

    @Override
    public String name() {
        return deterministic ? "ppo" : "ppo-stochastic";
    }

    @Override
    public void reset(Episode episode) {
        encoder = new StateEncoder(episode.layout());
        codec = new ActionCodec(episode.layout());
        if (encoder.dimension() != residual.config().stateDim()
                || codec.dimension() != residual.config().actionDim()) {
            throw new IllegalArgumentException("the policy was trained for states of "
                    + residual.config().stateDim()
                    + " and actions of " + residual.config().actionDim() + ", this network has " + encoder.dimension()
                    + " and " + codec.dimension());
        }
        nominal = codec.encode(episode.nominal());
        rng = new SplittableRandom(seed ^ episode.scenario().realizationSeed());
    }

    @Override
    public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
        if (encoder == null) throw new IllegalStateException("reset(episode) must be called before act");
        return codec.decode(action(KnownDisruptions.encode(encoder, view, observed)));
    }

    /**
     * The action vector for an encoded observation ({@link StateEncoder}'s layout) of the episode last passed to
     * {@link #reset}: its nominal action plus the residual. For {@link SupplyChainEnv#episodeReturn}.
     */
    public double[] action(double[] state) {
        if (nominal == null) throw new IllegalStateException("reset(episode) must be called before action");
        double[] a = actor.residual(state, deterministic ? null : rng);
        for (int j = 0; j < a.length; j++) a[j] += nominal[j];
        return a;
    }
}
