package org.moca.sim;

import java.util.Objects;

/**
 * Decodes a real action vector into {@link Controls}, deterministically, and encodes controls back (its exact inverse).
 *
 * <p>Layout of the action vector (its dimension derives from the network):
 * <ol>
 *   <li>one entry per virgin supplier: procurement rate, through a stretched sigmoid;</li>
 *   <li>one entry per processor: utilization, through a stretched sigmoid;</li>
 *   <li>for each processor with two or more modes, one logit per mode: mode shares, through a floored softmax;</li>
 *   <li>one entry per shipping slot: release share, through a stretched sigmoid;</li>
 *   <li>for each shipping slot with two or more lanes, one logit per lane: routing split, through a floored softmax.</li>
 * </ol>
 * A processor with one mode, or a slot with one lane, has no logits: its share is 1.
 *
 * <p><b>Why stretched and floored.</b> A plain sigmoid never reaches 0 or 1 and a plain softmax never gives a zero share,
 * so an expert's "ship everything" or "send nothing to landfill" would be unrepresentable. The stretched sigmoid
 * {@code v = clamp((1 + 2e) sigma(x) - e, 0, 1)} reaches both ends at finite x; the floored softmax
 * {@code p_i = max(0, q_i - e_n) / sum_j max(0, q_j - e_n)}, {@code q = softmax(x)}, {@code e_n = min(0.01, 0.5 / n)},
 * reaches exact zeros. Both have an exact inverse on their whole range, so {@code decode(encode(c))} equals {@code c}
 * up to rounding for every valid {@code c}.
 */
public final class ActionCodec {

    /** Stretch of the sigmoid: x = ±logit(1/(1+2e)·...) reaches 0 and 1 exactly. */
    static final double UNIT_STRETCH = 0.02;

    private final NetworkIndex layout;
    private final int dimension;

    public ActionCodec(NetworkIndex layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        int d = layout.suppliers.length + layout.processors.length + layout.shipSlots.length;
        for (NetworkIndex.ModeIndex[] ms : layout.modes) if (ms.length > 1) d += ms.length;
        for (int[] ls : layout.shipLanes) if (ls.length > 1) d += ls.length;
        this.dimension = d;
    }

    public NetworkIndex layout() {
        return layout;
    }

    /** Length of the action vector. */
    public int dimension() {
        return dimension;
    }

    public Controls decode(double[] action) {
        if (action.length != dimension) {
            throw new IllegalArgumentException(
                    "action has " + action.length + " entries, this network's actions have " + dimension);
        }
        int k = 0;
        double[] procurement = new double[layout.suppliers.length];
        for (int i = 0; i < procurement.length; i++) procurement[i] = unit(action[k++]);
        double[] utilization = new double[layout.processors.length];
        for (int i = 0; i < utilization.length; i++) utilization[i] = unit(action[k++]);
        double[][] modeShares = new double[layout.processors.length][];
        for (int i = 0; i < modeShares.length; i++) {
            int n = layout.modes[i].length;
            modeShares[i] = n == 1 ? new double[] {1} : simplex(action, k, n);
            if (n > 1) k += n;
        }
        double[] release = new double[layout.shipSlots.length];
        for (int i = 0; i < release.length; i++) release[i] = unit(action[k++]);
        double[][] routing = new double[layout.shipSlots.length][];
        for (int i = 0; i < routing.length; i++) {
            int n = layout.shipLanes[i].length;
            routing[i] = n == 1 ? new double[] {1} : simplex(action, k, n);
            if (n > 1) k += n;
        }
        return new Controls(procurement, utilization, modeShares, release, routing);
    }

    public double[] encode(Controls c) {
        c.validate(layout);
        double[] x = new double[dimension];
        int k = 0;
        for (double v : c.procurement()) x[k++] = unitInverse(v);
        for (double v : c.utilization()) x[k++] = unitInverse(v);
        for (double[] shares : c.modeShares()) if (shares.length > 1) k = simplexInverse(shares, x, k);
        for (double v : c.release()) x[k++] = unitInverse(v);
        for (double[] shares : c.routing()) if (shares.length > 1) k = simplexInverse(shares, x, k);
        return x;
    }

    /**
     * The vector-Jacobian product of {@link #decode}: given the gradient of a scalar with respect to the decoded controls
     * ({@code cotangent}, shaped like {@link Controls}), writes its gradient with respect to the action vector into
     * {@code out} (overwriting). The decoder is piecewise smooth: the stretched sigmoid has derivative
     * {@code (1 + 2e) sigma (1 - sigma)} strictly inside (0, 1) and 0 where it is clamped; the floored softmax
     * {@code p = r / sum r}, {@code r_i = max(0, q_i - e_n)}, passes {@code dL/dr_i = (dL/dp_i - sum_j p_j dL/dp_j) / sum r}
     * to the shares strictly above the floor and nothing to those at it, then the softmax's
     * {@code dL/dx_i = q_i (dL/dq_i - sum_j q_j dL/dq_j)}. At a kink (a value exactly at a clamp or a floor) this is the
     * derivative of the branch that {@link #decode} took. Running time O(dimension).
     *
     * @param action    the action vector the controls were decoded from
     * @param cotangent d(scalar)/d(controls), same shapes as {@code decode(action)}
     * @param out       d(scalar)/d(action), length {@link #dimension()}
     */
    public void backward(double[] action, Controls cotangent, double[] out) {
        if (action.length != dimension || out.length != dimension) {
            throw new IllegalArgumentException(
                    "action and out must have " + dimension + " entries, got " + action.length + " and " + out.length);
        }
        cotangent.validateShape(layout);
        int k = 0;
        for (double g : cotangent.procurement()) k = unitBackward(action, k, g, out);
        for (double g : cotangent.utilization()) k = unitBackward(action, k, g, out);
        for (double[] g : cotangent.modeShares()) if (g.length > 1) k = simplexBackward(action, k, g, out);
        for (double g : cotangent.release()) k = unitBackward(action, k, g, out);
        for (double[] g : cotangent.routing()) if (g.length > 1) k = simplexBackward(action, k, g, out);
    }

