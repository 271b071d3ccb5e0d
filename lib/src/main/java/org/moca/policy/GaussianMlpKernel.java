package org.moca.policy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The math of the Gaussian MLP policy on a flat parameter vector: forward, loss, gradient, Hessian-vector product
 * and the diagonal empirical Fisher, written as a few ND4J GEMMs into preallocated buffers.
 *
 * <p><b>Loss.</b> For states {@code X} ({@code n x d}), expert actions {@code Y} ({@code n x a}), mean
 * {@code M = mlp(X)} and bounded log-std {@code s} (see {@link PolicyConfig}), the task loss is the Gaussian negative
 * log-likelihood averaged over samples and action dimensions (what the author's {@code -log_prob(a).mean()} computes):
 * <pre>  L = 1/(n a) * sum_ij [ (M_ij - Y_ij)^2 exp(-2 s_j) / 2 + s_j ] + ln(2 pi) / 2.</pre>
 *
 * <p><b>Hessian-vector products</b> use Pearlmutter's R-operator (B. A. Pearlmutter, "Fast exact multiplication by
 * the Hessian", Neural Computation 6(1), 1994): one forward pass of directional derivatives {@code R{.}} along
 * {@code v}, then the backward pass differentiated along {@code v}. It is exact (no finite-difference step) and costs
 * about two gradients. DL4J has no double backward, so this is what makes second-order MAML possible.
 *
 * <p><b>Cost.</b> A gradient is 2 GEMMs per layer forward plus 2 backward (~3x the forward FLOPs, 44 MFLOP at the
 * author's shape with 64 rows); an HVP reuses the forward {@link Tape} and costs ~5 GEMMs per layer.
 *
 * <p>Not thread-safe: one kernel (and its tapes) per worker thread. All arrays are created with the kernel's
 * explicit {@link DataType}, never the global default.
 */
public final class GaussianMlpKernel {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final PolicyConfig config;
    private final ParameterLayout layout;
    private final DataType dataType;
    private final int layers;

    public GaussianMlpKernel(PolicyConfig config, DataType dataType) {
        this.config = config;
        this.layout = new ParameterLayout(config);
        this.dataType = dataType;
        this.layers = layout.layers();
    }

    public PolicyConfig config() {
        return config;
    }

    public ParameterLayout layout() {
        return layout;
    }

    public DataType dataType() {
        return dataType;
    }

    /** Buffers for one forward/backward at one parameter point and {@code rows} samples. */
    public Tape newTape(int rows) {
        return new Tape(rows);
    }

    /**
     * Forward pass at {@code theta} on {@code x}, filling the tape; returns the loss against {@code y}.
     * If {@code gradient} is non-null, also backpropagates into it (overwriting).
     */
    public double lossAndGradient(ParameterViews theta, INDArray x, INDArray y, Tape tape, ParameterViews gradient) {
        forward(theta, x, tape);
        double loss = residualAndLoss(y, tape);
        if (gradient != null) {
            backward(theta, tape, gradient);
        }
        return loss;
    }

    /**
     * The mean action {@code mlp(x)} into the tape; returns the tape's mean buffer ({@code rows x actionDim}).
     * Skips the log-std, so it is not enough for a loss or gradient (use {@link #lossAndGradient}).
     */
    public INDArray forwardMean(ParameterViews theta, INDArray x, Tape tape) {
        tape.x = x;
        INDArray in = x;
        for (int l = 0; l < layers - 1; l++) {
            INDArray h = tape.h[l];
            affine(in, theta.weights()[l], theta.biases()[l], h, tape);
            INDArray fp = tape.fPrime[l];
            if (config.activation() == Activation.RELU) {
                Transforms.relu(h, false);
                fp.assign(h);
                Transforms.sign(fp, false);
            } else {
                Transforms.tanh(h, false);
                fp.assign(h).muli(h).rsubi(1.0);
            }
            in = h;
        }
        affine(in, theta.weights()[layers - 1], theta.biases()[layers - 1], tape.mu, tape);
        return tape.mu;
    }

    /** {@link #forwardMean}, then the bounded log-std and its derivatives into the tape; returns the mean buffer. */
    public INDArray forward(ParameterViews theta, INDArray x, Tape tape) {
        forwardMean(theta, x, tape);
        // s = mid + half * tanh(rho); s' = half * (1 - tanh^2); invStd = exp(-s)
        double half = config.logStdHalfRange();
        tape.tanhRho.assign(theta.logStd());
        Transforms.tanh(tape.tanhRho, false);
        tape.logStd.assign(tape.tanhRho).muli(half).addi(config.logStdMid());
        tape.sPrime.assign(tape.tanhRho).muli(tape.tanhRho).rsubi(1.0).muli(half);
        tape.invStd.assign(tape.logStd).negi();
        Transforms.exp(tape.invStd, false);
        broadcastRows(tape.invStd, tape.invStdRows, tape);
        return tape.mu;
    }

    /**
     * {@code out = in W + 1 b}. The bias goes in as a rank-1 GEMM: ND4J's broadcasting {@code addiRowVector} costs
     * ~40 us at 64 x 256, longer than the layer's whole GEMM at this width.
     */
    private static void affine(INDArray in, INDArray w, INDArray b, INDArray out, Tape tape) {
        Nd4j.gemm(tape.onesColumn, b, out, false, false, 1.0, 0.0);
        Nd4j.gemm(in, w, out, false, false, 1.0, 1.0);
    }

    /** {@code out = 1 row}: a row vector repeated over the batch, so that row scalings are plain elementwise ops. */
    private static void broadcastRows(INDArray row, INDArray out, Tape tape) {
        Nd4j.gemm(tape.onesColumn, row, out, false, false, 1.0, 0.0);
    }

    private double residualAndLoss(INDArray y, Tape tape) {
        int n = tape.rows;
        int a = config.actionDim();
        tape.mu.sub(y, tape.resid);
        tape.resid.muli(tape.invStdRows);
        tape.resid.mul(tape.resid, tape.resid2);
        // reductions as GEMMs into kept 1 x 1 buffers: sumNumber() allocates a result array on every call
        Nd4j.gemm(tape.ones, tape.resid2, tape.colSumResid2, false, false, 1.0, 0.0);
        Nd4j.gemm(tape.colSumResid2, tape.onesAction, tape.scalar, false, false, 1.0, 0.0);
        double sumSquares = tape.scalar.getDouble(0);
        Nd4j.gemm(tape.logStd, tape.onesAction, tape.scalar, false, false, 1.0 / a, 0.0);
        double meanLogStd = tape.scalar.getDouble(0);
        return 0.5 * sumSquares / ((double) n * a) + meanLogStd + HALF_LOG_TWO_PI;
    }

    private void backward(ParameterViews theta, Tape tape, ParameterViews gradient) {
        int n = tape.rows;
        int a = config.actionDim();
        double scale = 1.0 / ((double) n * a);
        tape.resid.mul(tape.invStdRows, tape.g).muli(scale);
        backpropagate(theta, tape, gradient);
        // dL/ds_j = (1 - mean_i resid_ij^2) / a ; dL/drho = s' * dL/ds
        Nd4j.gemm(tape.ones, tape.resid2, tape.colSumResid2, false, false, 1.0, 0.0);
        tape.gradLogStd.assign(tape.colSumResid2).muli(-1.0 / n).addi(1.0).muli(1.0 / a);
        gradient.logStd().assign(tape.sPrime).muli(tape.gradLogStd);
    }

    /** Backpropagates the signal {@code tape.g} (dL/d mean) through the layers into the weights and biases. */
    private void backpropagate(ParameterViews theta, Tape tape, ParameterViews gradient) {
        for (int l = layers - 1; l >= 0; l--) {
            INDArray act = l == 0 ? tape.x : tape.h[l - 1];
            INDArray signal = l == layers - 1 ? tape.g : tape.dz[l];
            Nd4j.gemm(act, signal, gradient.weights()[l], true, false, 1.0, 0.0);
            Nd4j.gemm(tape.ones, signal, gradient.biases()[l], false, false, 1.0, 0.0);
            if (l > 0) {
                Nd4j.gemm(signal, theta.weights()[l], tape.dz[l - 1], false, true, 1.0, 0.0);
                tape.dz[l - 1].muli(tape.fPrime[l - 1]);
            }
        }
    }

    /**
     * The per-sample weighted negative log-likelihood {@code L_w = -sum_i w_i log pi(y_i | x_i)} (weights not
     * normalized, any sign) and, if {@code gradient} is non-null, its gradient (overwriting). This is the policy-gradient
     * form: PPO's clipped surrogate differentiates to {@code sum_i w_i grad log pi(a_i | s_i)} with {@code w_i} from the
     * clipped ratio. With {@code w_i = 1/(n a)} it equals {@link #lossAndGradient} up to the constant.
     *
     * <p>Per sample, {@code -log pi_i = sum_j [r_ij^2 / 2 + s_j] + a ln(2 pi) / 2} with {@code r = (mu - y) exp(-s)}, so
     * {@code dL_w/dmu_ij = w_i r_ij exp(-s_j)} and {@code dL_w/ds_j = sum_i w_i (1 - r_ij^2)}. Same cost as a gradient.
     * Leaves the tape holding a weighted pass: not valid for {@link #hessianVectorProduct} afterwards.
     *
     * @param w per-sample weights, {@code n x 1}
     */
    public double weightedNllAndGradient(ParameterViews theta, INDArray x, INDArray y, INDArray w, Tape tape,
                                         ParameterViews gradient) {
        forward(theta, x, tape);
        residualAndLoss(y, tape);
        int a = config.actionDim();
        double sumW = w.sumNumber().doubleValue();
        // sum_i w_i sum_j r_ij^2, as (w^T resid2) summed over j
        Nd4j.gemm(w, tape.resid2, tape.colSumResid2, true, false, 1.0, 0.0);
        double weightedSquares = tape.colSumResid2.sumNumber().doubleValue();
        double loss = 0.5 * weightedSquares + sumW * (tape.logStd.sumNumber().doubleValue() + a * HALF_LOG_TWO_PI);
        if (gradient != null) {
            tape.resid.mul(tape.invStdRows, tape.g).muliColumnVector(w);
            backpropagate(theta, tape, gradient);
            tape.gradLogStd.assign(tape.colSumResid2).rsubi(sumW);
            gradient.logStd().assign(tape.sPrime).muli(tape.gradLogStd);
        }
        return loss;
    }

    /**
     * Hessian-vector product {@code out = H(theta) v} of the loss, by the R-operator. The tape must hold the forward
     * and backward pass at {@code theta} ({@link #lossAndGradient} with a non-null gradient), whose {@code x, y}
     * define the loss.
     */
    public void hessianVectorProduct(ParameterViews theta, Tape tape, ParameterViews v, ParameterViews out) {
        int n = tape.rows;
        int a = config.actionDim();
        double scale = 1.0 / ((double) n * a);
        boolean tanh = config.activation() == Activation.TANH;
        tape.rLogStd.assign(tape.sPrime).muli(v.logStd());

        // R-forward: R{z_l} = R{h_(l-1)} W_l + h_(l-1) V_l + c_l ; R{h_l} = f'(z_l) R{z_l}
        INDArray in = tape.x;
        INDArray rIn = null;
        for (int l = 0; l < layers; l++) {
            INDArray rz = l == layers - 1 ? tape.rMu : tape.rz[l];
            affine(in, v.weights()[l], v.biases()[l], rz, tape);
            if (rIn != null) {
                Nd4j.gemm(rIn, theta.weights()[l], rz, false, false, 1.0, 1.0);
            }
            if (l < layers - 1) {
                rz.mul(tape.fPrime[l], tape.rh[l]);
                in = tape.h[l];
                rIn = tape.rh[l];
            }
        }

        // R{g} = (R{mu} * invStd - 2 resid * R{s}) * invStd / (n a)
        broadcastRows(tape.rLogStd, tape.tmpOut, tape);
        tape.tmpOut.muli(tape.resid).muli(2.0);
        tape.rMu.mul(tape.invStdRows, tape.rg);
        tape.rg.subi(tape.tmpOut).muli(tape.invStdRows).muli(scale);

        // R-backward
        for (int l = layers - 1; l >= 0; l--) {
            INDArray act = l == 0 ? tape.x : tape.h[l - 1];
            INDArray signal = l == layers - 1 ? tape.g : tape.dz[l];
            INDArray rSignal = l == layers - 1 ? tape.rg : tape.rdz[l];
            Nd4j.gemm(act, rSignal, out.weights()[l], true, false, 1.0, 0.0);
            if (l > 0) {
                Nd4j.gemm(tape.rh[l - 1], signal, out.weights()[l], true, false, 1.0, 1.0);
            }
            Nd4j.gemm(tape.ones, rSignal, out.biases()[l], false, false, 1.0, 0.0);
            if (l > 0) {
                INDArray rdz = tape.rdz[l - 1];
                Nd4j.gemm(rSignal, theta.weights()[l], rdz, false, true, 1.0, 0.0);
                Nd4j.gemm(signal, v.weights()[l], rdz, false, true, 1.0, 1.0);
                rdz.muli(tape.fPrime[l - 1]);
                if (tanh) {
                    // + dh * f''(z) * R{z} with f'' = -2 h f', and dh * f' = dz
                    tape.dz[l - 1].mul(tape.h[l - 1], tape.tmpHidden[l - 1]);
                    tape.tmpHidden[l - 1].muli(tape.rz[l - 1]).muli(-2.0);
                    rdz.addi(tape.tmpHidden[l - 1]);
                }
            }
        }

        // log-std: R{gs_j} = (-2 invStd_j sum_i resid_ij R{mu_ij} + 2 R{s_j} sum_i resid_ij^2) / (n a)
        tape.resid.mul(tape.rMu, tape.tmpOut);
        Nd4j.gemm(tape.ones, tape.tmpOut, tape.tmpA, false, false, 1.0, 0.0);
        tape.tmpA.muli(tape.invStd).muli(-2.0 * scale);
        tape.tmpB.assign(tape.colSumResid2).muli(tape.rLogStd).muli(2.0 * scale);
        tape.tmpA.addi(tape.tmpB);                        // R{gs}
        tape.tmpA.muli(tape.sPrime);                      // s' R{gs}
        // s'' = -2 tanh(rho) s'  ->  s'' v_rho gs
        tape.tmpB.assign(tape.tanhRho).muli(tape.sPrime).muli(-2.0).muli(v.logStd()).muli(tape.gradLogStd);
        out.logStd().assign(tape.tmpA).addi(tape.tmpB);
    }

    /**
     * Diagonal of the empirical Fisher information, {@code F = 1/n sum_i g_i^2} with {@code g_i} the gradient of
     * sample {@code i}'s own loss (the mean of squares, not the square of the mean gradient). Exact and batched: the
     * per-sample gradient of a linear layer is the outer product {@code act_i (x) signal_i}, so
     * {@code sum_i g_i^2 = (act^2)^T (signal^2)} elementwise. Allocates; not for hot loops.
     */
    public INDArray fisherDiagonal(ParameterViews theta, INDArray x, INDArray y) {
        int n = x.rows();
        Tape tape = newTape(n);
        INDArray flat = Nd4j.zeros(dataType, layout.size());
        ParameterViews grad = layout.views(flat);
        lossAndGradient(theta, x, y, tape, grad);
        // the batch signals are 1/n times the per-sample ones
        for (int l = 0; l < layers; l++) {
            INDArray act = l == 0 ? x : tape.h[l - 1];
            INDArray signal = l == layers - 1 ? tape.g : tape.dz[l];
            INDArray act2 = act.mul(act);
            INDArray sig2 = signal.mul(signal);
            Nd4j.gemm(act2, sig2, grad.weights()[l], true, false, n, 0.0);
            Nd4j.gemm(tape.ones, sig2, grad.biases()[l], false, false, n, 0.0);
        }
        // per-sample d loss_i / d rho_j = s'_j (1 - resid_ij^2) / a
        INDArray perSample = tape.resid2.rsub(1.0).muliRowVector(tape.sPrime).muli(1.0 / config.actionDim());
        grad.logStd().assign(perSample.mul(perSample).mean(true, 0));
        return flat;
    }

    /** Activations, derivatives and backprop signals of one pass, plus scratch for the R-operator. */
    public final class Tape {
        final int rows;
        INDArray x;
        final INDArray[] h;
        final INDArray[] fPrime;
        final INDArray[] dz;
        final INDArray[] rz;
        final INDArray[] rh;
        final INDArray[] rdz;
        final INDArray[] tmpHidden;
        final INDArray mu;
        final INDArray resid;
        final INDArray resid2;
        final INDArray g;
        final INDArray rMu;
        final INDArray rg;
        final INDArray tmpOut;
        final INDArray ones;
        final INDArray onesColumn;
        final INDArray onesAction;
        final INDArray scalar;
        final INDArray invStdRows;
        final INDArray tanhRho;
        final INDArray logStd;
        final INDArray sPrime;
        final INDArray invStd;
        final INDArray colSumResid2;
        final INDArray gradLogStd;
        final INDArray rLogStd;
        final INDArray tmpA;
        final INDArray tmpB;

        private Tape(int rows) {
            if (rows < 1) throw new IllegalArgumentException("rows must be >= 1, got " + rows);
            this.rows = rows;
            int hidden = layers - 1;
            h = new INDArray[hidden];
            fPrime = new INDArray[hidden];
            dz = new INDArray[hidden];
            rz = new INDArray[hidden];
            rh = new INDArray[hidden];
            rdz = new INDArray[hidden];
            tmpHidden = new INDArray[hidden];
            for (int l = 0; l < hidden; l++) {
                int width = layout.fanOut(l);
                h[l] = matrix(rows, width);
                fPrime[l] = matrix(rows, width);
                dz[l] = matrix(rows, width);
                rz[l] = matrix(rows, width);
                rh[l] = matrix(rows, width);
                rdz[l] = matrix(rows, width);
                tmpHidden[l] = config.activation() == Activation.TANH ? matrix(rows, width) : null;
            }
            int a = config.actionDim();
            mu = matrix(rows, a);
            resid = matrix(rows, a);
            resid2 = matrix(rows, a);
            g = matrix(rows, a);
            rMu = matrix(rows, a);
            rg = matrix(rows, a);
            tmpOut = matrix(rows, a);
            ones = Nd4j.ones(dataType, 1, rows);
            onesColumn = Nd4j.ones(dataType, rows, 1);
            onesAction = Nd4j.ones(dataType, a, 1);
            scalar = matrix(1, 1);
            invStdRows = matrix(rows, a);
            tanhRho = matrix(1, a);
            logStd = matrix(1, a);
            sPrime = matrix(1, a);
            invStd = matrix(1, a);
            colSumResid2 = matrix(1, a);
            gradLogStd = matrix(1, a);
            rLogStd = matrix(1, a);
            tmpA = matrix(1, a);
            tmpB = matrix(1, a);
        }

        public int rows() {
            return rows;
        }

        /** The mean action of the last forward pass ({@code rows x actionDim}); a live buffer. */
        public INDArray mean() {
            return mu;
        }

        /** The bounded log-std of the last forward pass ({@code 1 x actionDim}); a live buffer. */
        public INDArray logStd() {
            return logStd;
        }

        /** The standardized residual {@code (mu - y) exp(-s)} of the last loss evaluation; a live buffer. */
        public INDArray standardizedResidual() {
            return resid;
        }

        private INDArray matrix(int r, int c) {
            return Nd4j.zeros(dataType, r, c);
        }
    }
}
