package org.moca.policy;

import org.moca.policy.DenseOps.Elements;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The math of the Gaussian MLP policy on a flat parameter vector: forward, loss, gradient, Hessian-vector product
 * and the diagonal empirical Fisher, written as BLAS GEMMs and fused element-wise loops ({@link DenseOps}) into
 * preallocated buffers: a gradient or Hessian-vector product allocates no native memory.
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
public final class GaussianMlpMath {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final PolicyConfig config;
    private final ParameterLayout layout;
    private final DataType dataType;
    private final int layers;

    public GaussianMlpMath(PolicyConfig config, DataType dataType) {
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
        tape.x = DenseOps.dense(x);
        INDArray in = tape.x;
        for (int l = 0; l < layers - 1; l++) {
            INDArray h = tape.h[l];
            affine(in, theta.weights()[l], theta.biases()[l], h);
            activate(h, tape.fPrime[l]);
            in = h;
        }
        affine(in, theta.weights()[layers - 1], theta.biases()[layers - 1], tape.mu);
        return tape.mu;
    }

    /** {@code h = f(z)} in place and {@code fPrime = f'(z)}, expressed through {@code h}. */
    private void activate(INDArray z, INDArray fPrime) {
        if (config.activation() == Activation.RELU) {
            DenseOps.reluWithDerivative(z, fPrime);
        } else {
            Elements h = DenseOps.elements(z);
            Elements fp = DenseOps.elements(fPrime);
            int n = h.length();
            for (int i = 0; i < n; i++) {
                double t = Math.tanh(h.get(i));
                h.set(i, t);
                fp.set(i, 1.0 - t * t);
            }
        }
    }

    /** {@link #forwardMean}, then the bounded log-std and its derivatives into the tape; returns the mean buffer. */
    public INDArray forward(ParameterViews theta, INDArray x, Tape tape) {
        forwardMean(theta, x, tape);
        // s = mid + half * tanh(rho); s' = half * (1 - tanh^2); invStd = exp(-s)
        double half = config.logStdHalfRange();
        double mid = config.logStdMid();
        Elements rho = DenseOps.elements(theta.logStd());
        Elements logStd = DenseOps.elements(tape.logStd);
        for (int j = 0; j < tape.actionDim; j++) {
            double t = Math.tanh(rho.get(j));
            double s = mid + half * t;
            tape.tanhRho[j] = t;
            tape.logStdValues[j] = s;
            logStd.set(j, s);
            tape.sPrime[j] = half * (1.0 - t * t);
            tape.invStd[j] = Math.exp(-s);
        }
        return tape.mu;
    }

    /**
     * {@code out = in W + 1 b}: the bias copied into every row, then the GEMM accumulates onto it (ND4J's
     * broadcasting {@code addiRowVector} cost more than the layer's whole GEMM at this width).
     */
    private static void affine(INDArray in, INDArray w, INDArray b, INDArray out) {
        DenseOps.broadcastRow(b, out);
        DenseOps.gemm(in, false, w, false, out, 1.0, 1.0);
    }

    /**
     * The standardized residual {@code r = (mu - y) exp(-s)}, its square and the column sums of the square into
     * the tape; returns the loss. Sums accumulate in double whatever the array precision.
     */
    private double residualAndLoss(INDArray y, Tape tape) {
        int n = tape.rows;
        int a = tape.actionDim;
        Elements mu = DenseOps.elements(tape.mu);
        Elements target = DenseOps.elements(DenseOps.dense(y));
        Elements resid = DenseOps.elements(tape.resid);
        Elements resid2 = DenseOps.elements(tape.resid2);
        double[] colSum = tape.colSumResid2;
        java.util.Arrays.fill(colSum, 0.0);
        double sumSquares = 0;
        for (int i = 0, at = 0; i < n; i++) {
            for (int j = 0; j < a; j++, at++) {
                double r = (mu.get(at) - target.get(at)) * tape.invStd[j];
                resid.set(at, r);
                double r2 = r * r;
                resid2.set(at, r2);
                colSum[j] += r2;
                sumSquares += r2;
            }
        }
        double sumLogStd = 0;
        for (int j = 0; j < a; j++) {
            sumLogStd += tape.logStdValues[j];
        }
        return 0.5 * sumSquares / ((double) n * a) + sumLogStd / a + HALF_LOG_TWO_PI;
    }

