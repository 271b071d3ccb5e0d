package org.moca.meta;

import org.moca.policy.DenseOps;
import org.moca.policy.GaussianMlpMath;
import org.moca.policy.ParameterLayout;
import org.moca.policy.ParameterViews;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One worker's machinery for the inner loop and its differentiation: K SGD steps
 * {@code theta_(k+1) = theta_k - alpha P (grad L_s(theta_k) + grad C(theta_k))} (P a 0/1 mask, the identity unless
 * only the head adapts; C an optional consolidation penalty, used when adapting for deployment), the query gradient at {@code theta_K}, and the exact
 * backward pass through the (unpenalized) steps, {@code g <- g - alpha H_k (P g)} for k = K-1..0, each
 * {@code H_k v} one R-operator Hessian-vector product on the tape kept from step k.
 *
 * <p>Every buffer (parameter iterates, tapes, gradients) is allocated once and reused across meta-iterations, and
 * all arithmetic goes through {@link DenseOps} (no ND4J op), so a meta-iteration allocates no native memory when no
 * penalty is used. Not thread-safe: one per worker.
 */
final class InnerLoop {
    private final GaussianMlpMath kernel;
    private final ParameterLayout layout;
    private final long size;
    private final DataType dataType;
    private final INDArray[] theta;
    private final ParameterViews[] thetaViews;
    private final GaussianMlpMath.Tape[] supportTapes;
    private GaussianMlpMath.Tape queryTape;
    private final INDArray grad;
    private final ParameterViews gradViews;
    private final INDArray masked;
    private final ParameterViews maskedViews;
    private final INDArray hv;
    private final ParameterViews hvViews;
    private final INDArray metaGradient;
    private final ParameterViews metaGradientViews;
    private INDArray probe;
    private int steps;
    private boolean tapesValid;

    /**
     * A loop for the Gaussian MLP of {@code config} (every method), or, with {@code config} null, for any flat
     * parameter vector of {@code size} entries (the {@link TaskLoss} methods only: the state-action methods and
     * {@link #backpropagate} need the MLP's kernel).
     */
    InnerLoop(PolicyConfig config, long size, DataType dataType, int maxSteps) {
        this.kernel = config == null ? null : new GaussianMlpMath(config, dataType);
        this.layout = kernel == null ? null : kernel.layout();
        this.size = size;
        if (layout != null && layout.size() != size)
            throw new IllegalArgumentException("size " + size + " is not the MLP's " + layout.size());
        this.dataType = dataType;
        theta = new INDArray[maxSteps + 1];
        thetaViews = new ParameterViews[maxSteps + 1];
        for (int k = 0; k <= maxSteps; k++) {
            theta[k] = zeros();
            thetaViews[k] = views(theta[k]);
        }
        supportTapes = new GaussianMlpMath.Tape[maxSteps];
        grad = zeros();
        gradViews = views(grad);
        masked = zeros();
        maskedViews = views(masked);
        hv = zeros();
        hvViews = views(hv);
        metaGradient = zeros();
        metaGradientViews = views(metaGradient);
    }

    private ParameterViews views(INDArray flat) {
        return layout == null ? null : layout.views(flat);
    }

    /** The MLP's kernel, or a clear error for a loop over another policy's parameters. */
    private GaussianMlpMath kernel() {
        if (kernel == null)
            throw new UnsupportedOperationException("tasks given as states and actions, and second-order"
                    + " differentiation, use the Gaussian MLP's imitation kernel; this policy takes its tasks as"
                    + " LossTasks (for the graph policy: GraphImitationLoss) with a first-order learner");
        return kernel;
    }

    private INDArray zeros() {
        return Nd4j.zeros(dataType, size);
    }

    /**
     * Runs {@code steps} SGD steps from {@code start} on the support set; returns the support loss before the last
     * step. The iterates stay available for {@link #backpropagate}.
     */
    double adapt(
            INDArray start,
            INDArray states,
            INDArray actions,
            int steps,
            double learningRate,
            ConsolidationPenalty penalty,
            INDArray mask) {
        if (steps > supportTapes.length) {
            throw new IllegalArgumentException("steps must be <= " + supportTapes.length + ", got " + steps);
        }
        this.steps = steps;
        this.tapesValid = true;
        DenseOps.copy(start, theta[0]);
        double loss = Double.NaN;
        int rows = states.rows();
        for (int k = 0; k < steps; k++) {
            if (supportTapes[k] == null || supportTapes[k].rows() != rows) {
                supportTapes[k] = kernel().newTape(rows);
            }
            loss = kernel().lossAndGradient(thetaViews[k], states, actions, supportTapes[k], gradViews);
            if (penalty != null) {
                loss += penalty.value(theta[k]);
                penalty.addGradient(theta[k], grad);
            }
            if (mask != null) {
                DenseOps.mul(grad, mask, grad);
            }
            DenseOps.axpyInto(-learningRate, grad, theta[k], theta[k + 1]);
        }
        return loss;
    }

    /**
     * As {@link #adapt(INDArray, INDArray, INDArray, int, double, ConsolidationPenalty, INDArray)} on any
     * {@link TaskLoss}: the same SGD steps, the loss and its gradient from {@code loss}. Keeps no tapes, so
     * {@link #backpropagate} (second order) is not available afterwards.
     */
    double adapt(
            INDArray start,
            TaskLoss loss,
            int steps,
            double learningRate,
            ConsolidationPenalty penalty,
            INDArray mask) {
        if (steps > supportTapes.length) {
            throw new IllegalArgumentException("steps must be <= " + supportTapes.length + ", got " + steps);
        }
        this.steps = steps;
        this.tapesValid = false;
        DenseOps.copy(start, theta[0]);
        double value = Double.NaN;
        for (int k = 0; k < steps; k++) {
            value = loss.lossAndGradient(theta[k], grad);
            if (penalty != null) {
                value += penalty.value(theta[k]);
                penalty.addGradient(theta[k], grad);
            }
            if (mask != null) {
                DenseOps.mul(grad, mask, grad);
            }
            DenseOps.axpyInto(-learningRate, grad, theta[k], theta[k + 1]);
        }
        return value;
    }

