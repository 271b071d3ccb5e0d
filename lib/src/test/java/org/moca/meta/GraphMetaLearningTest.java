package org.moca.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.agent.Training;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.policy.GraphPolicy;
import org.moca.policy.GraphPolicyConfig;
import org.moca.policy.GraphPolicyParameters;
import org.moca.policy.GraphStructure;
import org.moca.sim.NetworkIndex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The workbench's meta-learners on the graph policy, unchanged: first-order MAML and Reptile compute on its
 * {@link GraphPolicyParameters} exactly the directions their definitions give (checked against the graph policy's own
 * loss and gradient, step by step), meta-training lowers the query loss over tasks of two networks of different sizes,
 * the outer consolidation wraps them, and the learners that need the MLP refuse the graph policy by name.
 */
class GraphMetaLearningTest {

    private static final GraphPolicy POLICY = new GraphPolicy(new GraphPolicyConfig(6, 1, -2, 1, 0));
    private static final MetaLearnerConfig CONFIG = new MetaLearnerConfig(0.05, 3, 0.01, 0.9, 0.999, 1e-8, 1);
    private static final List<SupplyNetwork> NETWORKS =
            List.of(ReferenceNetworks.circularElectronicsNd(), ReferenceNetworks.circularBatteriesNmc());

    private static double[][] states(GraphStructure g, int n, SplittableRandom rng) {
        double[][] xs = new double[n][g.stateDimension()];
        for (double[] x : xs) for (int j = 0; j < x.length; j++) x[j] = rng.nextDouble();
        return xs;
    }

