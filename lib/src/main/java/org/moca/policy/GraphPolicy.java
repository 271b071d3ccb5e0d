package org.moca.policy;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A diagonal-Gaussian policy whose mean is a message-passing network over the supply network's slots and lanes
 * (P. W. Battaglia et al., "Relational inductive biases, deep learning, and graph networks", 2018; J. Gilmer et al.,
 * "Neural message passing for quantum chemistry", ICML 2017): its parameter count depends on {@link GraphPolicyConfig}
 * only, so one parameter vector acts on every network a {@link GraphStructure} describes, and it writes the same
 * action vector the {@link org.moca.sim.ActionCodec} decodes.
 *
 * <p><b>The network</b> (H = {@code hidden}, every layer affine, ReLU where marked):
 * <ol>
 *   <li>encode: {@code h_s = relu(A u_s + a)} for each slot s from its feature row u_s;</li>
 *   <li>{@code rounds} times, with per-round weights: a message per lane {@code m_l = relu(M [h_from; h_to; e_l] + b)},
 *       then {@code h_s <- h_s + relu(U [h_s; mean_in m; mean_out m] + c)} (the mean over the lanes into and out of s,
 *       zero if none);</li>
 *   <li>a facility embedding {@code g_f}, the mean of its slots' h;</li>
 *   <li>five heads, each {@code w2 . relu(W1 z + b1) + b2}: procurement of a supplier from {@code [h_slot; g_f]},
 *       utilization of a processor from {@code g_f}, a mode's logit from {@code [g_f; mean h of its inputs; mean h of its
 *       outputs]}, release of a shipping slot from {@code [h_slot; g_f]}, a lane's routing logit from
 *       {@code [h_from; h_to; e_l]}.</li>
 * </ol>
 * Weights are shared by every slot, lane and facility; types and roles enter as features ({@link GraphStructure}).
 * Because aggregation is a mean and heads read one entity each, relabelling the network's facilities or lanes permutes
 * the action vector the same way. Each head has a learnable log-std, bounded like the MLP's ({@code mid + half
 * tanh(rho)}).
 *
 * <p><b>Parameters</b> are one flat {@code double[]} the caller owns (the order: encoder, rounds, heads, the five
 * rho); this class is stateless and thread-safe. The loss is the imitation task loss of {@link GaussianPolicy}: the
 * Gaussian NLL of expert actions averaged over rows and action entries. Its gradient is exact backpropagation, checked
 * against central differences in the tests. Cost per state: O(rounds (lanes + slots) H^2 + actions H).
 */
public final class GraphPolicy {

    private static final int HEADS = GraphStructure.Head.values().length;

    private final GraphPolicyConfig config;
    private final int h;
    private final int encW;
    private final int encB;
    private final int[] msgW;
    private final int[] msgB;
    private final int[] updW;
    private final int[] updB;
    private final int[] headIn;
    private final int[] headW1;
    private final int[] headB1;
    private final int[] headW2;
    private final int[] headB2;
    private final int rhoAt;
    private final int size;

    public GraphPolicy(GraphPolicyConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        h = config.hidden();
        int ds = GraphStructure.SLOT_FEATURES, dl = GraphStructure.LANE_FEATURES;
        int k = 0;
        encW = k;
        k += h * ds;
        encB = k;
        k += h;
        int r = config.rounds();
        msgW = new int[r];
        msgB = new int[r];
        updW = new int[r];
        updB = new int[r];
        for (int i = 0; i < r; i++) {
            msgW[i] = k;
            k += h * (2 * h + dl);
            msgB[i] = k;
            k += h;
            updW[i] = k;
            k += h * 3 * h;
            updB[i] = k;
            k += h;
        }
        headIn = new int[] {2 * h, h, 3 * h, 2 * h, 2 * h + dl};
        headW1 = new int[HEADS];
        headB1 = new int[HEADS];
        headW2 = new int[HEADS];
        headB2 = new int[HEADS];
        for (int i = 0; i < HEADS; i++) {
            headW1[i] = k;
            k += h * headIn[i];
            headB1[i] = k;
            k += h;
            headW2[i] = k;
            k += h;
            headB2[i] = k;
            k += 1;
        }
        rhoAt = k;
        k += HEADS;
        size = k;
    }

