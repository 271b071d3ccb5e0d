package org.moca.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.moca.meta.ConsolidationPenalty;
import org.moca.meta.LearningTask;
import org.moca.policy.GaussianPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A policy adapted through a sequence of disruptions, one after another, and how much it forgets: after each task the
 * imitation loss (negative log-likelihood of the expert's actions) on the query sets of every task seen so far.
 *
 * <p>Catastrophic forgetting (McCloskey &amp; Cohen 1989; Kirkpatrick et al. 2017) is measured as in Chaudhry et al.
 * (2018): the forgetting of task j after task i is {@code loss[i][j] - loss[j][j]}, the rise of its loss since it was
 * learned; the run's forgetting after task i is the mean over the earlier tasks j &lt; i. A consolidation penalty (e.g.
 * {@link org.moca.meta.L2Consolidation} anchored at the meta-learned parameters) adds its gradient to every step, pulling
 * the parameters back towards the anchor: {@code theta <- theta - lr * (grad NLL + grad penalty)}, with the gradient's
 * global norm clipped to {@code maxGradientNorm}.
 *
 * <p>Running time: {@code tasks * steps} gradient evaluations on one task's data, plus {@code tasks^2 / 2} loss
 * evaluations on query sets.
 */
public final class ContinualRun {

    /**
     * Settings of the stream's SGD.
     *
     * @param stepsPerTask    SGD steps on each task's support and query data
     * @param learningRate    SGD step size
     * @param maxGradientNorm clip of the global gradient norm (the stream is non-stationary; one bad task must not blow up)
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

    /**
     * The losses of a run.
     *
     * @param labels one label per task of the sequence (e.g. its scenario family)
     * @param loss   {@code loss[i][j]}: query loss of task j after adapting through task i (NaN for j &gt; i)
     */
    public record Result(List<String> labels, double[][] loss) {
        public Result {
            labels = List.copyOf(labels);
            if (loss.length != labels.size()) throw new IllegalArgumentException("one row of losses per task");
        }

        /** Mean rise of the earlier tasks' loss since each was learned, after task {@code i} (NaN for i = 0). */
        public double forgettingAfter(int i) {
            if (i == 0) return Double.NaN;
            double sum = 0;
            for (int j = 0; j < i; j++) sum += loss[i][j] - loss[j][j];
            return sum / i;
        }

        /** {@link #forgettingAfter} for every task of the sequence. */
        public double[] forgetting() {
            double[] f = new double[loss.length];
            for (int i = 0; i < f.length; i++) f[i] = forgettingAfter(i);
            return f;
        }

        /** Mean query loss over the tasks seen so far, after task {@code i}. */
        public double meanSeenLoss(int i) {
            double sum = 0;
            for (int j = 0; j <= i; j++) sum += loss[i][j];
            return sum / (i + 1);
        }
    }

    private ContinualRun() {}

    /**
     * Adapts {@code policy} in place on one disruption's demonstrations: {@code config.stepsPerTask()} full-batch SGD
     * steps on the mean NLL of {@code actions} given {@code states}, plus the penalty's gradient, the global gradient
     * norm clipped; stops early (keeping the last finite parameters) if a gradient is not finite.
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

    /**
     * Adapts a copy of {@code start} through {@code tasks} in order ({@code start} is not modified).
     *
     * @param labels  a label per task (same length as {@code tasks})
     * @param penalty consolidation penalty added to every step, or null for plain fine-tuning
     */
    public static Result run(
            GaussianPolicy start,
            List<LearningTask> tasks,
            List<String> labels,
            Config config,
            ConsolidationPenalty penalty) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(config, "config");
        if (tasks.isEmpty()) throw new IllegalArgumentException("no tasks");
        if (labels.size() != tasks.size())
            throw new IllegalArgumentException("labels: expected " + tasks.size() + ", got " + labels.size());
        GaussianPolicy policy = start.copy();
        double[][] loss = new double[tasks.size()][tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            LearningTask t = tasks.get(i).castTo(policy.dataType());
            adapt(
                    policy,
                    Nd4j.vstack(t.supportStates(), t.queryStates()),
                    Nd4j.vstack(t.supportActions(), t.queryActions()),
                    config,
                    penalty);
            for (int j = 0; j < tasks.size(); j++) {
                LearningTask q = tasks.get(j).castTo(policy.dataType());
                loss[i][j] = j <= i ? policy.negativeLogLikelihood(q.queryStates(), q.queryActions()) : Double.NaN;
            }
        }
        return new Result(new ArrayList<>(labels), loss);
    }
}
