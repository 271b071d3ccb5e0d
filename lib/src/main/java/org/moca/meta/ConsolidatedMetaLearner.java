package org.moca.meta;

import java.util.List;
import java.util.Objects;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParametricPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Meta-training with the consolidation penalty inside the meta-update, the placement of the author's article
 * ({@code meta_update_with_consolidation}), done so that it anchors something. Each task's outer objective is
 * <pre>  L_query(theta_K) + lambda ||theta_K - anchor||^2,   theta_K = K inner SGD steps from theta_0,</pre>
 * differentiated by the wrapped learner with respect to {@code theta_0} (exactly through the inner loop for
 * {@link Maml}: {@code prod_k (I - alpha H_k) (grad L_q(theta_K) + 2 lambda (theta_K - anchor))}; at {@code theta_K}
 * for {@link FirstOrderMaml}). The anchor is a kept snapshot of the meta-parameters: the initialization at
 * construction, then the meta-parameters after every {@link OuterConsolidationConfig#anchorEvery()}-th outer update,
 * so outer updates {@code [nE, (n+1)E)} are all pulled toward the parameters of update {@code nE}. The article
 * instead re-cloned its "stable base" from the current parameters in every call, so the penalty measured the adapted
 * copy against where the parameters already were and could only pull the meta-parameters toward their own adaptations
 * (and, its outer step being detached, that pull was the only thing that moved them).
 *
 * <p>Two differences from the article, both deliberate: the penalty is the squared norm of the whole parameter vector
 * ({@link L2Consolidation}), not a sum of per-tensor norms (whose gradient is undefined at the anchor and whose value
 * depends on how parameters are grouped into tensors); and the meta-loss is the mean over the meta-batch.
 *
 * <p>What stays MOCA's at deployment is unchanged: online replay, the annealed rate and the deployment-time penalty
 * anchored at the final meta-parameters ({@code agent.AdaptivePolicy}). Cost: the wrapped learner's, plus O(P) per
 * task for the penalty and one O(P) copy per snapshot. Used from one thread at a time, like every learner.
 *
 * @param <P> the policy form (the graph policy too, with a first-order learner)
 */
public final class ConsolidatedMetaLearner<P extends ParametricPolicy<P>> implements MetaLearner<P> {

    /** A learner built with an outer penalty: {@code Maml::new}, {@code FirstOrderMaml::new}, {@code Anil::new}... */
    @FunctionalInterface
    public interface Factory<P extends ParametricPolicy<P>> {
        MetaLearner<P> create(P policy, MetaLearnerConfig config, ConsolidationPenalty outerPenalty);
    }

    private final MetaLearner<P> inner;
    private final OuterConsolidationConfig schedule;
    private final L2Consolidation penalty;
    private long outerUpdates;
    private long snapshots;

    /**
     * Wraps a learner that {@code make} builds on {@code policy} with an outer {@link L2Consolidation} anchored at a
     * snapshot of {@code policy}'s current parameters, re-snapshotted on {@code schedule}.
     */
    public ConsolidatedMetaLearner(
            P policy, MetaLearnerConfig config, OuterConsolidationConfig schedule, Factory<P> make) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(config, "config");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(make, "make");
        this.penalty = L2Consolidation.anchoredAt(policy, schedule.lambda());
        this.inner = Objects.requireNonNull(make.create(policy, config, penalty), "the factory's learner");
        if (inner.policy() != policy) throw new IllegalArgumentException("the factory must wrap the given policy");
    }

    /** Article-faithful MOCA meta-training: second-order {@link Maml} with the scheduled outer penalty. */
    public static ConsolidatedMetaLearner<GaussianPolicy> maml(
            GaussianPolicy policy, MetaLearnerConfig config, OuterConsolidationConfig schedule) {
        return new ConsolidatedMetaLearner<>(policy, config, schedule, Maml::new);
    }

    /** The anchor schedule and strength. */
    public OuterConsolidationConfig schedule() {
        return schedule;
    }

    /** A copy of the current anchor. */
    public INDArray anchor() {
        return penalty.anchor();
    }

    /** Outer updates taken so far. */
    public long outerUpdates() {
        return outerUpdates;
    }

    /** Times the anchor was re-snapshotted since construction ({@code floor(outerUpdates / anchorEvery)}). */
    public long snapshots() {
        return snapshots;
    }

    /** The outer penalty at {@code theta} against the current anchor. */
    public double penaltyValue(INDArray theta) {
        return penalty.value(theta);
    }

    @Override
    public P policy() {
        return inner.policy();
    }

    @Override
    public MetaLearnerConfig config() {
        return inner.config();
    }

    /** The mean over the batch of {@code L_query(theta_K) + P(theta_K)} and its gradient; changes nothing. */
    @Override
    public MetaGradient metaGradient(List<LearningTask> batch) {
        return inner.metaGradient(batch);
    }

    @Override
    public double metaStep(List<LearningTask> batch) {
        double loss = inner.metaStep(batch);
        afterUpdate();
        return loss;
    }

    @Override
    public void applyUpdate(INDArray gradient) {
        inner.applyUpdate(gradient);
        afterUpdate();
    }

    @Override
    public MetaGradient metaGradientOfLosses(List<LossTask> batch) {
        return inner.metaGradientOfLosses(batch);
    }

    @Override
    public double metaStepOnLosses(List<LossTask> batch) {
        double loss = inner.metaStepOnLosses(batch);
        afterUpdate();
        return loss;
    }

    @Override
    public P adapt(INDArray states, INDArray actions, ConsolidationPenalty deploymentPenalty) {
        return inner.adapt(states, actions, deploymentPenalty);
    }

    @Override
    public P adapt(TaskLoss support, ConsolidationPenalty deploymentPenalty) {
        return inner.adapt(support, deploymentPenalty);
    }

    @Override
    public void close() {
        inner.close();
    }

    /** Counts the update; after every {@code anchorEvery}-th, the anchor becomes the new meta-parameters. */
    private void afterUpdate() {
        outerUpdates++;
        if (outerUpdates % schedule.anchorEvery() == 0) {
            penalty.snapshot(inner.policy().parameterView());
            snapshots++;
        }
    }
}
