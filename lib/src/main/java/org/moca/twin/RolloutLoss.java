package org.moca.twin;

import java.util.Objects;
import org.moca.opt.WindowForecast;
import org.moca.policy.DenseOps;
import org.moca.policy.GaussianMlpMath;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParameterLayout;
import org.moca.policy.ParameterViews;
import org.moca.policy.PolicyConfig;
import org.moca.sim.NetworkIndex;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Analytic policy gradients through the differentiable twin: the loss of a model rollout in which the policy's mean
 * action drives a {@link DifferentiableTwin} for {@code horizon} hours from a {@link TwinState}, on a
 * {@link WindowForecast} (what is known at that hour — the MPC expert's forecast, never the episode's realization),
 * and its exact gradient with respect to the policy's flat parameter vector ({@link GaussianPolicy#parameters()}
 * layout, so every learner that speaks that vocabulary can take it).
 *
 * <p>The rollout: {@code x_k = encode(state_k)}, {@code a_k = mu_theta(x_k)}, {@code state_(k+1) = step(state_k,
 * a_k)}; the loss is the twin's objective normalized by the rollout's nominal demand,
 * <pre>  L(theta) = J(a_0 .. a_(H-1)) / (H × sum_markets mean demand),</pre>
 * so an unserved hour costs about 1 and the loss is comparable across horizons and networks. Its gradient is
 * {@code dL/dtheta = sum_k (d mu / d theta)(x_k)^T lambda_k}, with {@code lambda_k = dL/da_k} from the twin's reverse
 * pass. With {@link RolloutConfig.StateGradient#THROUGH_STATE} the reverse pass also carries each {@code lambda_k}
 * back through the policy's input and the {@link StateEncoder} into the twin's state before hour k (backpropagation
 * through time, as in Hindsight Differentiable Policy Optimization, Alvo, Russo, Kanoria and Lee 2023, and Madeka et
 * al.'s DirectBackprop, 2022): the gradient of the closed loop. With {@link RolloutConfig.StateGradient#STOPPED} the
 * states count as constants. The policy's log-std does not enter (the rollout acts on the mean): its gradient entries
 * are 0.
 *
 * <p>Cost: H policy forwards of one row and H twin hours forward; the reverse pass is H twin hours, H one-row
 * input backwards (through the state only) and one batched parameter backward over the H states. Not thread-safe
 * (it owns the twin and the buffers); one per thread.
 */
public final class RolloutLoss {

    /**
     * One evaluation.
     *
     * @param loss        the normalized loss
     * @param unmetDemand the rollout's unmet demand (units)
     * @param cost        the rollout's cost
     * @param shortfall   the rollout's trailing-sum service shortfall
     * @param gradient    dL/dtheta, flat, in the policy's precision
     */
    public record Value(double loss, double unmetDemand, double cost, double shortfall, INDArray gradient) {}

    private final NetworkIndex layout;
    private final RolloutConfig config;
    private final DifferentiableTwin twin;
    private final StateEncoder encoder;
    private final double demandPerHour;
    private final int stateDim;
    private final int actionDim;
    private final double[] dStock;
    private final double[] dInTransit;
    private final double[] dBacklog;
    private final double[] dx;

    private GaussianMlpMath kernel;
    private GaussianMlpMath.Tape[] hourTapes = new GaussianMlpMath.Tape[0];
    private INDArray[] xRows = new INDArray[0];
    private INDArray gRow;
    private INDArray dxRow;
    private double[][] xs = new double[0][];
    private double[][] actions = new double[0][];
    private double[][] gradA = new double[0][];
    private GaussianMlpMath.Tape batchTape;
    private INDArray xBatch;
    private INDArray gBatch;

    public RolloutLoss(NetworkIndex layout, RolloutConfig config) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.config = Objects.requireNonNull(config, "config");
        this.twin = new DifferentiableTwin(layout, config.objective());
        this.encoder = new StateEncoder(layout, config.stateLayout());
        this.demandPerHour = nominalDemandPerHour(layout);
        this.stateDim = encoder.dimension();
        this.actionDim = twin.codec().dimension();
        dStock = new double[layout.slotCount()];
        dInTransit = new double[layout.network().lanes().size()];
        dBacklog = new double[layout.markets().length];
        dx = new double[stateDim];
    }

    /**
     * The network's nominal demand per hour over its markets: a rollout's objective is divided by {@code horizon} times
     * this, so an unserved hour costs about 1 on any network (every policy's rollout loss uses it).
     */
    public static double nominalDemandPerHour(NetworkIndex layout) {
        double d = 0;
        for (int f : layout.markets()) d += layout.network().facilities().get(f).demand();
        return d;
    }

    public RolloutConfig config() {
        return config;
    }

    public NetworkIndex layout() {
        return layout;
    }

    /** The twin of the last rollout (its hours, served, cost and stock stay readable until the next call). */
    public DifferentiableTwin twin() {
        return twin;
    }

    /** The loss of the policy's current parameters and its gradient (a new flat array in the policy's precision). */
    public Value rolloutLoss(GaussianPolicy policy, TwinState state, WindowForecast forecast, int horizon) {
        Objects.requireNonNull(policy, "policy");
        INDArray gradient = Nd4j.zeros(policy.dataType(), policy.numParameters());
        double loss = lossAndGradient(
                policy.config(), policy.dataType(), policy.parameterView(), state, forecast, horizon, gradient);
        return new Value(loss, twin.unmetDemand(), twin.totalCost(), twin.shortfall(), gradient);
    }

    /**
     * The loss at the flat parameters {@code theta} of a policy of shape {@code shape} in precision {@code type}; if
     * {@code gradient} is non-null (same length and type), its gradient is written there (overwriting).
     *
     * @throws IllegalArgumentException when the policy's state or action width does not fit this network
     */
    public double lossAndGradient(
            PolicyConfig shape,
            DataType type,
            INDArray theta,
            TwinState state,
            WindowForecast forecast,
            int horizon,
            INDArray gradient) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(theta, "theta");
        if (shape.stateDim() != stateDim || shape.actionDim() != actionDim) {
            throw new IllegalArgumentException("the policy maps " + shape.stateDim() + " -> " + shape.actionDim()
                    + ", this network's states and actions are " + stateDim + " -> " + actionDim);
        }
        if (theta.dataType() != type || (gradient != null && gradient.dataType() != type)) {
            throw new IllegalArgumentException("theta and gradient must be " + type);
        }
        requireLength(shape, theta);
        if (gradient != null) requireLength(shape, gradient);
        prepare(shape, type, horizon);
        ParameterViews views = kernel.layout().views(theta);
        twin.reset(state, forecast, horizon);
        int onset = state.firstOnset();
        for (int k = 0; k < horizon; k++) {
            encoder.encode(twin.view(), onset, encoder.factors(twin.view(), twin::knownFactors), xs[k]);
            DenseOps.Elements x = DenseOps.elements(xRows[k]);
            for (int i = 0; i < stateDim; i++) x.set(i, xs[k][i]);
            DenseOps.Elements mu = DenseOps.elements(kernel.forwardMean(views, xRows[k], hourTapes[k]));
            for (int j = 0; j < actionDim; j++) actions[k][j] = mu.get(j);
            twin.step(actions[k]);
        }
        double scale = 1.0 / (horizon * demandPerHour);
        double loss = twin.objective() * scale;
        if (gradient == null) return loss;

        twin.beginBackward();
        boolean throughState = config.stateGradient() == RolloutConfig.StateGradient.THROUGH_STATE;
        for (int k = horizon - 1; k >= 0; k--) {
            twin.backwardHour(gradA[k]); // dJ/da_k, in the objective's units like the twin's adjoint state
            if (throughState && k > 0) {
                // hour 0's state is the start state: nothing before it to pass the gradient to
                DenseOps.Elements g = DenseOps.elements(gRow);
                for (int j = 0; j < actionDim; j++) g.set(j, gradA[k][j]);
                kernel.meanBackward(views, hourTapes[k], gRow, null, dxRow);
                DenseOps.Elements d = DenseOps.elements(dxRow);
                for (int i = 0; i < stateDim; i++) dx[i] = d.get(i);
                java.util.Arrays.fill(dStock, 0);
                java.util.Arrays.fill(dInTransit, 0);
                java.util.Arrays.fill(dBacklog, 0);
                encoder.backward(xs[k], dx, dStock, dInTransit, dBacklog);
                twin.addStateCotangent(dStock, dInTransit, dBacklog);
            }
        }
        for (int k = 0; k < horizon; k++) for (int j = 0; j < actionDim; j++) gradA[k][j] *= scale;
        // one batched backward for the parameters: sum_k (d mu / d theta)(x_k)^T lambda_k
        DenseOps.Elements xb = DenseOps.elements(xBatch);
        DenseOps.Elements gb = DenseOps.elements(gBatch);
        for (int k = 0; k < horizon; k++) {
            for (int i = 0; i < stateDim; i++) xb.set(k * stateDim + i, xs[k][i]);
            for (int j = 0; j < actionDim; j++) gb.set(k * actionDim + j, gradA[k][j]);
        }
        kernel.forwardMean(views, xBatch, batchTape);
        kernel.meanBackward(views, batchTape, gBatch, kernel.layout().views(gradient), null);
        return loss;
    }

    /** The gradient with respect to hour k's action of the last evaluation with a gradient (live, normalized). */
    public double[] actionGradient(int k) {
        if (k < 0 || k >= twin.horizon()) throw new IllegalArgumentException("hour " + k + " is outside the rollout");
        return gradA[k];
    }

    /** Hour k's action (the policy's mean) in the last rollout (live). */
    public double[] action(int k) {
        if (k < 0 || k >= twin.hoursDone()) throw new IllegalArgumentException("hour " + k + " is outside the rollout");
        return actions[k];
    }

    /** Hour k's encoded state, as the policy saw it in the last rollout (live). */
    double[] encodedState(int k) {
        if (k < 0 || k >= twin.hoursDone()) throw new IllegalArgumentException("hour " + k + " is outside the rollout");
        return xs[k];
    }

    /**
     * The twin's {@link DifferentiableTwin#kinkSignature} of the last rollout, mixed with the clip pattern of the
     * encoded states (a feature at its clip is a kink of the encoder; one at 0 is not, stock cannot go below): equal
     * signatures, same smooth piece.
     */
    long kinkSignature() {
        long h = twin.kinkSignature();
        for (int k = 0; k < twin.hoursDone(); k++) {
            for (double v : xs[k]) h = (h ^ (v == StateEncoder.CLIP ? 1 : 0)) * 0x9E3779B97F4A7C15L;
        }
        return h;
    }

    private void prepare(PolicyConfig shape, DataType type, int horizon) {
        if (kernel == null || !kernel.config().equals(shape) || kernel.dataType() != type) {
            kernel = new GaussianMlpMath(shape, type);
            hourTapes = new GaussianMlpMath.Tape[0];
            xRows = new INDArray[0];
            batchTape = null;
            gRow = Nd4j.zeros(type, 1, actionDim);
            dxRow = Nd4j.zeros(type, 1, stateDim);
        }
        if (hourTapes.length < horizon) {
            hourTapes = new GaussianMlpMath.Tape[horizon];
            xRows = new INDArray[horizon];
            for (int k = 0; k < horizon; k++) {
                hourTapes[k] = kernel.newTape(1);
                xRows[k] = Nd4j.zeros(type, 1, stateDim);
            }
            xs = new double[horizon][stateDim];
            actions = new double[horizon][actionDim];
            gradA = new double[horizon][actionDim];
        }
        if (batchTape == null || batchTape.rows() != horizon) {
            batchTape = kernel.newTape(horizon);
            xBatch = Nd4j.zeros(type, horizon, stateDim);
            gBatch = Nd4j.zeros(type, horizon, actionDim);
        }
    }

    private static void requireLength(PolicyConfig shape, INDArray v) {
        long want = new ParameterLayout(shape).size();
        if (v.length() != want) {
            throw new IllegalArgumentException(
                    "parameter vector has " + v.length() + " entries, the policy needs " + want);
        }
    }
}
