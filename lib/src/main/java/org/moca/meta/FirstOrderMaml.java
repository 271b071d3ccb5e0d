package org.moca.meta;

import org.moca.policy.ParametricPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * First-order MAML (Finn et al. 2017, section 5.2): the meta-gradient approximated by the query gradient at the
 * adapted parameters, {@code grad L_q(theta_K)}, dropping the Hessian terms. Cost per task: K + 1 gradients. Runs on
 * any {@link ParametricPolicy}: it needs only the tasks' losses and gradients.
 *
 * @param <P> the policy form
 */
public final class FirstOrderMaml<P extends ParametricPolicy<P>> extends AbstractMetaLearner<P> {

    public FirstOrderMaml(P policy, MetaLearnerConfig config) {
        this(policy, config, null);
    }

    /** With {@code consolidation} (nullable) added to each task's outer objective at its adapted parameters. */
    public FirstOrderMaml(P policy, MetaLearnerConfig config, ConsolidationPenalty consolidation) {
        super(policy, config, consolidation);
    }

    @Override
    double taskDirection(InnerLoop loop, LearningTask task, INDArray theta0) {
        adaptToSupport(loop, task, theta0, null);
        return loop.queryLossAndGradient(task.queryStates(), task.queryActions(), consolidation());
    }

    @Override
    double lossTaskDirection(InnerLoop loop, LossTask task, INDArray theta0) {
        adaptToSupport(loop, task, theta0);
        return loop.queryLossAndGradient(task.query(), consolidation());
    }
}