    /**
     * Query loss of {@code query} at {@code theta_K} (plus {@code outerPenalty(theta_K)} if non-null); its gradient
     * with respect to {@code theta_K} goes into the meta-gradient buffer.
     */
    double queryLossAndGradient(TaskLoss query, ConsolidationPenalty outerPenalty) {
        double loss = query.lossAndGradient(theta[steps], metaGradient);
        if (outerPenalty != null) {
            loss += outerPenalty.value(theta[steps]);
            outerPenalty.addGradient(theta[steps], metaGradient);
        }
        return loss;
    }

    /** Query loss of {@code query} at {@code theta_K} without gradient. */
    double queryLoss(TaskLoss query) {
        return query.lossAndGradient(theta[steps], null);
    }

    /** The adapted parameters {@code theta_K} of the last {@link #adapt} (a live buffer). */
    INDArray adapted() {
        return theta[steps];
    }

    /**
     * Query loss at {@code theta_K} (plus {@code outerPenalty(theta_K)} if non-null); its gradient with respect to
     * {@code theta_K} goes into the meta-gradient buffer.
     */
    double queryLossAndGradient(INDArray states, INDArray actions, ConsolidationPenalty outerPenalty) {
        int rows = states.rows();
        if (queryTape == null || queryTape.rows() != rows) {
            queryTape = kernel().newTape(rows);
        }
        double loss = kernel().lossAndGradient(thetaViews[steps], states, actions, queryTape, metaGradientViews);
        if (outerPenalty != null) {
            loss += outerPenalty.value(theta[steps]);
            outerPenalty.addGradient(theta[steps], metaGradient);
        }
        return loss;
    }

    /** Query loss at {@code theta_K} without gradient. */
    double queryLoss(INDArray states, INDArray actions) {
        int rows = states.rows();
        if (queryTape == null || queryTape.rows() != rows) {
            queryTape = kernel().newTape(rows);
        }
        return kernel().lossAndGradient(thetaViews[steps], states, actions, queryTape, null);
    }

    /**
     * Turns the gradient at {@code theta_K} in the meta-gradient buffer into the exact gradient with respect to
     * {@code theta_0}: {@code g <- (I - alpha P H_k)^T g = g - alpha H_k (P g)}, for
     * k = K-1 down to 0. Needs the tapes of the last {@link #adapt}. Cost: K Hessian-vector products.
     */
    void backpropagate(double learningRate, INDArray mask) {
        if (!tapesValid) {
            throw new IllegalStateException("second-order backpropagation needs the imitation loss's tapes; the last"
                    + " adaptation ran on a TaskLoss without Hessian-vector products");
        }
        for (int k = steps - 1; k >= 0; k--) {
            ParameterViews direction = metaGradientViews;
            if (mask != null) {
                DenseOps.mul(metaGradient, mask, masked);
                direction = maskedViews;
            }
            kernel().hessianVectorProduct(thetaViews[k], supportTapes[k], direction, hvViews);
            DenseOps.axpy(-learningRate, hv, metaGradient);
        }
    }

    /**
     * As {@link #backpropagate} after an adaptation on a {@link TaskLoss} (any policy form), each Hessian-vector
     * product by a central difference of {@code support}'s exact gradient,
     * {@code H_k v ~ (grad L_s(theta_k + e u) - grad L_s(theta_k - e u)) ||v|| / (2 e)} with {@code u = v / ||v||} and
     * {@code e = HVP_STEP (1 + ||theta_k||_inf)}: error O(e^2) where the loss is smooth, plus O(eps_machine / e) round-off
     * (about 1e-10 relative at double precision); across a ReLU kink or the twin's min/max within {@code e} of
     * {@code theta_k} the difference sees the kink's jump instead of the zero curvature an R-operator reports.
     * Cost: two support gradients per step. Double precision only.
     *
     * @throws IllegalStateException when the loop is not double precision
     */
    void backpropagateByDifferences(TaskLoss support, double learningRate) {
        if (dataType != DataType.DOUBLE)
            throw new IllegalStateException(
                    "Hessian-vector products by differences need double precision, the loop is " + dataType);
        if (probe == null) probe = zeros();
        for (int k = steps - 1; k >= 0; k--) {
            double norm = metaGradient.norm2Number().doubleValue();
            if (norm == 0) continue;
            double e = HVP_STEP * (1 + theta[k].amaxNumber().doubleValue());
            DenseOps.axpyInto(e / norm, metaGradient, theta[k], probe);
            support.lossAndGradient(probe, hv);
            DenseOps.axpyInto(-e / norm, metaGradient, theta[k], probe);
            support.lossAndGradient(probe, grad);
            DenseOps.axpy(-1.0, grad, hv); // hv = grad(+) - grad(-)
            DenseOps.axpy(-learningRate * norm / (2 * e), hv, metaGradient);
        }
    }

    /**
     * The relative step of {@link #backpropagateByDifferences}: truncation O(1e-12), round-off about 1e-10 relative,
     * and a step small enough that a ReLU kink rarely lies within it.
     */
    static final double HVP_STEP = 1e-6;

    /** The meta-gradient buffer (a live buffer). */
    INDArray metaGradient() {
        return metaGradient;
    }
}