    /**
     * The entries of {@code action} that {@link #decode} cuts: a sigmoid entry whose stretched value is clamped at 0 or
     * 1, or a softmax logit whose share {@code q_i} is at or below the floor {@code e_n}. {@link #backward} passes a cut
     * sigmoid entry nothing and a cut logit only the softmax's normalization ({@code -q_i} times the others' terms), so
     * a policy whose mean action is mostly cut gets little gradient from anything downstream of the controls (a
     * rollout's objective, say). Running time O(dimension).
     *
     * @return the number of cut entries, between 0 and {@link #dimension()}
     */
    public int cutEntries(double[] action) {
        Controls c =
                decode(action); // a decoded sigmoid is exactly 0 or 1 only where clamped, a share 0 only if floored
        int cut = 0;
        for (double[] units : new double[][] {c.procurement(), c.utilization(), c.release()})
            for (double v : units) cut += v > 0 && v < 1 ? 0 : 1;
        for (double[][] simplices : new double[][][] {c.modeShares(), c.routing()})
            for (double[] shares : simplices) if (shares.length > 1) for (double p : shares) cut += p > 0 ? 0 : 1;
        return cut;
    }

    private static int unitBackward(double[] x, int k, double g, double[] out) {
        double s = 1 / (1 + Math.exp(-x[k]));
        double raw = (1 + 2 * UNIT_STRETCH) * s - UNIT_STRETCH;
        out[k] = raw > 0 && raw < 1 ? g * (1 + 2 * UNIT_STRETCH) * s * (1 - s) : 0;
        return k + 1;
    }

    private static int simplexBackward(double[] x, int from, double[] gp, double[] out) {
        int n = gp.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, x[from + j]);
        double[] q = new double[n];
        double z = 0;
        for (int j = 0; j < n; j++) z += q[j] = Math.exp(x[from + j] - max);
        double e = floor(n), sum = 0;
        for (int j = 0; j < n; j++) {
            q[j] /= z;
            sum += Math.max(0, q[j] - e);
        }
        if (sum <= 0) { // decode's uniform fallback is constant in x
            for (int j = 0; j < n; j++) out[from + j] = 0;
            return from + n;
        }
        double gDotP = 0;
        for (int j = 0; j < n; j++) gDotP += gp[j] * Math.max(0, q[j] - e) / sum;
        double qDotGq = 0;
        double[] gq = new double[n];
        for (int j = 0; j < n; j++) {
            gq[j] = q[j] - e > 0 ? (gp[j] - gDotP) / sum : 0;
            qDotGq += q[j] * gq[j];
        }
        for (int j = 0; j < n; j++) out[from + j] = q[j] * (gq[j] - qDotGq);
        return from + n;
    }

    static double unit(double x) {
        double s = 1 / (1 + Math.exp(-x));
        return Math.min(1, Math.max(0, (1 + 2 * UNIT_STRETCH) * s - UNIT_STRETCH));
    }

    static double unitInverse(double v) {
        double s = (v + UNIT_STRETCH) / (1 + 2 * UNIT_STRETCH);
        return Math.log(s / (1 - s));
    }

    static double floor(int n) {
        return Math.min(0.01, 0.5 / n);
    }

    static double[] simplex(double[] x, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, x[from + j]);
        double[] q = new double[n];
        double z = 0;
        for (int j = 0; j < n; j++) z += q[j] = Math.exp(x[from + j] - max);
        double e = floor(n), sum = 0;
        for (int j = 0; j < n; j++) sum += q[j] = Math.max(0, q[j] / z - e);
        if (sum <= 0) { // every q_j = 1/n exactly at the floor is impossible for n >= 2 (e < 1/n); keep a safe fallback
            java.util.Arrays.fill(q, 1.0 / n);
            return q;
        }
        for (int j = 0; j < n; j++) q[j] /= sum;
        return q;
    }

    static int simplexInverse(double[] p, double[] x, int from) {
        int n = p.length;
        double e = floor(n), meanLog = 0;
        for (int j = 0; j < n; j++) meanLog += x[from + j] = Math.log(e + p[j] * (1 - n * e));
        meanLog /= n;
        for (int j = 0; j < n; j++) x[from + j] -= meanLog;
        return from + n;
    }
}
