package org.moca.agent;

import java.util.Objects;
import org.moca.meta.ConsolidationPenalty;
import org.moca.meta.LearningTask;
import org.moca.policy.GaussianPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One policy carried through a stream of disruptions, one after another, its weights carried forward: the protocol
 * under which catastrophic forgetting (McCloskey &amp; Cohen 1989; Kirkpatrick et al. 2017) is measured. How much it
 * forgets is scored by {@link ContinualScores} from the losses taken after each disruption.
 *
 * <p>Per disruption ({@link #adaptTo}): {@code onset.stepsPerTask()} full-batch SGD steps on the support set (the
 * hours labelled right after onset), then, with a hindsight config, {@code hindsight.stepsPerTask()} steps on the whole
 * window's labels (support and query, relabelled once the window has passed). A consolidation penalty (e.g.
 * {@link org.moca.meta.L2Consolidation} anchored at the meta-learned parameters) adds its gradient to every step,
 * pulling the parameters back towards the anchor: {@code theta <- theta - lr * clip(grad NLL + grad penalty)}, the
 * global gradient norm clipped to {@code maxGradientNorm} (the stream is non-stationary; one bad task must not blow
 * the weights up).
 *
 * <p>Running time per disruption: {@code onset.stepsPerTask() + hindsight.stepsPerTask()} gradient evaluations on
 * that disruption's data.
 */
public final class ContinualRun {

    /**
     * Settings of the stream's SGD.
     *
     * @param stepsPerTask    SGD steps on each task's data
     * @param learningRate    SGD step size
     * @param maxGradientNorm clip of the global gradient norm
     */
    public record Config(int stepsPerTask, double learningRate, double maxGradientNorm) {
        public Config {
            if (stepsPerTask < 1) throw new IllegalArgumentException("stepsPerTask must be >= 1, got " + stepsPerTask);
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be a finite number > 0, got " + learningRate);
            }
            if (!(maxGradientNorm > 0))
                throw new IllegalArgumentException("maxGradientNorm must be > 0, got " + maxGradientNorm);
        }

        /** 10 steps at 0.01 (the inner loop's rate), gradient norm clipped at 10. */
        public static Config defaults() {
            return new Config(10, 0.01, 10.0);
        }
    }

    private final GaussianPolicy policy;
    private final Config onset;
    private final Config hindsight;
    private final ConsolidationPenalty penalty;

    /**
     * A run that starts from a copy of {@code start} ({@code start} itself is never modified).
     *
     * @param onset     the SGD on each disruption's support set
     * @param hindsight the SGD on each disruption's whole window afterwards, or null for none
     * @param penalty   consolidation penalty added to every step, or null for plain fine-tuning
     */
    public ContinualRun(GaussianPolicy start, Config onset, Config hindsight, ConsolidationPenalty penalty) {
        this.policy = Objects.requireNonNull(start, "start").copy();
        this.onset = Objects.requireNonNull(onset, "onset");
        this.hindsight = hindsight;
        this.penalty = penalty;
    }

    /** The current weights (live: the next {@link #adaptTo} changes them). */
    public GaussianPolicy policy() {
        return policy;
    }

    /** Adapts the current weights to one more disruption: onset steps on its support set, then hindsight steps. */
    public void adaptTo(LearningTask disruption) {
        LearningTask t = disruption.castTo(policy.dataType());
        adapt(policy, t.supportStates(), t.supportActions(), onset, penalty);
        if (hindsight != null) {
            adapt(
                    policy,
                    Nd4j.vstack(t.supportStates(), t.queryStates()),
                    Nd4j.vstack(t.supportActions(), t.queryActions()),
                    hindsight,
                    penalty);
        }
    }

    /**
     * Adapts {@code policy} in place on one set of demonstrations: {@code config.stepsPerTask()} full-batch SGD steps
     * on the mean NLL of {@code actions} given {@code states}, plus the penalty's gradient, the global gradient norm
     * clipped; stops early (keeping the last finite parameters) if a gradient is not finite.
     *
     * @param penalty consolidation penalty added to every step, or null for plain fine-tuning
     */
    public static void adapt(
            GaussianPolicy policy, INDArray states, INDArray actions, Config config, ConsolidationPenalty penalty) {
        INDArray s = states.castTo(policy.dataType()), a = actions.castTo(policy.dataType());
        INDArray theta = policy.parameters();
        for (int step = 0; step < config.stepsPerTask(); step++) {
            INDArray g = policy.gradient(s, a);
            if (penalty != null) penalty.addGradient(theta, g);
            double norm = g.norm2Number().doubleValue();
            if (!Double.isFinite(norm)) break;
            if (norm > config.maxGradientNorm()) g.muli(config.maxGradientNorm() / norm);
            theta = theta.sub(g.muli(config.learningRate()));
            policy.setParameters(theta);
        }
    }
}
