package org.moca.experiment;

import java.util.List;
import java.util.Objects;
import org.moca.policy.GaussianPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.EpisodeMetrics;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The closed-loop evaluation of the continual experiment: the current weights act, frozen (no adaptation at onset,
 * through their Gaussian mean), on held-out episodes; what counts is whether each episode recovers within the window
 * ({@link EpisodeMetrics#recovered()}) and the share of demand fulfilled. O(episodes x horizon) simulated hours.
 */
final class ContinualClosedLoop {

    /**
     * What the frozen weights did on a set of episodes.
     *
     * @param episodes       how many were run
     * @param recovered      how many recovered within the window
     * @param fulfilledShare mean over the episodes of fulfilled / demand (1 for an episode without demand)
     */
    record Outcome(int episodes, int recovered, double fulfilledShare) {
        Outcome {
            if (episodes < 1) throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
            if (recovered < 0 || recovered > episodes)
                throw new IllegalArgumentException(
                        "recovered must be in [0, episodes = " + episodes + "], got " + recovered);
        }
    }

    private ContinualClosedLoop() {}

    /** Runs {@code policy}, frozen, on every episode of {@code episodes} (not empty). */
    static Outcome evaluate(EpisodeRunner runner, GaussianPolicy policy, List<Episode> episodes) {
        Objects.requireNonNull(policy, "policy");
        int recovered = 0;
        double share = 0;
        for (Episode e : episodes) {
            EpisodeMetrics m = runner.run(e, new FrozenPolicy(policy)).metrics();
            if (m.recovered()) recovered++;
            share += m.demand() > 0 ? m.fulfilled() / m.demand() : 1.0;
        }
        return new Outcome(episodes.size(), recovered, share / episodes.size());
    }

    /** The weights acting through their Gaussian mean, without any adaptation. */
    private static final class FrozenPolicy implements RecoveryPolicy {
        private final GaussianPolicy policy;
        private StateEncoder encoder;
        private ActionCodec codec;

        FrozenPolicy(GaussianPolicy policy) {
            this.policy = policy;
        }

        @Override
        public String name() {
            return "frozen";
        }

        @Override
        public void reset(Episode episode) {
            encoder = new StateEncoder(episode.layout());
            codec = new ActionCodec(episode.layout());
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            double[] x = KnownDisruptions.encode(encoder, view, observed);
            INDArray mean = policy.mean(Nd4j.createFromArray(new double[][] {x}).castTo(policy.dataType()));
            return codec.decode(mean.castTo(DataType.DOUBLE).toDoubleVector());
        }
    }
}
