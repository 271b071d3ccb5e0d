package org.moca.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.policy.Activation;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ClippedSurrogateTest {

    @Test
    void handCaseClipsExactlyWhereTheMinimumIsFlat() {
        // clip 0.2: (A, rho) = (1, 1.5) clipped at 1.2, flat; (1, 0.5) unclipped; (-2, 0.5) clipped at 0.8, flat;
        // (-2, 1.5) unclipped. loss = -(1.2 + 0.5 - 1.6 - 3) / 4 = 0.725; weights A rho / 4 where unclipped.
        double[] logRatio = {Math.log(1.5), Math.log(0.5), Math.log(0.5), Math.log(1.5)};
        double[] adv = {1, 1, -2, -2};
        ClippedSurrogate.Evaluation e = ClippedSurrogate.evaluate(logRatio, adv, 0.2);
        assertEquals(0.725, e.loss(), 1e-12);
        assertArrayEquals(new double[] {0, 0.125, 0, -0.75}, e.weights(), 1e-12);
        assertEquals(0.5, e.clippedFraction(), 0);
        // sign: a positive advantage gives a positive weight on -log pi, so descent raises the action's likelihood
        assertTrue(e.weights()[1] > 0 && e.weights()[3] < 0);
    }

    @Test
    void insideTheClipTheWeightIsTheAdvantageAtRatioOne() {
        ClippedSurrogate.Evaluation e = ClippedSurrogate.evaluate(new double[] {0, 0}, new double[] {0.7, -0.3}, 0.2);
        assertArrayEquals(new double[] {0.35, -0.15}, e.weights(), 1e-12);
        assertEquals(-(0.7 - 0.3) / 2, e.loss(), 1e-12);
        assertEquals(0, e.clippedFraction(), 0);
    }

    /** The surrogate as a function of the policy's parameters, against the weighted-NLL gradient PPO uses. */
    @Test
    void policyGradientOfTheSurrogateMatchesCentralDifferences() {
        PolicyConfig config = new PolicyConfig(4, List.of(6), 3, Activation.TANH, -2.0, 1.0, -0.5);
        GaussianPolicy policy = GaussianPolicy.initialize(config, DataType.DOUBLE, 3);
        GaussianPolicy old = policy.copy();
        SplittableRandom rng = new SplittableRandom(5);
        INDArray perturbation = Nd4j.zeros(DataType.DOUBLE, policy.numParameters());
        for (long i = 0; i < perturbation.length(); i++) perturbation.putScalar(i, 0.15 * rng.nextGaussian());
        policy.parameterView().addi(perturbation);
        int n = 12;
        INDArray x = Nd4j.zeros(DataType.DOUBLE, n, 4);
        for (int i = 0; i < n; i++) for (int j = 0; j < 4; j++) x.putScalar(i, j, rng.nextGaussian());
        INDArray u = old.sample(x, rng);
        double[] oldLogp = old.logLikelihood(x, u).toDoubleVector();
        double[] adv = new double[n];
        for (int i = 0; i < n; i++) adv[i] = rng.nextGaussian();

        ClippedSurrogate.Evaluation e = ClippedSurrogate.evaluate(logRatio(policy, x, u, oldLogp), adv, 0.2);
        assertTrue(e.clippedFraction() > 0 && e.clippedFraction() < 1, "the case must exercise both branches");
        INDArray analytic = Nd4j.zeros(DataType.DOUBLE, policy.numParameters());
        policy.weightedNll(x, u, Nd4j.createFromArray(e.weights()), analytic);

        INDArray theta = policy.parameters();
        double eps = 1e-6;
        double maxError = 0;
        for (long i = 0; i < theta.length(); i++) {
            double t = theta.getDouble(i);
            theta.putScalar(i, t + eps);
            policy.setParameters(theta);
            double plus = ClippedSurrogate.evaluate(logRatio(policy, x, u, oldLogp), adv, 0.2)
                    .loss();
            theta.putScalar(i, t - eps);
            policy.setParameters(theta);
            double minus = ClippedSurrogate.evaluate(logRatio(policy, x, u, oldLogp), adv, 0.2)
                    .loss();
            theta.putScalar(i, t);
            maxError = Math.max(maxError, Math.abs((plus - minus) / (2 * eps) - analytic.getDouble(i)));
        }
        assertTrue(maxError < 1e-7 * Math.max(1, analytic.norm2Number().doubleValue()), "max error " + maxError);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(
                IllegalArgumentException.class, () -> ClippedSurrogate.evaluate(new double[2], new double[1], 0.2));
        assertThrows(IllegalArgumentException.class, () -> ClippedSurrogate.evaluate(new double[1], new double[1], 0));
        assertThrows(IllegalArgumentException.class, () -> ClippedSurrogate.evaluate(new double[1], new double[1], 1));
    }

    private static double[] logRatio(GaussianPolicy p, INDArray x, INDArray u, double[] oldLogp) {
        double[] lr = p.logLikelihood(x, u).toDoubleVector();
        for (int i = 0; i < lr.length; i++) lr[i] -= oldLogp[i];
        return lr;
    }
}