    private void backward(ParameterViews theta, Tape tape, ParameterViews gradient) {
        int n = tape.rows;
        int a = tape.actionDim;
        double scale = 1.0 / ((double) n * a);
        rowScaledResidual(tape, null, scale);
        backpropagate(theta, tape, gradient);
        // dL/ds_j = (1 - mean_i resid_ij^2) / a ; dL/drho = s' * dL/ds
        Elements gradLogStd = DenseOps.elements(gradient.logStd());
        for (int j = 0; j < a; j++) {
            tape.gradLogStd[j] = (1.0 - tape.colSumResid2[j] / n) / a;
            gradLogStd.set(j, tape.sPrime[j] * tape.gradLogStd[j]);
        }
    }

    /** {@code g_ij = resid_ij exp(-s_j) w_i scale}, the signal dL/d mean ({@code w} null for all ones). */
    private static void rowScaledResidual(Tape tape, Elements w, double scale) {
        Elements resid = DenseOps.elements(tape.resid);
        Elements g = DenseOps.elements(tape.g);
        for (int i = 0, at = 0; i < tape.rows; i++) {
            double rowScale = w == null ? scale : scale * w.get(i);
            for (int j = 0; j < tape.actionDim; j++, at++) {
                g.set(at, resid.get(at) * tape.invStd[j] * rowScale);
            }
        }
    }

    /** Backpropagates the signal {@code tape.g} (dL/d mean) through the layers into the weights and biases. */
    private void backpropagate(ParameterViews theta, Tape tape, ParameterViews gradient) {
        backpropagate(theta, tape, gradient, null);
    }

    /**
     * Backpropagates {@code tape.g} into the weights and biases of {@code gradient} (skipped if null) and, if
     * {@code inputGradient} is non-null, on into the input: {@code dL/dx = signal_0 W_0^T}.
     */
    private void backpropagate(ParameterViews theta, Tape tape, ParameterViews gradient, INDArray inputGradient) {
        for (int l = layers - 1; l >= 0; l--) {
            INDArray act = l == 0 ? tape.x : tape.h[l - 1];
            INDArray signal = l == layers - 1 ? tape.g : tape.dz[l];
            if (gradient != null) {
                DenseOps.gemm(act, true, signal, false, gradient.weights()[l], 1.0, 0.0);
                DenseOps.columnSums(signal, tape.ones, gradient.biases()[l]);
            }
            if (l > 0) {
                DenseOps.gemm(signal, false, theta.weights()[l], true, tape.dz[l - 1], 1.0, 0.0);
                DenseOps.mul(tape.dz[l - 1], tape.fPrime[l - 1], tape.dz[l - 1]);
            } else if (inputGradient != null) {
                DenseOps.gemm(signal, false, theta.weights()[0], true, inputGradient, 1.0, 0.0);
            }
        }
    }

