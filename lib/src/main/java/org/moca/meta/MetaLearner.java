package org.moca.meta;

import java.util.List;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParametricPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Learns an initialization of a policy's flat parameters ({@link ParametricPolicy}: the {@link GaussianPolicy} MLP or
 * the network-independent {@link org.moca.policy.GraphPolicyParameters}) from which a few gradient steps on a new
 * task's support set give a good policy for that task (C. Finn, P. Abbeel, S. Levine, "Model-agnostic meta-learning for fast adaptation
 * of deep networks", ICML 2017). Implementations wrap the policy (its parameters are the meta-parameters, updated in
 * place by {@link #metaStep}); they never subclass it.
 *
 * <p>Objective: {@code min_theta 1/B sum_t L_query_t(adapt_t(theta))} over a meta-batch of B tasks; the MEAN over
 * tasks (the author's sketch sums it, so its scale grows with the batch). Task loss: the policy's Gaussian NLL of the
 * expert actions ({@link LearningTask}), or any {@link TaskLoss} ({@link LossTask}: e.g. the differentiable twin's
 * rollout objective, {@link RolloutTaskLoss}, or the graph policy's {@link GraphImitationLoss}; first-order learners
 * only). Tasks as states and actions ({@link LearningTask}, {@link #adapt(INDArray, INDArray)}) use the MLP's
 * imitation kernel and need a {@link GaussianPolicy}; on another policy they throw
 * {@link UnsupportedOperationException}.
 *
 * <p>A learner is used from one thread at a time; it parallelizes a meta-batch itself over
 * {@link MetaLearnerConfig#workers()} threads. Close it to stop them.
 *
 * @param <P> the policy form whose parameters are meta-learned
 */
public interface MetaLearner<P extends ParametricPolicy<P>> extends AutoCloseable {

    /** The wrapped policy, whose parameters are the meta-parameters (live). */
    P policy();

    MetaLearnerConfig config();

    /** The outer-update direction for a meta-batch, at the current meta-parameters; changes nothing. */
    MetaGradient metaGradient(List<LearningTask> batch);

    /** One outer Adam step on a meta-batch; returns the mean query loss before the step. */
    default double metaStep(List<LearningTask> batch) {
        MetaGradient g = metaGradient(batch);
        applyUpdate(g.gradient());
        return g.meanQueryLoss();
    }

    /** One outer Adam step along {@code gradient} (a flat vector over the policy's parameters). */
    void applyUpdate(INDArray gradient);

    /** A new policy: the meta-parameters after K inner steps on {@code states, actions}. The policy is unchanged. */
    default P adapt(INDArray states, INDArray actions) {
        return adapt(states, actions, null);
    }

    /**
     * As {@link #adapt(INDArray, INDArray)}, minimizing {@code L_support + penalty} (null: no penalty) in the inner
     * loop, e.g. an {@link L2Consolidation} or {@link EwcConsolidation} anchored at a kept snapshot.
     */
    P adapt(INDArray states, INDArray actions, ConsolidationPenalty penalty);

    /**
     * A new policy: the meta-parameters after K inner steps on any {@link TaskLoss} (e.g. the twin's
     * {@link RolloutTaskLoss}), minimizing {@code support + penalty} (null: no penalty), on the parameters this learner
     * adapts (all, or ANIL's head). The policy is unchanged.
     */
    P adapt(TaskLoss support, ConsolidationPenalty penalty);

    /**
     * The outer-update direction for a meta-batch of tasks given by their losses; changes nothing. First order only:
     * {@link FirstOrderMaml} (the query gradient at the adapted parameters) and {@link Reptile} (toward the adapted
     * parameters); the second-order learners throw {@link UnsupportedOperationException}.
     */
    MetaGradient metaGradientOfLosses(List<LossTask> batch);

    /** One outer Adam step on a meta-batch of {@link LossTask}s; returns the mean query loss before the step. */
    default double metaStepOnLosses(List<LossTask> batch) {
        MetaGradient g = metaGradientOfLosses(batch);
        applyUpdate(g.gradient());
        return g.meanQueryLoss();
    }

    /** Stops worker threads, if any. */
    @Override
    void close();
}
