package org.moca.meta;

import org.moca.policy.DenseOps;
import org.moca.policy.ParametricPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reptile (A. Nichol, J. Achiam, J. Schulman, "On first-order meta-learning algorithms", 2018): move the
 * initialization toward the adapted parameters. The outer direction is the pseudo-gradient
 * {@code theta_0 - theta_K} (averaged over the meta-batch), followed by the outer Adam like a gradient; the query set
 * only reports the objective. With a consolidation penalty its gradient at {@code theta_K} is added.
 * Cost per task: K gradients and one query forward. Runs on any {@link ParametricPolicy}.
 *
 * @param <P> the policy form
 */
public final class Reptile<P extends ParametricPolicy<P>> extends AbstractMetaLearner<P> {

    public Reptile(P policy, MetaLearnerConfig config) {
        this(policy, config, null);
    }

    /** With {@code consolidation} (nullable) whose gradient at the adapted parameters joins the direction. */
    public Reptile(P policy, MetaLearnerConfig config, ConsolidationPenalty consolidation) {
        super(policy, config, consolidation);
    }

    @Override
    double taskDirection(InnerLoop loop, LearningTask task, INDArray theta0) {
        adaptToSupport(loop, task, theta0, null);
        double loss = loop.queryLoss(task.queryStates(), task.queryActions());
        INDArray direction = loop.metaGradient();
        DenseOps.copy(theta0, direction);
        DenseOps.axpy(-1.0, loop.adapted(), direction);
        if (consolidation() != null) {
            loss += consolidation().value(loop.adapted());
            consolidation().addGradient(loop.adapted(), direction);
        }
        return loss;
    }

    @Override
    double lossTaskDirection(InnerLoop loop, LossTask task, INDArray theta0) {
        adaptToSupport(loop, task, theta0);
        double loss = loop.queryLoss(task.query());
        INDArray direction = loop.metaGradient();
        DenseOps.copy(theta0, direction);
        DenseOps.axpy(-1.0, loop.adapted(), direction);
        if (consolidation() != null) {
            loss += consolidation().value(loop.adapted());
            consolidation().addGradient(loop.adapted(), direction);
        }
        return loss;
    }
}