    private static double[][] labels(double[] teacher, GraphStructure g, double[][] xs) {
        double[][] as = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) as[i] = POLICY.mean(teacher, g, xs[i]);
        return as;
    }

    /**
     * Tasks on both networks: one teacher's actions (the parameters of seed 100) on each task's own states, two
     * support rows and four query rows.
     */
    private static List<LossTask> tasks(int perNetwork) {
        List<LossTask> tasks = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(11);
        for (SupplyNetwork n : NETWORKS) {
            GraphStructure g = new GraphStructure(new NetworkIndex(n));
            for (int i = 0; i < perNetwork; i++) {
                double[] teacher = POLICY.initialParameters(100);
                double[][] s = states(g, 2, rng), q = states(g, 4, rng);
                tasks.add(new LossTask(
                        new GraphImitationLoss(POLICY, g, s, labels(teacher, g, s)),
                        new GraphImitationLoss(POLICY, g, q, labels(teacher, g, q))));
            }
        }
        return tasks;
    }

    /** K SGD steps by hand on the graph policy's own double[] loss. */
    private static double[] adaptedByHand(double[] theta0, GraphImitationLoss support) {
        double[] phi = theta0.clone();
        double[] g = new double[phi.length];
        for (int k = 0; k < CONFIG.innerSteps(); k++) {
            support.lossAndGradient(phi, g);
            for (int i = 0; i < phi.length; i++) phi[i] -= CONFIG.innerLearningRate() * g[i];
        }
        return phi;
    }

    @Test
    void firstOrderMamlsDirectionIsTheMeanQueryGradientAtTheAdaptedParameters() {
        GraphPolicyParameters meta = GraphPolicyParameters.initialize(POLICY, 1);
        List<LossTask> batch = tasks(2);
        double[] theta0 = meta.parameters().toDoubleVector();
        double[] expected = new double[theta0.length];
        double expectedLoss = 0;
        for (LossTask t : batch) {
            double[] phi = adaptedByHand(theta0, (GraphImitationLoss) t.support());
            double[] g = new double[phi.length];
            expectedLoss += ((GraphImitationLoss) t.query()).lossAndGradient(phi, g);
            for (int i = 0; i < g.length; i++) expected[i] += g[i] / batch.size();
        }
        try (MetaLearner<GraphPolicyParameters> learner = MetaLearners.create("fomaml", meta, CONFIG)) {
            MetaGradient mg = learner.metaGradientOfLosses(batch);
            assertArrayEquals(expected, mg.gradient().toDoubleVector(), 1e-12);
            assertEquals(expectedLoss / batch.size(), mg.meanQueryLoss(), 1e-12);
        }
        assertArrayEquals(theta0, meta.parameterView().toDoubleVector(), 0.0, "a meta-gradient changes nothing");
    }

    @Test
    void reptilesDirectionPointsFromTheMeanAdaptedParametersBackToTheInitialization() {
        GraphPolicyParameters meta = GraphPolicyParameters.initialize(POLICY, 2);
        List<LossTask> batch = tasks(1);
        double[] theta0 = meta.parameters().toDoubleVector();
        double[] expected = new double[theta0.length];
        for (LossTask t : batch) {
            double[] phi = adaptedByHand(theta0, (GraphImitationLoss) t.support());
            for (int i = 0; i < phi.length; i++) expected[i] += (theta0[i] - phi[i]) / batch.size();
        }
        try (MetaLearner<GraphPolicyParameters> learner = MetaLearners.create("reptile", meta, CONFIG)) {
            assertArrayEquals(
                    expected, learner.metaGradientOfLosses(batch).gradient().toDoubleVector(), 1e-12);
        }
    }

    @Test
    void deploymentAdaptationIsTheInnerLoopAndReturnsANewGraphPolicy() {
        GraphPolicyParameters meta = GraphPolicyParameters.initialize(POLICY, 3);
        GraphImitationLoss support = (GraphImitationLoss) tasks(1).get(1).support(); // the battery network's
        try (MetaLearner<GraphPolicyParameters> learner = MetaLearners.create("fomaml", meta, CONFIG)) {
            GraphPolicyParameters adapted = learner.adapt(support, null);
            assertNotSame(meta, adapted);
            assertArrayEquals(
                    adaptedByHand(meta.parameters().toDoubleVector(), support),
                    adapted.parameterView().toDoubleVector(),
                    1e-12);
            // with a strong L2 pull to the meta-parameters the adaptation moves less
            GraphPolicyParameters held = learner.adapt(support, L2Consolidation.anchoredAt(meta, 5.0));
            double free = adapted.parameterView().distance2(meta.parameterView());
            double pulled = held.parameterView().distance2(meta.parameterView());
            assertTrue(pulled < 0.75 * free, "pulled " + pulled + " against free " + free);
            // EWC in its per-sample form: the Fisher of the support rows, the mean of their squared gradients
            EwcConsolidation ewc = EwcConsolidation.anchoredAt(meta, support.perRow(), 5.0);
            double[] fisher = new double[POLICY.numParameters()];
            double[] g = new double[fisher.length];
            for (GraphImitationLoss row : support.perRow()) {
                row.lossAndGradient(meta.parameters().toDoubleVector(), g);
                for (int i = 0; i < g.length; i++) fisher[i] += g[i] * g[i] / support.rows();
            }
            assertArrayEquals(fisher, ewc.fisher().toDoubleVector(), 1e-12);
            double ewcHeld = learner.adapt(support, ewc).parameterView().distance2(meta.parameterView());
            assertTrue(ewcHeld < free, "EWC-held " + ewcHeld + " against free " + free);
        }
    }

    @Test
    void meanOfABatchIsTheSameBitwiseForAnyNumberOfWorkers() {
        List<LossTask> batch = tasks(2);
        INDArray[] directions = new INDArray[2];
        for (int w = 1; w <= 2; w++) {
            GraphPolicyParameters meta = GraphPolicyParameters.initialize(POLICY, 4);
            try (var learner = MetaLearners.create("fomaml", meta, CONFIG.withWorkers(w))) {
                directions[w - 1] = learner.metaGradientOfLosses(batch).gradient();
            }
        }
        assertEquals(directions[0], directions[1]);
    }

    @Test
    void metaTrainingOverTwoNetworksLowersTheMeanQueryLossAfterAdaptation() {
        for (String name : MetaLearners.anyPolicy()) {
            GraphPolicyParameters meta = GraphPolicyParameters.initialize(POLICY, 5);
            List<LossTask> tasks = tasks(3);
            try (var learner = MetaLearners.create(name, meta, CONFIG)) {
                double before = learner.metaGradientOfLosses(tasks).meanQueryLoss();
                Training.metaTrainOnLosses(learner, tasks, 60, 4, new SplittableRandom(3), null);
                double after = learner.metaGradientOfLosses(tasks).meanQueryLoss();
                assertTrue(after < before - 0.05, name + ": mean adapted query NLL " + before + " -> " + after);
            }
        }
    }

    @Test
    void theOuterConsolidationWrapsAFirstOrderLearnerOnTheGraphPolicy() {
        List<LossTask> tasks = tasks(2);
        double[] distance = new double[2];
        double[] lambdas = {0.0, 100.0};
        for (int i = 0; i < 2; i++) {
            GraphPolicyParameters meta = GraphPolicyParameters.initialize(POLICY, 6);
            INDArray start = meta.parameters();
            try (var learner = new ConsolidatedMetaLearner<>(
                    meta, CONFIG, new OuterConsolidationConfig(lambdas[i], 1000), FirstOrderMaml::new)) {
                Training.metaTrainOnLosses(learner, tasks, 20, 2, new SplittableRandom(9), null);
                assertEquals(20, learner.outerUpdates());
                assertEquals(start, learner.anchor(), "no snapshot before the 1000th update");
                distance[i] = meta.parameterView().distance2(start);
            }
        }
        assertTrue(
                distance[1] < 0.5 * distance[0],
                "the penalty held the meta-parameters: " + distance[1] + " vs " + distance[0]);
    }

    @Test
    void whatNeedsTheMlpRefusesTheGraphPolicyByName() {
        GraphPolicyParameters meta = GraphPolicyParameters.initialize(POLICY, 7);
        var anil = assertThrows(IllegalArgumentException.class, () -> MetaLearners.create("anil", meta, CONFIG));
        assertTrue(
                anil.getMessage().contains("anil") && anil.getMessage().contains("GraphPolicyParameters"),
                anil.getMessage());
        try (var learner = MetaLearners.create("fomaml", meta, CONFIG)) {
            INDArray states = Nd4j.zeros(DataType.DOUBLE, 2, 3), actions = Nd4j.zeros(DataType.DOUBLE, 2, 3);
            var e = assertThrows(UnsupportedOperationException.class, () -> learner.adapt(states, actions));
            assertTrue(e.getMessage().contains("LossTask"), e.getMessage());
            var task = new LearningTask(states, actions, states, actions);
            assertThrows(UnsupportedOperationException.class, () -> learner.metaGradient(List.of(task)));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> meta.withParameters(Nd4j.zeros(DataType.DOUBLE, 5)));
        assertTrue(e.getMessage().contains(String.valueOf(POLICY.numParameters())), e.getMessage());
    }
}
