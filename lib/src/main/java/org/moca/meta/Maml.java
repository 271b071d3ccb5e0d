package org.moca.meta;

import org.moca.policy.GaussianPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Second-order MAML (Finn, Abbeel, Levine, ICML 2017): the exact gradient of the mean query loss after K inner SGD
 * steps with respect to the initialization,
 * <pre>  d L_q(theta_K) / d theta_0 = prod_(k=K-1..0) (I - alpha H_s(theta_k)) grad L_q(theta_K),</pre>
 * evaluated right to left with K Hessian-vector products by Pearlmutter's R-operator (no double backward needed,
 * no finite-difference step). The outer objective may carry a consolidation penalty at the adapted parameters.
 *
 * <p>Cost per task: K + 1 gradients and K Hessian-vector products (~3 K + 1 gradient-equivalents); memory: K
 * parameter iterates and K forward tapes per worker.
 */
public final class Maml extends AbstractMetaLearner<GaussianPolicy> {

    public Maml(GaussianPolicy policy, MetaLearnerConfig config) {
        this(policy, config, null);
    }

    /** With {@code consolidation} (nullable) added to each task's outer objective at its adapted parameters. */
    public Maml(GaussianPolicy policy, MetaLearnerConfig config, ConsolidationPenalty consolidation) {
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
}
