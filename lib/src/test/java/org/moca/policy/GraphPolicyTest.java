package org.moca.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.graph.NetworkGenerator;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.meta.GraphImitationLoss;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.SimConfig;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class GraphPolicyTest {

    private static final GraphPolicyConfig SMALL = new GraphPolicyConfig(5, 2, -2, 1, -0.3);

    /** Encoded states of the network along its nominal controls under a supplier outage at hour 6. */
    private static double[][] states(SupplyNetwork network, int n) {
        NetworkIndex layout = new NetworkIndex(network);
        StateEncoder encoder = new StateEncoder(layout);
        ActionCodec codec = new ActionCodec(layout);
        String supplier = network.facilities().get(layout.suppliers()[0]).id();
        List<Disruption> ds = List.of(new Disruption(DisruptionType.SUPPLIER_OUTAGE, supplier, 6, 30, 0.8));
        var sim =
                new CircularSupplySimulator(layout, ds, Realization.sample(layout, SimConfig.defaults(), 40, 3), null);
        double[] half = new double[codec.dimension()];
        double[][] xs = new double[n][];
        for (int i = 0; i < n; i++) {
            int hour = sim.hour();
            List<ObservedDisruption> observed = ds.stream()
                    .filter(d -> d.onset() <= hour)
                    .map(d -> new ObservedDisruption(d.type(), d.target(), d.onset(), d.severity()))
                    .toList();
            xs[i] = KnownDisruptions.encode(encoder, sim, observed);
            sim.step(codec.decode(half));
            sim.step(codec.decode(half));
        }
        return xs;
    }

    private static double[][] randomActions(int n, int d, SplittableRandom rng) {
        double[][] a = new double[n][d];
        for (double[] row : a) for (int j = 0; j < d; j++) row[j] = rng.nextGaussian();
        return a;
    }

    @Test
    void theGradientMatchesCentralDifferencesInEveryCoordinate() {
        GraphPolicy policy = new GraphPolicy(SMALL);
        for (SupplyNetwork network :
                List.of(ReferenceNetworks.circularElectronicsNd(), ReferenceNetworks.circularBatteriesNmc())) {
            GraphStructure graph = new GraphStructure(new NetworkIndex(network));
            double[][] xs = states(network, 3);
            double[][] as = randomActions(3, graph.actionDimension(), new SplittableRandom(5));
            double[] theta = policy.initialParameters(11);
            // move the biases and log-stds off their initial zeros, so every path carries gradient
            SplittableRandom rng = new SplittableRandom(7);
            for (int i = 0; i < theta.length; i++) theta[i] += 0.05 * rng.nextGaussian();
            double[] grad = new double[theta.length];
            policy.loss(theta, graph, xs, as, grad);
            double eps = 1e-6, worst = 0;
            int nonZero = 0, acrossKinks = 0;
            long piece = policy.reluSignature(theta, graph, xs);
            for (int i = 0; i < theta.length; i++) {
                double keep = theta[i];
                theta[i] = keep + eps;
                double up = policy.loss(theta, graph, xs, as, null);
                boolean same = policy.reluSignature(theta, graph, xs) == piece;
                theta[i] = keep - eps;
                double down = policy.loss(theta, graph, xs, as, null);
                same &= policy.reluSignature(theta, graph, xs) == piece;
                theta[i] = keep;
                if (!same) { // a ReLU switches within eps: the difference quotient straddles a kink
                    acrossKinks++;
                    continue;
                }
                double numeric = (up - down) / (2 * eps);
                worst = Math.max(
                        worst, Math.abs(numeric - grad[i]) / Math.max(1e-4, Math.abs(numeric) + Math.abs(grad[i])));
                if (Math.abs(grad[i]) > 1e-8) nonZero++;
            }
            assertTrue(worst < 1e-5, network.name() + ": worst relative error " + worst);
            assertTrue(acrossKinks < theta.length / 20, network.name() + ": " + acrossKinks + " coordinates at a kink");
            assertTrue(
                    nonZero > theta.length / 2,
                    network.name() + ": only " + nonZero + " of " + theta.length + " coordinates carry gradient");
        }
    }

    @Test
    void oneParameterVectorActsOnNetworksOfEverySizeAndWritesTheirCodecsActions() {
        GraphPolicy policy = new GraphPolicy(GraphPolicyConfig.defaults());
        double[] theta = policy.initialParameters(1);
        for (SupplyNetwork network : List.of(
                ReferenceNetworks.circularElectronicsNd(),
                ReferenceNetworks.circularBatteriesNmc(),
                new NetworkGenerator(NetworkGenerator.Config.withFacilities(40)).generate(3),
                new NetworkGenerator(NetworkGenerator.Config.withFacilities(400)).generate(3))) {
            NetworkIndex layout = new NetworkIndex(network);
            GraphStructure graph = new GraphStructure(layout);
            assertEquals(new ActionCodec(layout).dimension(), graph.actionDimension(), network.name());
            assertEquals(new StateEncoder(layout).dimension(), graph.stateDimension(), network.name());
            double[] mean = policy.mean(theta, graph, states(network, 1)[0]);
            assertEquals(graph.actionDimension(), mean.length, network.name());
            for (double v : mean) assertTrue(Double.isFinite(v), network.name());
            // the codec decodes it into valid controls
            new ActionCodec(layout).decode(mean).validate(layout);
        }
        assertEquals(policy.numParameters(), theta.length);
    }

    @Test
    void theFeatureRowsReadTheEncodersEntriesOfTheirOwnSlotAndLane() {
        SupplyNetwork network = ReferenceNetworks.circularElectronicsNd();
        NetworkIndex layout = new NetworkIndex(network);
        GraphStructure graph = new GraphStructure(layout);
        double[] x = states(network, 5)[4]; // hour 8: the outage is in force
        double[] u = new double[graph.slots() * GraphStructure.SLOT_FEATURES];
        double[] e = new double[graph.lanes() * GraphStructure.LANE_FEATURES];
        graph.slotFeatures(x, u);
        graph.laneFeatures(x, e);
        int lanes = graph.lanes(), facilities = graph.facilities();
        int supplier = layout.suppliers()[0];
        for (int s = 0; s < graph.slots(); s++) {
            assertEquals(x[s], u[s * GraphStructure.SLOT_FEATURES], "stock of slot " + s);
            int f = layout.slot(s).facility();
            assertEquals(x[graph.slots() + lanes + f], u[s * GraphStructure.SLOT_FEATURES + 1], "capacity of " + s);
        }
        assertEquals(0.2, u[layout.supplierSlot(0) * GraphStructure.SLOT_FEATURES + 1], 1e-12, "the outage shows");
        assertEquals(supplier, layout.slot(layout.supplierSlot(0)).facility());
        for (int l = 0; l < lanes; l++) assertEquals(x[graph.slots() + l], e[l * GraphStructure.LANE_FEATURES]);
        int flags = x.length - DisruptionType.values().length;
        assertEquals(1.0, x[flags + DisruptionType.SUPPLIER_OUTAGE.ordinal()]);
        for (int s = 0; s < graph.slots(); s++)
            assertEquals(1.0, u[s * GraphStructure.SLOT_FEATURES + 7 + DisruptionType.SUPPLIER_OUTAGE.ordinal()]);
        assertTrue(facilities > 0);
        assertThrows(IllegalArgumentException.class, () -> graph.slotFeatures(new double[3], u));
    }

    @Test
    void adamOnTheLossFitsATeachersActionsOnTwoNetworksAtOnce() {
        GraphPolicy policy = new GraphPolicy(new GraphPolicyConfig(8, 1, -2, 1, 0));
        double[] teacher = policy.initialParameters(99);
        List<SupplyNetwork> networks =
                List.of(ReferenceNetworks.circularElectronicsNd(), ReferenceNetworks.circularBatteriesNmc());
        List<GraphImitationLoss> tasks = networks.stream()
                .map(n -> {
                    GraphStructure g = new GraphStructure(new NetworkIndex(n));
                    double[][] xs = states(n, 6);
                    double[][] as = new double[xs.length][];
                    for (int i = 0; i < xs.length; i++) as[i] = policy.mean(teacher, g, xs[i]);
                    return new GraphImitationLoss(policy, g, xs, as);
                })
                .toList();
        double[] theta = policy.initialParameters(1);
        var params = Nd4j.createFromArray(theta);
        Adam adam = new Adam(theta.length, DataType.DOUBLE, 0.01, 0.9, 0.999, 1e-8);
        double before = 0, after = 0;
        for (GraphImitationLoss t : tasks) before += t.lossAndGradient(theta, null);
        var grad = Nd4j.zeros(DataType.DOUBLE, theta.length);
        var sum = Nd4j.zeros(DataType.DOUBLE, theta.length);
        for (int step = 0; step < 300; step++) {
            sum.assign(0);
            for (GraphImitationLoss t : tasks) {
                t.lossAndGradient(params, grad);
                sum.addi(grad);
            }
            adam.step(params, sum);
        }
        for (GraphImitationLoss t : tasks) after += t.lossAndGradient(params.toDoubleVector(), null);
        // the NLL falls by the teacher's spread: the means approach the teacher's and the log-std shrinks
        assertTrue(after < before - 1.0, "loss before " + before + ", after " + after);
        double[] logStd = policy.logStd(params.toDoubleVector());
        for (double s : logStd) assertTrue(s < -0.3, "log-std " + java.util.Arrays.toString(logStd));
    }

    @Test
    void badInputIsRefusedWithItsSize() {
        GraphPolicy policy = new GraphPolicy(SMALL);
        GraphStructure graph = new GraphStructure(new NetworkIndex(ReferenceNetworks.circularElectronicsNd()));
        var ex = assertThrows(IllegalArgumentException.class, () -> policy.mean(new double[3], graph, new double[3]));
        assertTrue(ex.getMessage().contains("theta must have " + policy.numParameters()), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GraphPolicyConfig(0, 1, -2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new GraphPolicyConfig(4, 1, -2, 1, 1));
        double[] theta = policy.initialParameters(1);
        assertArrayEquals(theta, policy.initialParameters(1), "the same seed gives the same parameters");
    }
}
