package org.moca.meta;

import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParameterLayout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ANIL, "almost no inner loop" (A. Raghu, M. Raghu, S. Bengio, O. Vinyals, "Rapid learning or feature reuse?",
 * ICLR 2020): only the head (the mean layer's weights and bias) adapts in the inner loop; the body and the log-std
 * are meta-learned but fixed during adaptation. The meta-gradient is exact (second order), through the masked steps
 * {@code theta_(k+1) = theta_k - alpha P grad L_s(theta_k)}: {@code g <- g - alpha H_k (P g)}.
 */
public final class Anil extends AbstractMetaLearner<GaussianPolicy> {
    private final INDArray headMask;

    public Anil(GaussianPolicy policy, MetaLearnerConfig config) {
        this(policy, config, null);
    }

    /** With {@code consolidation} (nullable) added to each task's outer objective at its adapted parameters. */
    public Anil(GaussianPolicy policy, MetaLearnerConfig config, ConsolidationPenalty consolidation) {
        super(policy, config, consolidation);
        ParameterLayout layout = policy.layout();
        headMask = Nd4j.zeros(policy.dataType(), layout.size());
        layout.headView(headMask).assign(1.0);
    }

    @Override
    INDArray adaptationMask() {
        return headMask;
    }

    @Override
    double taskDirection(InnerLoop loop, LearningTask task, INDArray theta0) {
        MetaLearnerConfig c = config();
        adaptToSupport(loop, task, theta0, headMask);
        double loss = loop.queryLossAndGradient(task.queryStates(), task.queryActions(), consolidation());
        loop.backpropagate(c.innerLearningRate(), headMask);
        return loss;
    }
}
