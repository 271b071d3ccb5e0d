package org.moca.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.graph.ReferenceNetworks;
import org.moca.policy.Activation;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.GraphPolicy;
import org.moca.policy.GraphPolicyConfig;
import org.moca.policy.GraphPolicyParameters;
import org.moca.policy.GraphStructure;
import org.moca.policy.PolicyConfig;
import org.moca.sim.NetworkIndex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Second-order MAML on tasks given by their losses: Hessian-vector products by central differences of the support
 * loss's exact gradient. On the MLP it agrees with the R-operator's exact meta-gradient; on the graph policy with
 * central differences of the whole inner loop (adapt K steps, then the query loss); and it is not first-order MAML.
 */
class DifferenceMamlTest {
    private static final DataType D = DataType.DOUBLE;
    private static final MetaLearnerConfig CONFIG = MetaLearnerConfig.defaults()
            .withInnerLearningRate(0.5)
            .withInnerSteps(3)
            .withWorkers(1);

    private static double relativeError(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue()
                / Math.max(1e-12, b.norm2Number().doubleValue());
    }

    @Test
    void onTheMlpTheDifferencesAgreeWithTheROperator() {
        PolicyConfig config = new PolicyConfig(4, List.of(6, 5), 2, Activation.TANH, -2.0, 1.0, -0.2);
        GaussianPolicy policy = GaussianPolicy.initialize(config, D, 31);
        List<LearningTask> tasks = new SinusoidTaskFamily(4, 2, 6, 5, 0.1, 7).sample(3, new SplittableRandom(8), D);
        List<LossTask> losses = new ArrayList<>();
        for (LearningTask t : tasks)
            losses.add(new LossTask(
                    new ImitationLoss(config, D, t.supportStates(), t.supportActions()),
                    new ImitationLoss(config, D, t.queryStates(), t.queryActions())));
        try (Maml<GaussianPolicy> maml = new Maml<>(policy, CONFIG);
                FirstOrderMaml<GaussianPolicy> fo = new FirstOrderMaml<>(policy, CONFIG)) {
            MetaGradient exact = maml.metaGradient(tasks);
            MetaGradient differences = maml.metaGradientOfLosses(losses);
            assertEquals(exact.meanQueryLoss(), differences.meanQueryLoss(), 1e-12);
            double error = relativeError(differences.gradient(), exact.gradient());
            assertTrue(error < 1e-7, "differences vs R-operator: relative error " + error);
            double firstOrder = relativeError(fo.metaGradientOfLosses(losses).gradient(), exact.gradient());
            assertTrue(
                    firstOrder > 1e3 * error,
                    "the second-order terms matter here: first order is off by " + firstOrder);
        }
    }

    private static List<LossTask> graphTasks(GraphPolicy function, NetworkIndex index, int n, long seed) {
        GraphStructure g = new GraphStructure(index);
        SplittableRandom rng = new SplittableRandom(seed);
        List<LossTask> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            double[][][] xs = new double[2][3][g.stateDimension()];
            double[][][] as = new double[2][3][g.actionDimension()];
            for (double[][] rows : xs)
                for (double[] r : rows) for (int i = 0; i < r.length; i++) r[i] = rng.nextDouble();
            for (double[][] rows : as)
                for (double[] r : rows) for (int i = 0; i < r.length; i++) r[i] = rng.nextGaussian() * 0.5;
            out.add(new LossTask(
                    new GraphImitationLoss(function, g, xs[0], as[0]),
                    new GraphImitationLoss(function, g, xs[1], as[1])));
        }
        return out;
    }

    /** Mean query loss after K SGD steps on the support, from {@code theta0}: the function MAML differentiates. */
    private static double adaptedQueryLoss(double[] theta0, List<LossTask> tasks) {
        double sum = 0;
        for (LossTask t : tasks) {
            INDArray theta = Nd4j.createFromArray(theta0.clone());
            INDArray g = Nd4j.zeros(D, theta0.length);
            for (int k = 0; k < CONFIG.innerSteps(); k++) {
                t.support().lossAndGradient(theta, g);
                theta.subi(g.mul(CONFIG.innerLearningRate()));
            }
            sum += t.query().lossAndGradient(theta, null);
        }
        return sum / tasks.size();
    }

    @Test
    void onTheGraphPolicyItIsTheDerivativeOfTheWholeInnerLoopAlongRandomDirections() {
        GraphPolicy function = new GraphPolicy(new GraphPolicyConfig(6, 1, -2, 1, 0));
        List<LossTask> tasks = graphTasks(
                function,
                org.moca.experiment.Testbed.of(ReferenceNetworks.circularBatteriesNmc())
                        .layout(),
                2,
                4);
        GraphPolicyParameters meta = GraphPolicyParameters.initialize(function, 3);
        double[] theta0 = meta.parameterView().toDoubleVector();
        try (var maml = MetaLearners.create("maml", meta, CONFIG);
                var fo = MetaLearners.create("fomaml", meta, CONFIG)) {
            MetaGradient m = maml.metaGradientOfLosses(tasks);
            assertEquals(adaptedQueryLoss(theta0, tasks), m.meanQueryLoss(), 1e-12);
            double[] g = m.gradient().toDoubleVector(),
                    f = fo.metaGradientOfLosses(tasks).gradient().toDoubleVector();
            SplittableRandom rng = new SplittableRandom(9);
            // small enough that no ReLU kink of the inner loop lies within it on these directions (1e-5 crossed one)
            double eps = 1e-7;
            for (int trial = 0; trial < 3; trial++) {
                double[] v = new double[theta0.length], plus = theta0.clone(), minus = theta0.clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] = rng.nextGaussian();
                    plus[i] += eps * v[i];
                    minus[i] -= eps * v[i];
                }
                double numeric = (adaptedQueryLoss(plus, tasks) - adaptedQueryLoss(minus, tasks)) / (2 * eps);
                double analytic = 0, firstOrder = 0;
                for (int i = 0; i < v.length; i++) {
                    analytic += g[i] * v[i];
                    firstOrder += f[i] * v[i];
                }
                double scale = Math.max(1.0, Math.abs(numeric));
                assertEquals(numeric, analytic, 1e-6 * scale, "direction " + trial);
                assertTrue(
                        Math.abs(firstOrder - numeric) > 1e-3 * scale,
                        "direction " + trial + ": first order " + firstOrder + " would pass too, numeric " + numeric);
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    theta0, meta.parameterView().toDoubleVector(), 0.0, "a meta-gradient does not move the parameters");
        }
    }

    @Test
    void differencesRefuseSinglePrecisionByName() {
        PolicyConfig config = PolicyConfig.of(4, 2, 8);
        GaussianPolicy policy = GaussianPolicy.initialize(config, DataType.FLOAT, 1);
        LearningTask t = new SinusoidTaskFamily(4, 2, 6, 5, 0.1, 7)
                .sample(1, new SplittableRandom(8), DataType.FLOAT)
                .get(0);
        LossTask task = new LossTask(
                new ImitationLoss(config, DataType.FLOAT, t.supportStates(), t.supportActions()),
                new ImitationLoss(config, DataType.FLOAT, t.queryStates(), t.queryActions()));
        try (Maml<GaussianPolicy> maml = new Maml<>(policy, CONFIG)) {
            var e = assertThrows(IllegalStateException.class, () -> maml.metaGradientOfLosses(List.of(task)));
            assertTrue(e.getMessage().contains("double precision"), e.getMessage());
        }
    }
}
