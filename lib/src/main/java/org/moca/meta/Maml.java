package org.moca.meta;

import org.moca.policy.ParametricPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Second-order MAML (Finn, Abbeel, Levine, ICML 2017): the gradient of the mean query loss after K inner SGD steps
 * with respect to the initialization,
 * <pre>  d L_q(theta_K) / d theta_0 = prod_(k=K-1..0) (I - alpha H_s(theta_k)) grad L_q(theta_K),</pre>
 * evaluated right to left with K Hessian-vector products. On the MLP's imitation tasks ({@link LearningTask}) they are
 * exact, by Pearlmutter's R-operator on the kernel's tape (no double backward, no finite-difference step). On tasks
 * given by their losses ({@link LossTask}: any policy form, the graph policy's included, any {@link TaskLoss}) they are
 * central differences of the support loss's exact gradient ({@code InnerLoop.backpropagateByDifferences}: relative
 * step 1e-6, double precision only), checked against the R-operator on the MLP and against differences of the whole
 * adapted query loss on the graph policy ({@code DifferenceMamlTest}). The outer objective may carry a consolidation
 * penalty at the adapted parameters.
 *
 * <p>Cost per task: K + 1 gradients and K Hessian-vector products (~3 K + 1 gradient-equivalents by the R-operator,
 * 3 K + 1 gradients by differences); memory: K parameter iterates and, on imitation tasks, K forward tapes per worker.
 *
 * @param <P> the policy form
 */
public final class Maml<P extends ParametricPolicy<P>> extends AbstractMetaLearner<P> {

    public Maml(P policy, MetaLearnerConfig config) {
        this(policy, config, null);
    }

    /** With {@code consolidation} (nullable) added to each task's outer objective at its adapted parameters. */
    public Maml(P policy, MetaLearnerConfig config, ConsolidationPenalty consolidation) {
        super(policy, config, consolidation);
    }

    @Override
    double taskDirection(InnerLoop loop, LearningTask task, INDArray theta0) {
        MetaLearnerConfig c = config();
        adaptToSupport(loop, task, theta0, null);
        double loss = loop.queryLossAndGradient(task.queryStates(), task.queryActions(), consolidation());
        loop.backpropagate(c.innerLearningRate(), null);
        return loss;
    }

    @Override
    double lossTaskDirection(InnerLoop loop, LossTask task, INDArray theta0) {
        adaptToSupport(loop, task, theta0);
        double loss = loop.queryLossAndGradient(task.query(), consolidation());
        loop.backpropagateByDifferences(task.support(), config().innerLearningRate());
        return loss;
    }
}
