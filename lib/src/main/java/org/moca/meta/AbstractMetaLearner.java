package org.moca.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.moca.policy.Adam;
import org.moca.policy.DenseOps;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParametricPolicy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What every gradient-based meta-learner shares: the wrapped policy, outer Adam, per-worker {@link InnerLoop}s and
 * the averaging of per-task directions over a meta-batch. Tasks of a batch are independent, so with
 * {@code workers > 1} they are spread over threads (task i on worker i mod W); their directions are summed in task
 * order, so the result is bitwise the same for any number of workers. A subclass says what one task contributes.
 * The inner loops carry the MLP's imitation kernel when the policy is a {@link GaussianPolicy}, and only the
 * {@link TaskLoss} path otherwise.
 */
abstract class AbstractMetaLearner<P extends ParametricPolicy<P>> implements MetaLearner<P> {
    private final P policy;
    private final MetaLearnerConfig config;
    private final ConsolidationPenalty consolidation;
    private final DataType dataType;
    private final Adam adam;
    private final InnerLoop[] loops;
    private final ExecutorService executor;
    private final List<INDArray> taskDirections = new ArrayList<>();
    private final INDArray direction;

    AbstractMetaLearner(P policy, MetaLearnerConfig config, ConsolidationPenalty consolidation) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.config = Objects.requireNonNull(config, "config");
        this.consolidation = consolidation;
        this.dataType = policy.dataType();
        long size = policy.numParameters();
        this.adam = new Adam(
                size,
                dataType,
                config.outerLearningRate(),
                config.adamBeta1(),
                config.adamBeta2(),
                config.adamEpsilon());
        this.loops = new InnerLoop[config.workers()];
        for (int w = 0; w < loops.length; w++) {
            loops[w] = new InnerLoop(
                    policy instanceof GaussianPolicy mlp ? mlp.config() : null, size, dataType, config.innerSteps());
        }
        this.executor = config.workers() == 1
                ? null
                : Executors.newFixedThreadPool(config.workers(), r -> {
                    Thread t = new Thread(r, "moca-meta-worker");
                    t.setDaemon(true);
                    return t;
                });
        this.direction = Nd4j.zeros(dataType, size);
    }

    /**
     * Adapts on {@code task}'s support set from {@code theta0} with {@code loop}, leaves the task's outer direction
     * in {@code loop.metaGradient()} and returns its outer objective.
     */
    abstract double taskDirection(InnerLoop loop, LearningTask task, INDArray theta0);

    /**
     * As {@link #taskDirection} for a task given by its losses. Every learner but ANIL overrides it; the default
     * rejects the task (ANIL's head-only inner loop is defined on the MLP's layout and its imitation kernel).
     */
    double lossTaskDirection(InnerLoop loop, LossTask task, INDArray theta0) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " adapts the MLP's head on its imitation kernel; a task given by its losses needs Maml,"
                + " FirstOrderMaml or Reptile");
    }

    /** The inner loop on a task's support loss: K SGD steps of the config's inner rate from {@code theta0}. */
    final void adaptToSupport(InnerLoop loop, LossTask task, INDArray theta0) {
        loop.adapt(theta0, task.support(), config.innerSteps(), config.innerLearningRate(), null, null);
    }

    /**
     * The inner loop every learner runs first: K SGD steps of the config's inner rate on {@code task}'s support set
     * from {@code theta0}, on the parameters {@code mask} selects (null: all).
     */
    final void adaptToSupport(InnerLoop loop, LearningTask task, INDArray theta0, INDArray mask) {
        loop.adapt(
                theta0,
                task.supportStates(),
                task.supportActions(),
                config.innerSteps(),
                config.innerLearningRate(),
                null,
                mask);
    }

    /** The 0/1 mask of adapted coordinates, or null for all. */
    INDArray adaptationMask() {
        return null;
    }

    /** The outer consolidation penalty, or null. */
    final ConsolidationPenalty consolidation() {
        return consolidation;
    }

    @Override
    public final P policy() {
        return policy;
    }

    @Override
    public final MetaLearnerConfig config() {
        return config;
    }

    @Override
    public final MetaGradient metaGradient(List<LearningTask> batch) {
        double loss = accumulate(batch, (loop, task, theta0) -> taskDirection(loop, task.castTo(dataType), theta0));
        return new MetaGradient(direction.dup(), loss);
    }

    @Override
    public final double metaStep(List<LearningTask> batch) {
        double loss = accumulate(batch, (loop, task, theta0) -> taskDirection(loop, task.castTo(dataType), theta0));
        adam.step(policy.parameterView(), direction);
        return loss;
    }

    @Override
    public final MetaGradient metaGradientOfLosses(List<LossTask> batch) {
        double loss = accumulate(batch, this::lossTaskDirection);
        return new MetaGradient(direction.dup(), loss);
    }

    @Override
    public final double metaStepOnLosses(List<LossTask> batch) {
        double loss = accumulate(batch, this::lossTaskDirection);
        adam.step(policy.parameterView(), direction);
        return loss;
    }

    @Override
    public final void applyUpdate(INDArray gradient) {
        if (gradient.length() != policy.numParameters()) {
            throw new IllegalArgumentException(
                    "gradient must have length " + policy.numParameters() + ", got " + gradient.length());
        }
        adam.step(policy.parameterView(), gradient.reshape(gradient.length()).castTo(dataType));
    }

    @Override
    public final P adapt(INDArray states, INDArray actions, ConsolidationPenalty penalty) {
        InnerLoop loop = loops[0];
        loop.adapt(
                policy.parameterView(),
                states.castTo(dataType),
                actions.castTo(dataType),
                config.innerSteps(),
                config.innerLearningRate(),
                penalty,
                adaptationMask());
        return policy.withParameters(loop.adapted());
    }

    @Override
    public final P adapt(TaskLoss support, ConsolidationPenalty penalty) {
        InnerLoop loop = loops[0];
        loop.adapt(
                policy.parameterView(),
                support,
                config.innerSteps(),
                config.innerLearningRate(),
                penalty,
                adaptationMask());
        return policy.withParameters(loop.adapted());
    }

    @Override
    public final void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** What one task contributes: its outer direction left in {@code loop.metaGradient()}, its objective returned. */
    @FunctionalInterface
    private interface Direction<T> {
        double of(InnerLoop loop, T task, INDArray theta0);
    }

    /** Fills {@link #direction} with the mean task direction; returns the mean task objective. */
    private <T> double accumulate(List<T> batch, Direction<T> one) {
        if (batch == null || batch.isEmpty()) {
            throw new IllegalArgumentException("batch must hold at least one task");
        }
        int b = batch.size();
        while (taskDirections.size() < b) {
            taskDirections.add(Nd4j.zeros(dataType, policy.numParameters()));
        }
        double[] losses = new double[b];
        INDArray theta0 = policy.parameterView();
        if (executor == null) {
            runWorker(0, 1, batch, one, theta0, losses);
        } else {
            List<Future<?>> futures = new ArrayList<>();
            int workers = Math.min(loops.length, b);
            for (int w = 0; w < workers; w++) {
                int worker = w;
                futures.add(executor.submit(() -> runWorker(worker, workers, batch, one, theta0, losses)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during a meta-batch", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a meta-batch task failed", e.getCause());
                }
            }
        }
        DenseOps.copy(taskDirections.get(0), direction);
        double loss = losses[0];
        for (int i = 1; i < b; i++) {
            DenseOps.axpy(1.0, taskDirections.get(i), direction);
            loss += losses[i];
        }
        DenseOps.scale(direction, 1.0 / b);
        return loss / b;
    }

    private <T> void runWorker(
            int worker, int stride, List<T> batch, Direction<T> one, INDArray theta0, double[] losses) {
        InnerLoop loop = loops[worker];
        for (int i = worker; i < batch.size(); i += stride) {
            losses[i] = one.of(loop, batch.get(i), theta0);
            DenseOps.copy(loop.metaGradient(), taskDirections.get(i));
        }
    }
}