    /**
     * The vector-Jacobian product of the mean action: for the tape of the last {@link #forwardMean} (or
     * {@link #forward}) at {@code theta} on {@code x}, and {@code cotangent} {@code C = dL/dM} ({@code rows x actionDim})
     * of some scalar L of the means, writes {@code dL/dtheta = sum_i (dM_i/dtheta)^T C_i} into {@code gradient}
     * (overwriting; its log-std entries set to 0, the mean does not depend on them; skipped if null) and
     * {@code dL/dx} into {@code inputGradient} ({@code rows x stateDim}, overwriting; skipped if null). This is
     * what chains a policy into a differentiable model of its environment (analytic policy gradients). Cost: the
     * backward half of a gradient, plus one GEMM for the input. Overwrites the tape's backprop signals.
     */
    public void meanBackward(
            ParameterViews theta, Tape tape, INDArray cotangent, ParameterViews gradient, INDArray inputGradient) {
        if (cotangent.rows() != tape.rows || cotangent.columns() != tape.actionDim) {
            throw new IllegalArgumentException("cotangent must be " + tape.rows + " x " + tape.actionDim + ", got "
                    + cotangent.rows() + " x " + cotangent.columns());
        }
        if (inputGradient != null
                && (inputGradient.rows() != tape.rows || inputGradient.columns() != config.stateDim())) {
            throw new IllegalArgumentException("inputGradient must be " + tape.rows + " x " + config.stateDim()
                    + ", got " + inputGradient.rows() + " x " + inputGradient.columns());
        }
        DenseOps.copy(DenseOps.dense(cotangent), tape.g);
        backpropagate(theta, tape, gradient, inputGradient);
        if (gradient != null) {
            Elements gradLogStd = DenseOps.elements(gradient.logStd());
            for (int j = 0; j < tape.actionDim; j++) gradLogStd.set(j, 0.0);
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
    public double weightedNllAndGradient(
            ParameterViews theta, INDArray x, INDArray y, INDArray w, Tape tape, ParameterViews gradient) {
        forward(theta, x, tape);
        residualAndLoss(y, tape);
        int n = tape.rows;
        int a = tape.actionDim;
        Elements weights = DenseOps.elements(DenseOps.dense(w));
        Elements resid2 = DenseOps.elements(tape.resid2);
        double sumW = 0;
        double weightedSquares = 0;
        // sum_i w_i r_ij^2 per column j, kept in the tape's column sums for the log-std gradient
        double[] colSum = tape.colSumResid2;
        java.util.Arrays.fill(colSum, 0.0);
        for (int i = 0, at = 0; i < n; i++) {
            double wi = weights.get(i);
            sumW += wi;
            for (int j = 0; j < a; j++, at++) {
                colSum[j] += wi * resid2.get(at);
            }
        }
        double sumLogStd = 0;
        for (int j = 0; j < a; j++) {
            weightedSquares += colSum[j];
            sumLogStd += tape.logStdValues[j];
        }
        double loss = 0.5 * weightedSquares + sumW * (sumLogStd + a * HALF_LOG_TWO_PI);
        if (gradient != null) {
            rowScaledResidual(tape, weights, 1.0);
            backpropagate(theta, tape, gradient);
            Elements gradLogStd = DenseOps.elements(gradient.logStd());
            for (int j = 0; j < a; j++) {
                tape.gradLogStd[j] = sumW - colSum[j];
                gradLogStd.set(j, tape.sPrime[j] * tape.gradLogStd[j]);
            }
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
        int a = tape.actionDim;
        double scale = 1.0 / ((double) n * a);
        boolean tanh = config.activation() == Activation.TANH;
        Elements vRho = DenseOps.elements(v.logStd());
        double[] rLogStd = tape.rLogStd;
        for (int j = 0; j < a; j++) {
            rLogStd[j] = tape.sPrime[j] * vRho.get(j);
        }

        // R-forward: R{z_l} = R{h_(l-1)} W_l + h_(l-1) V_l + c_l ; R{h_l} = f'(z_l) R{z_l}
        INDArray in = tape.x;
        INDArray rIn = null;
        for (int l = 0; l < layers; l++) {
            INDArray rz = l == layers - 1 ? tape.rMu : tape.rz[l];
            affine(in, v.weights()[l], v.biases()[l], rz);
            if (rIn != null) {
                DenseOps.gemm(rIn, false, theta.weights()[l], false, rz, 1.0, 1.0);
            }
            if (l < layers - 1) {
                DenseOps.mul(rz, tape.fPrime[l], tape.rh[l]);
                in = tape.h[l];
                rIn = tape.rh[l];
            }
        }

        // R{g} = (R{mu} invStd - 2 resid R{s}) invStd / (n a); and, for the log-std, sum_i resid_ij R{mu_ij}
        Elements rMu = DenseOps.elements(tape.rMu);
        Elements resid = DenseOps.elements(tape.resid);
        Elements rg = DenseOps.elements(tape.rg);
        double[] residDotRMu = tape.colScratch;
        java.util.Arrays.fill(residDotRMu, 0.0);
        for (int i = 0, at = 0; i < n; i++) {
            for (int j = 0; j < a; j++, at++) {
                double r = resid.get(at);
                double rm = rMu.get(at);
                residDotRMu[j] += r * rm;
                rg.set(at, (rm * tape.invStd[j] - 2.0 * r * rLogStd[j]) * tape.invStd[j] * scale);
            }
        }

        // R-backward
        for (int l = layers - 1; l >= 0; l--) {
            INDArray act = l == 0 ? tape.x : tape.h[l - 1];
            INDArray signal = l == layers - 1 ? tape.g : tape.dz[l];
            INDArray rSignal = l == layers - 1 ? tape.rg : tape.rdz[l];
            DenseOps.gemm(act, true, rSignal, false, out.weights()[l], 1.0, 0.0);
            if (l > 0) {
                DenseOps.gemm(tape.rh[l - 1], true, signal, false, out.weights()[l], 1.0, 1.0);
            }
            DenseOps.columnSums(rSignal, tape.ones, out.biases()[l]);
            if (l > 0) {
                INDArray rdz = tape.rdz[l - 1];
                DenseOps.gemm(rSignal, false, theta.weights()[l], true, rdz, 1.0, 0.0);
                DenseOps.gemm(signal, false, v.weights()[l], true, rdz, 1.0, 1.0);
                if (tanh) {
                    Elements rdzE = DenseOps.elements(rdz);
                    Elements fp = DenseOps.elements(tape.fPrime[l - 1]);
                    int size = rdzE.length();
                    // + dh f''(z) R{z} with f'' = -2 h f', and dh f' = dz
                    Elements dz = DenseOps.elements(tape.dz[l - 1]);
                    Elements h = DenseOps.elements(tape.h[l - 1]);
                    Elements rz = DenseOps.elements(tape.rz[l - 1]);
                    for (int i = 0; i < size; i++) {
                        rdzE.set(i, rdzE.get(i) * fp.get(i) - 2.0 * dz.get(i) * h.get(i) * rz.get(i));
                    }
                } else {
                    DenseOps.mul(rdz, tape.fPrime[l - 1], rdz);
                }
            }
        }

        // log-std: R{gs_j} = (-2 invStd_j sum_i resid_ij R{mu_ij} + 2 R{s_j} sum_i resid_ij^2) / (n a);
        // out_j = s'_j R{gs_j} + s''_j v_j gs_j with s'' = -2 tanh(rho) s'
        Elements outRho = DenseOps.elements(out.logStd());
        for (int j = 0; j < a; j++) {
            double rgs = (-2.0 * tape.invStd[j] * residDotRMu[j] + 2.0 * rLogStd[j] * tape.colSumResid2[j]) * scale;
            double second = -2.0 * tape.tanhRho[j] * tape.sPrime[j] * vRho.get(j) * tape.gradLogStd[j];
            outRho.set(j, tape.sPrime[j] * rgs + second);
        }
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
        INDArray sPrime = Nd4j.createFromArray(tape.sPrime).castTo(dataType).reshape(1, config.actionDim());
        INDArray perSample = tape.resid2.rsub(1.0).muliRowVector(sPrime).muli(1.0 / config.actionDim());
        grad.logStd().assign(perSample.mul(perSample).mean(true, 0));
        return flat;
    }

    /**
     * Activations, derivatives and backprop signals of one pass, plus scratch for the R-operator. Per-column
     * quantities of the log-std ({@code 1 x actionDim}) live in Java arrays: they are tiny and only loops touch them.
     */
    public final class Tape {
        final int rows;
        final int actionDim;
        INDArray x;
        final INDArray[] h;
        final INDArray[] fPrime;
        final INDArray[] dz;
        final INDArray[] rz;
        final INDArray[] rh;
        final INDArray[] rdz;
        final INDArray mu;
        final INDArray resid;
        final INDArray resid2;
        final INDArray g;
        final INDArray rMu;
        final INDArray rg;
        final INDArray ones;
        final INDArray logStd;
        final double[] logStdValues;
        final double[] tanhRho;
        final double[] sPrime;
        final double[] invStd;
        final double[] colSumResid2;
        final double[] gradLogStd;
        final double[] rLogStd;
        final double[] colScratch;

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
            for (int l = 0; l < hidden; l++) {
                int width = layout.fanOut(l);
                h[l] = matrix(rows, width);
                fPrime[l] = matrix(rows, width);
                dz[l] = matrix(rows, width);
                rz[l] = matrix(rows, width);
                rh[l] = matrix(rows, width);
                rdz[l] = matrix(rows, width);
            }
            int a = config.actionDim();
            actionDim = a;
            mu = matrix(rows, a);
            resid = matrix(rows, a);
            resid2 = matrix(rows, a);
            g = matrix(rows, a);
            rMu = matrix(rows, a);
            rg = matrix(rows, a);
            ones = Nd4j.ones(dataType, 1, rows);
            logStd = matrix(1, a);
            logStdValues = new double[a];
            tanhRho = new double[a];
            sPrime = new double[a];
            invStd = new double[a];
            colSumResid2 = new double[a];
            gradLogStd = new double[a];
            rLogStd = new double[a];
            colScratch = new double[a];
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