    public GraphPolicyConfig config() {
        return config;
    }

    /** Length of the parameter vector: the same for every network. */
    public int numParameters() {
        return size;
    }

    /**
     * The indices of the heads' output layers in the parameter vector, head by head ({@code w2} then {@code b2}):
     * {@code 5 (hidden + 1)} entries, the graph policy's counterpart of the MLP's mean layer (what
     * {@code hyper.GraphHeadHyperNetwork} moves).
     */
    public int[] headOutputIndices() {
        int[] out = new int[HEADS * (h + 1)];
        int k = 0;
        for (int i = 0; i < HEADS; i++) {
            for (int j = 0; j < h; j++) out[k++] = headW2[i] + j;
            out[k++] = headB2[i];
        }
        return out;
    }

    /**
     * Fresh parameters: He-uniform hidden weights ({@code U(+-sqrt(6/fanIn))}), Glorot-uniform head outputs, zero
     * biases, log-std at {@link GraphPolicyConfig#initialLogStd()}; drawn from a {@link SplittableRandom} seeded with
     * {@code seed}, so the same seed gives the same vector everywhere.
     */
    public double[] initialParameters(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] p = new double[size];
        int ds = GraphStructure.SLOT_FEATURES, dl = GraphStructure.LANE_FEATURES;
        uniform(p, encW, h * ds, Math.sqrt(6.0 / ds), rng);
        for (int i = 0; i < config.rounds(); i++) {
            uniform(p, msgW[i], h * (2 * h + dl), Math.sqrt(6.0 / (2 * h + dl)), rng);
            // the update starts small, so each round begins near the identity of its residual
            uniform(p, updW[i], h * 3 * h, 0.1 * Math.sqrt(6.0 / (3 * h)), rng);
        }
        for (int i = 0; i < HEADS; i++) {
            uniform(p, headW1[i], h * headIn[i], Math.sqrt(6.0 / headIn[i]), rng);
            uniform(p, headW2[i], h, Math.sqrt(6.0 / (h + 1)), rng);
        }
        double rho = atanh((config.initialLogStd() - config.logStdMid()) / config.logStdHalfRange());
        for (int i = 0; i < HEADS; i++) p[rhoAt + i] = rho;
        return p;
    }

    /** The bounded log-std of each head, in {@link GraphStructure.Head} order. */
    public double[] logStd(double[] theta) {
        checkTheta(theta);
        double[] s = new double[HEADS];
        for (int i = 0; i < HEADS; i++)
            s[i] = config.logStdMid() + config.logStdHalfRange() * Math.tanh(theta[rhoAt + i]);
        return s;
    }

    /** The mean action in {@code state} (a {@link org.moca.sim.StateEncoder} vector of {@code graph}'s network). */
    public double[] mean(double[] theta, GraphStructure graph, double[] state) {
        checkTheta(theta);
        Tape t = new Tape(graph);
        forward(theta, graph, state, t);
        return t.mu.clone();
    }

    /**
     * The imitation loss {@code 1/(n d) sum_i sum_j [ (mu_ij - a_ij)^2 / (2 sigma_j^2) + log sigma_j ] + log(2 pi)/2}
     * over the rows, and its gradient with respect to {@code theta} written into {@code gradient} (overwriting; skipped
     * if null).
     */
    public double loss(double[] theta, GraphStructure graph, double[][] states, double[][] actions, double[] gradient) {
        checkTheta(theta);
        if (states.length != actions.length || states.length == 0)
            throw new IllegalArgumentException("states and actions must have the same, positive number of rows, got "
                    + states.length + " and " + actions.length);
        if (gradient != null) {
            if (gradient.length != size)
                throw new IllegalArgumentException("gradient must have " + size + " entries, got " + gradient.length);
            java.util.Arrays.fill(gradient, 0);
        }
        int d = graph.actionDimension();
        double[] logStd = logStd(theta);
        double[] inv2 = new double[HEADS];
        for (int i = 0; i < HEADS; i++) inv2[i] = Math.exp(-2 * logStd[i]);
        double scale = 1.0 / ((double) states.length * d);
        double total = 0;
        double[] dRho = new double[HEADS];
        Tape t = new Tape(graph);
        double[] dmu = new double[d];
        for (int row = 0; row < states.length; row++) {
            if (actions[row].length != d)
                throw new IllegalArgumentException(
                        "action row " + row + " has " + actions[row].length + " entries, expected " + d);
            forward(theta, graph, states[row], t);
            for (int j = 0; j < d; j++) {
                int kind = graph.kindOf(j).ordinal();
                double diff = t.mu[j] - actions[row][j];
                double z2 = diff * diff * inv2[kind];
                total += 0.5 * z2 + logStd[kind];
                dmu[j] = diff * inv2[kind] * scale;
                dRho[kind] += (1 - z2) * scale;
            }
            if (gradient != null) backward(theta, graph, t, dmu, gradient);
        }
        if (gradient != null)
            for (int i = 0; i < HEADS; i++) {
                double th = Math.tanh(theta[rhoAt + i]);
                gradient[rhoAt + i] += dRho[i] * config.logStdHalfRange() * (1 - th * th);
            }
        return total * scale + 0.5 * Math.log(2 * Math.PI);
    }

    /**
     * Adds to {@code gradient} the vector-Jacobian product of the mean action over rows,
     * {@code sum_i (d mu / d theta)(states_i)^T cotangents_i}: the parameter gradient of any loss of the mean actions
     * given its gradient {@code cotangents_i = dL/dmu_i} (the twin's rollout loss, for one). The log-std entries get
     * nothing: the mean does not depend on them. Cost: one forward and backward per row.
     */
    public void meanGradient(
            double[] theta, GraphStructure graph, double[][] states, double[][] cotangents, double[] gradient) {
        checkTheta(theta);
        if (states.length != cotangents.length)
            throw new IllegalArgumentException("states and cotangents must have the same number of rows, got "
                    + states.length + " and " + cotangents.length);
        if (gradient.length != size)
            throw new IllegalArgumentException("gradient must have " + size + " entries, got " + gradient.length);
        Tape t = new Tape(graph);
        for (int row = 0; row < states.length; row++) {
            if (cotangents[row].length != graph.actionDimension())
                throw new IllegalArgumentException("cotangent row " + row + " has " + cotangents[row].length
                        + " entries, expected " + graph.actionDimension());
            forward(theta, graph, states[row], t);
            backward(theta, graph, t, cotangents[row], gradient);
        }
    }

    /**
     * A hash of which ReLU units are active in every row: the loss is smooth in theta wherever this stays the same, so
     * a finite-difference check compares only points on one piece (as the twin's {@code kinkSignature}).
     */
    long reluSignature(double[] theta, GraphStructure graph, double[][] states) {
        checkTheta(theta);
        Tape t = new Tape(graph);
        long hash = 1;
        for (double[] state : states) {
            forward(theta, graph, state, t);
            List<double[]> layers = new java.util.ArrayList<>(List.of(t.hs[0]));
            layers.addAll(List.of(t.m));
            layers.addAll(List.of(t.upd));
            layers.addAll(List.of(t.q));
            for (double[] y : layers) for (double v : y) hash = 31 * hash + (v > 0 ? 1 : 0);
        }
        return hash;
    }

    /** One state's intermediate values, reused across the rows of a batch. */
    private final class Tape {
        final double[] u;
        final double[] e;
        final double[][] hs; // rounds + 1, slots x h
        final double[][] zin; // per round, lanes x (2h + dl)
        final double[][] m; // per round, lanes x h
        final double[][] zu; // per round, slots x 3h
        final double[][] upd; // per round, slots x h
        final double[] g; // facilities x h
        final double[][] z; // per head, rows x in
        final double[][] q; // per head, rows x h
        final double[] mu;

        Tape(GraphStructure graph) {
            int ns = graph.slots(), nl = graph.lanes(), r = config.rounds();
            u = new double[ns * GraphStructure.SLOT_FEATURES];
            e = new double[nl * GraphStructure.LANE_FEATURES];
            hs = new double[r + 1][ns * h];
            zin = new double[r][nl * (2 * h + GraphStructure.LANE_FEATURES)];
            m = new double[r][nl * h];
            zu = new double[r][ns * 3 * h];
            upd = new double[r][ns * h];
            g = new double[graph.facilities() * h];
            z = new double[HEADS][];
            q = new double[HEADS][];
            for (int k = 0; k < HEADS; k++) {
                int rows = graph.actionIndex[k].length;
                z[k] = new double[rows * headIn[k]];
                q[k] = new double[rows * h];
            }
            mu = new double[graph.actionDimension()];
        }
    }

    private void forward(double[] p, GraphStructure graph, double[] state, Tape t) {
        int ns = graph.slots(), nl = graph.lanes(), dl = GraphStructure.LANE_FEATURES;
        graph.slotFeatures(state, t.u);
        graph.laneFeatures(state, t.e);
        affine(p, encW, encB, t.u, ns, GraphStructure.SLOT_FEATURES, h, t.hs[0], true);
        for (int r = 0; r < config.rounds(); r++) {
            double[] hr = t.hs[r], zin = t.zin[r], m = t.m[r], zu = t.zu[r], upd = t.upd[r], next = t.hs[r + 1];
            int w = 2 * h + dl;
            for (int l = 0; l < nl; l++) {
                System.arraycopy(hr, graph.laneFrom[l] * h, zin, l * w, h);
                System.arraycopy(hr, graph.laneTo[l] * h, zin, l * w + h, h);
                System.arraycopy(t.e, l * dl, zin, l * w + 2 * h, dl);
            }
            affine(p, msgW[r], msgB[r], zin, nl, w, h, m, true);
            java.util.Arrays.fill(zu, 0);
            for (int s = 0; s < ns; s++) {
                System.arraycopy(hr, s * h, zu, s * 3 * h, h);
                meanInto(m, graph.inLanes[s], zu, s * 3 * h + h);
                meanInto(m, graph.outLanes[s], zu, s * 3 * h + 2 * h);
            }
            affine(p, updW[r], updB[r], zu, ns, 3 * h, h, upd, true);
            for (int i = 0; i < ns * h; i++) next[i] = hr[i] + upd[i];
        }
        double[] hf = t.hs[config.rounds()];
        java.util.Arrays.fill(t.g, 0);
        for (int f = 0; f < graph.facilities(); f++) meanInto(hf, graph.facilitySlots[f], t.g, f * h);
        // head inputs
        fillHeadInputs(graph, t, hf);
        for (int k = 0; k < HEADS; k++) {
            int rows = graph.actionIndex[k].length;
            affine(p, headW1[k], headB1[k], t.z[k], rows, headIn[k], h, t.q[k], true);
            for (int i = 0; i < rows; i++) {
                double acc = p[headB2[k]];
                for (int j = 0; j < h; j++) acc += p[headW2[k] + j] * t.q[k][i * h + j];
                t.mu[graph.actionIndex[k][i]] = acc;
            }
        }
    }

    private void fillHeadInputs(GraphStructure graph, Tape t, double[] hf) {
        int dl = GraphStructure.LANE_FEATURES;
        double[] z = t.z[0];
        for (int i = 0; i < graph.procurementSlot.length; i++) {
            System.arraycopy(hf, graph.procurementSlot[i] * h, z, i * 2 * h, h);
            System.arraycopy(t.g, graph.procurementFacility[i] * h, z, i * 2 * h + h, h);
        }
        z = t.z[1];
        for (int i = 0; i < graph.utilizationFacility.length; i++)
            System.arraycopy(t.g, graph.utilizationFacility[i] * h, z, i * h, h);
        z = t.z[2];
        java.util.Arrays.fill(z, 0);
        for (int i = 0; i < graph.modeFacility.length; i++) {
            System.arraycopy(t.g, graph.modeFacility[i] * h, z, i * 3 * h, h);
            meanInto(hf, graph.modeInputs[i], z, i * 3 * h + h);
            meanInto(hf, graph.modeOutputs[i], z, i * 3 * h + 2 * h);
        }
        z = t.z[3];
        for (int i = 0; i < graph.releaseSlot.length; i++) {
            int s = graph.releaseSlot[i];
            System.arraycopy(hf, s * h, z, i * 2 * h, h);
            System.arraycopy(t.g, graph.slotFacility[s] * h, z, i * 2 * h + h, h);
        }
        z = t.z[4];
        int w = 2 * h + dl;
        for (int i = 0; i < graph.routingLane.length; i++) {
            int l = graph.routingLane[i];
            System.arraycopy(hf, graph.laneFrom[l] * h, z, i * w, h);
            System.arraycopy(hf, graph.laneTo[l] * h, z, i * w + h, h);
            System.arraycopy(t.e, l * dl, z, i * w + 2 * h, dl);
        }
    }

    /** Adds {@code dL/dtheta} for {@code dmu = dL/dmu} at the state on the tape into {@code grad}. */
    private void backward(double[] p, GraphStructure graph, Tape t, double[] dmu, double[] grad) {
        int ns = graph.slots(), nl = graph.lanes(), dl = GraphStructure.LANE_FEATURES;
        int rounds = config.rounds();
        double[] dh = new double[ns * h];
        double[] dg = new double[graph.facilities() * h];
        for (int k = 0; k < HEADS; k++) {
            int rows = graph.actionIndex[k].length;
            if (rows == 0) continue;
            double[] dq = new double[rows * h];
            for (int i = 0; i < rows; i++) {
                double d = dmu[graph.actionIndex[k][i]];
                grad[headB2[k]] += d;
                for (int j = 0; j < h; j++) {
                    grad[headW2[k] + j] += d * t.q[k][i * h + j];
                    dq[i * h + j] = d * p[headW2[k] + j];
                }
            }
            double[] dz = new double[rows * headIn[k]];
            affineBackward(p, headW1[k], headB1[k], t.z[k], rows, headIn[k], h, t.q[k], true, dq, grad, dz);
            scatterHeadInputs(graph, k, dz, dh, dg);
        }
        for (int f = 0; f < graph.facilities(); f++) spreadMean(dg, f * h, graph.facilitySlots[f], dh);
        for (int r = rounds - 1; r >= 0; r--) {
            // h_(r+1) = h_r + upd_r: dh flows to h_r unchanged, and through the update
            double[] dupd = dh.clone();
            double[] dzu = new double[ns * 3 * h];
            affineBackward(p, updW[r], updB[r], t.zu[r], ns, 3 * h, h, t.upd[r], true, dupd, grad, dzu);
            double[] dm = new double[nl * h];
            for (int s = 0; s < ns; s++) {
                for (int j = 0; j < h; j++) dh[s * h + j] += dzu[s * 3 * h + j];
                spreadMean(dzu, s * 3 * h + h, graph.inLanes[s], dm);
                spreadMean(dzu, s * 3 * h + 2 * h, graph.outLanes[s], dm);
            }
            int w = 2 * h + dl;
            double[] dzin = new double[nl * w];
            affineBackward(p, msgW[r], msgB[r], t.zin[r], nl, w, h, t.m[r], true, dm, grad, dzin);
            for (int l = 0; l < nl; l++) {
                int from = graph.laneFrom[l] * h, to = graph.laneTo[l] * h;
                for (int j = 0; j < h; j++) {
                    dh[from + j] += dzin[l * w + j];
                    dh[to + j] += dzin[l * w + h + j];
                }
            }
        }
        affineBackward(p, encW, encB, t.u, ns, GraphStructure.SLOT_FEATURES, h, t.hs[0], true, dh, grad, null);
    }

    private void scatterHeadInputs(GraphStructure graph, int k, double[] dz, double[] dh, double[] dg) {
        switch (k) {
            case 0 -> {
                for (int i = 0; i < graph.procurementSlot.length; i++) {
                    addInto(dz, i * 2 * h, dh, graph.procurementSlot[i] * h);
                    addInto(dz, i * 2 * h + h, dg, graph.procurementFacility[i] * h);
                }
            }
            case 1 -> {
                for (int i = 0; i < graph.utilizationFacility.length; i++)
                    addInto(dz, i * h, dg, graph.utilizationFacility[i] * h);
            }
            case 2 -> {
                for (int i = 0; i < graph.modeFacility.length; i++) {
                    addInto(dz, i * 3 * h, dg, graph.modeFacility[i] * h);
                    spreadMean(dz, i * 3 * h + h, graph.modeInputs[i], dh);
                    spreadMean(dz, i * 3 * h + 2 * h, graph.modeOutputs[i], dh);
                }
            }
            case 3 -> {
                for (int i = 0; i < graph.releaseSlot.length; i++) {
                    int s = graph.releaseSlot[i];
                    addInto(dz, i * 2 * h, dh, s * h);
                    addInto(dz, i * 2 * h + h, dg, graph.slotFacility[s] * h);
                }
            }
            default -> {
                int w = 2 * h + GraphStructure.LANE_FEATURES;
                for (int i = 0; i < graph.routingLane.length; i++) {
                    int l = graph.routingLane[i];
                    addInto(dz, i * w, dh, graph.laneFrom[l] * h);
                    addInto(dz, i * w + h, dh, graph.laneTo[l] * h);
                }
            }
        }
    }

    /** {@code out[at..at+h) = mean of src's rows rows}; unchanged (zero) when there are none. */
    private void meanInto(double[] src, int[] rows, double[] out, int at) {
        if (rows.length == 0) return;
        double inv = 1.0 / rows.length;
        for (int r : rows) for (int j = 0; j < h; j++) out[at + j] += src[r * h + j] * inv;
    }

    /** The backward of {@link #meanInto}: adds {@code d[at..at+h) / |rows|} to each of the rows of {@code out}. */
    private void spreadMean(double[] d, int at, int[] rows, double[] out) {
        if (rows.length == 0) return;
        double inv = 1.0 / rows.length;
        for (int r : rows) for (int j = 0; j < h; j++) out[r * h + j] += d[at + j] * inv;
    }

    private void addInto(double[] src, int at, double[] out, int to) {
        for (int j = 0; j < h; j++) out[to + j] += src[at + j];
    }

    /** {@code y = act(W x + b)} for n rows, W row-major {@code out x in} at {@code w} in p. */
    private static void affine(double[] p, int w, int b, double[] x, int n, int in, int out, double[] y, boolean relu) {
        for (int r = 0; r < n; r++) {
            int xr = r * in;
            for (int o = 0; o < out; o++) {
                double acc = p[b + o];
                int wr = w + o * in;
                for (int i = 0; i < in; i++) acc += p[wr + i] * x[xr + i];
                y[r * out + o] = relu && acc < 0 ? 0 : acc;
            }
        }
    }

    /**
     * The backward of {@link #affine}: with {@code dy = dL/dy} (overwritten by {@code dL/d(pre-activation)}), adds
     * {@code dL/dW}, {@code dL/db} into {@code grad} and {@code dL/dx} into {@code dx} (skipped if null). A ReLU passes
     * the gradient where its output is positive.
     */
    private static void affineBackward(
            double[] p,
            int w,
            int b,
            double[] x,
            int n,
            int in,
            int out,
            double[] y,
            boolean relu,
            double[] dy,
            double[] grad,
            double[] dx) {
        for (int r = 0; r < n; r++) {
            int xr = r * in;
            for (int o = 0; o < out; o++) {
                int k = r * out + o;
                if (relu && y[k] <= 0) dy[k] = 0;
                double d = dy[k];
                if (d == 0) continue;
                grad[b + o] += d;
                int wr = w + o * in;
                for (int i = 0; i < in; i++) {
                    grad[wr + i] += d * x[xr + i];
                    if (dx != null) dx[xr + i] += d * p[wr + i];
                }
            }
        }
    }

    private void checkTheta(double[] theta) {
        Objects.requireNonNull(theta, "theta");
        if (theta.length != size)
            throw new IllegalArgumentException("theta must have " + size + " entries, got " + theta.length);
    }

    private static void uniform(double[] p, int from, int n, double bound, SplittableRandom rng) {
        for (int i = 0; i < n; i++) p[from + i] = rng.nextDouble(-bound, bound);
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }
}
