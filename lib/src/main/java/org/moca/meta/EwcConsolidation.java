package org.moca.meta;

import java.util.List;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParametricPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Elastic weight consolidation (J. Kirkpatrick et al., "Overcoming catastrophic forgetting in neural networks",
 * PNAS 2017): {@code lambda * sum_i F_i (theta_i - theta_anchor_i)^2}, with {@code F} the diagonal empirical Fisher
 * information of the anchored task, {@code F = 1/n sum_k g_k^2} over per-sample gradients {@code g_k} of the NLL
 * (the mean of squares; the square of the mean gradient, a common bug, is near zero at a fitted optimum).
 * Parameters that mattered for the old task are held, the rest stay free. O(P) per evaluation.
 */
public final class EwcConsolidation extends QuadraticConsolidation {
    /** Anchored at copies of {@code anchor} with Fisher weights {@code fisher}. */
    public EwcConsolidation(INDArray anchor, INDArray fisher, double lambda) {
        super(lambda, anchor, fisher);
    }

    /**
     * Anchors at {@code policy}'s current parameters with the Fisher of its NLL on the anchored task's
     * {@code states, actions}. Cost: one batched forward/backward (see
     * {@link org.moca.policy.GaussianMlpMath#fisherDiagonal}).
     */
    public static EwcConsolidation anchoredAt(GaussianPolicy policy, INDArray states, INDArray actions, double lambda) {
        INDArray fisher = policy.kernel()
                .fisherDiagonal(
                        policy.parameterViews(), states.castTo(policy.dataType()), actions.castTo(policy.dataType()));
        return new EwcConsolidation(policy.parameters(), fisher, lambda);
    }

    /**
     * Anchors at {@code policy}'s current parameters with the diagonal empirical Fisher of the anchored task given as
     * one loss per sample, {@code F = 1/n sum_k g_k^2} with {@code g_k} the gradient of {@code perSample.get(k)} at the
     * parameters: the form for any {@link ParametricPolicy} (the graph policy: {@link GraphImitationLoss#perRow()}).
     * On the MLP with one-row {@link ImitationLoss}es it equals {@link #anchoredAt(GaussianPolicy, INDArray, INDArray,
     * double)}. Cost: n gradients.
     *
     * @throws IllegalArgumentException if {@code perSample} is empty
     */
    public static EwcConsolidation anchoredAt(
            ParametricPolicy<?> policy, List<? extends TaskLoss> perSample, double lambda) {
        if (perSample.isEmpty()) throw new IllegalArgumentException("the Fisher needs at least one sample's loss");
        INDArray theta = policy.parameters();
        INDArray g = theta.ulike();
        INDArray fisher = theta.ulike().assign(0);
        for (TaskLoss loss : perSample) {
            loss.lossAndGradient(theta, g);
            fisher.addi(g.muli(g));
        }
        return new EwcConsolidation(theta, fisher.divi(perSample.size()), lambda);
    }

    /** A copy of the Fisher weights. */
    public INDArray fisher() {
        return weightsOrNull();
    }
}
