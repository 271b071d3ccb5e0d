package org.moca.rl;

import java.util.SplittableRandom;
import org.moca.policy.Activation;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParameterViews;

/**
 * One observation at a time through a {@link GaussianPolicy}: the residual action {@code mean(s)}, or
 * {@code mean(s) + exp(logStd) * eps} with {@code eps ~ N(0, I)}.
 *
 * <p>Why a plain-Java forward pass: a rollout acts on one row at a time, where ND4J's per-op overhead (about a
 * millisecond for the policy's dozen ops on this machine class) dwarfs the ~13k multiply-adds of a 64-64 network
 * (~10 us in plain Java). The actor works on a snapshot of the parameters taken by {@link #refresh()}; the tests check
 * it against {@link GaussianPolicy#mean} to rounding. Not thread-safe.
 */
final class ResidualActor {
    private final GaussianPolicy policy;
    private final int layers;
    private final double[][][] w; // [layer][in][out]
    private final double[][] b; // [layer][out]
    private final double[] std;
    private final double[][] act; // activations per layer, reused

    ResidualActor(GaussianPolicy policy) {
        this.policy = policy;
        int[] sizes = policy.config().layerSizes();
        layers = sizes.length - 1;
        w = new double[layers][][];
        b = new double[layers][];
        act = new double[layers + 1][];
        for (int l = 0; l <= layers; l++) act[l] = new double[sizes[l]];
        std = new double[policy.config().actionDim()];
        refresh();
    }

    /** Copies the policy's current parameters (call after every update). */
    void refresh() {
        ParameterViews v = policy.parameterViews();
        for (int l = 0; l < layers; l++) {
            w[l] = v.weights()[l].toDoubleMatrix();
            b[l] = v.biases()[l].toDoubleVector();
        }
        double[] s = policy.logStd().toDoubleVector();
        for (int j = 0; j < std.length; j++) std[j] = Math.exp(s[j]);
    }

    /** The residual for {@code state} (a new array); sampled with {@code rng}, or the mean if {@code rng} is null. */
    double[] residual(double[] state, SplittableRandom rng) {
        System.arraycopy(state, 0, act[0], 0, act[0].length);
        boolean relu = policy.config().activation() == Activation.RELU;
        for (int l = 0; l < layers; l++) {
            double[] in = act[l], out = act[l + 1];
            System.arraycopy(b[l], 0, out, 0, out.length);
            double[][] wl = w[l];
            for (int i = 0; i < in.length; i++) {
                double x = in[i];
                if (x == 0) continue;
                double[] row = wl[i];
                for (int j = 0; j < out.length; j++) out[j] += x * row[j];
            }
            if (l < layers - 1) {
                for (int j = 0; j < out.length; j++) out[j] = relu ? Math.max(0, out[j]) : Math.tanh(out[j]);
            }
        }
        double[] a = act[layers].clone();
        if (rng != null) for (int j = 0; j < a.length; j++) a[j] += std[j] * rng.nextGaussian();
        return a;
    }
}
