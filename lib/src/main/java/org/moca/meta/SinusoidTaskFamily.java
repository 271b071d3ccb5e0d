package org.moca.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A family of related imitation tasks, the meta-learning analogue of Finn et al.'s sinusoid regression, expressed
 * as Gaussian-NLL imitation of an "expert": for a task with amplitude {@code A ~ U[0.5, 2]} and phase
 * {@code phi ~ U[0, pi]}, the expert's action is {@code a_j = A sin(s . omega_j + phi) + noise}, with directions
 * {@code omega_j ~ N(0, I / stateDim)} fixed for the whole family (by {@code familySeed}). States are standard normal
 * except the first two coordinates, which carry the task's code ({@code A} and {@code phi} rescaled to about
 * [-1, 1], plus 0.1 noise) the way disruption indicators carry the crisis in the simulator's state; a hypernetwork
 * can read the task from the mean support state.
 *
 * @param stateDim    width of the states, at least 3
 * @param actionDim   width of the actions
 * @param supportSize samples in a task's support set
 * @param querySize   samples in a task's query set
 * @param noise       std of the expert's action noise
 * @param familySeed  seed of the family's fixed directions
 */
public record SinusoidTaskFamily(
        int stateDim, int actionDim, int supportSize, int querySize, double noise, long familySeed) {

    public SinusoidTaskFamily {
        if (stateDim < 3) throw new IllegalArgumentException("stateDim must be >= 3, got " + stateDim);
        if (actionDim < 1) throw new IllegalArgumentException("actionDim must be >= 1, got " + actionDim);
        if (supportSize < 1) throw new IllegalArgumentException("supportSize must be >= 1, got " + supportSize);
        if (querySize < 1) throw new IllegalArgumentException("querySize must be >= 1, got " + querySize);
        if (!(noise >= 0)) throw new IllegalArgumentException("noise must be >= 0, got " + noise);
    }

    /** One task, drawn from {@code rng}. */
    public LearningTask sample(SplittableRandom rng, DataType type) {
        double[][] omega = directions();
        double amplitude = rng.nextDouble(0.5, 2.0);
        double phase = rng.nextDouble(0.0, Math.PI);
        double[][] sx = new double[supportSize][];
        double[][] sy = new double[supportSize][];
        double[][] qx = new double[querySize][];
        double[][] qy = new double[querySize][];
        for (int i = 0; i < supportSize; i++) {
            sx[i] = state(amplitude, phase, rng);
            sy[i] = action(sx[i], omega, amplitude, phase, rng);
        }
        for (int i = 0; i < querySize; i++) {
            qx[i] = state(amplitude, phase, rng);
            qy[i] = action(qx[i], omega, amplitude, phase, rng);
        }
        return LearningTask.of(sx, sy, qx, qy, type);
    }

    /** {@code count} tasks, each from its own split of {@code rng}. */
    public List<LearningTask> sample(int count, SplittableRandom rng, DataType type) {
        List<LearningTask> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tasks.add(sample(rng.split(), type));
        }
        return tasks;
    }

    private double[] state(double amplitude, double phase, SplittableRandom rng) {
        double[] s = new double[stateDim];
        for (int j = 0; j < stateDim; j++) s[j] = rng.nextGaussian();
        s[0] = (amplitude - 1.25) / 0.75 + 0.1 * rng.nextGaussian();
        s[1] = (phase - Math.PI / 2) / (Math.PI / 2) + 0.1 * rng.nextGaussian();
        return s;
    }

    private double[] action(double[] s, double[][] omega, double amplitude, double phase, SplittableRandom rng) {
        double[] a = new double[actionDim];
        for (int j = 0; j < actionDim; j++) {
            double dot = 0;
            for (int i = 0; i < stateDim; i++) dot += s[i] * omega[j][i];
            a[j] = amplitude * Math.sin(dot + phase) + noise * rng.nextGaussian();
        }
        return a;
    }

    private double[][] directions() {
        SplittableRandom rng = new SplittableRandom(familySeed);
        double[][] omega = new double[actionDim][stateDim];
        double scale = 1.0 / Math.sqrt(stateDim);
        for (double[] row : omega) {
            for (int i = 0; i < stateDim; i++) row[i] = scale * rng.nextGaussian();
        }
        return omega;
    }
}
