package org.moca.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.moca.policy.PolicyTestData.gaussian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class GaussianPolicyTest {

    @Test
    void meanMatchesDl4jMultiLayerNetworkWithTheSameWeights() {
        PolicyConfig config = PolicyConfig.of(6, 3, 8, 5);
        GaussianPolicy policy = GaussianPolicy.initialize(config, DataType.DOUBLE, 21);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(6)
                        .nOut(8)
                        .activation(Activation.RELU)
                        .build())
                .layer(new DenseLayer.Builder()
                        .nIn(8)
                        .nOut(5)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(5)
                        .nOut(3)
                        .activation(Activation.IDENTITY)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ParameterViews v = policy.parameterViews();
        for (int l = 0; l < 3; l++) {
            net.setParam(l + "_W", v.weights()[l]);
            net.setParam(l + "_b", v.biases()[l]);
        }
        INDArray x = gaussian(DataType.DOUBLE, 7, 6, new SplittableRandom(1));
        assertTrue(policy.mean(x).equalsWithEps(net.output(x), 1e-12));
    }

    @Test
    void logStdStaysWithinBoundsForAnyParameter() {
        GaussianPolicy policy = GaussianPolicy.initialize(PolicyConfig.of(2, 3, 4), DataType.DOUBLE, 1);
        assertEquals(0.0, policy.logStd().getDouble(0, 0), 1e-12, "starts at initialLogStd");
        policy.parameterViews()
                .logStd()
                .assign(org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{-1e6, 0, 1e6}}));
        INDArray s = policy.logStd();
        assertEquals(-2.0, s.getDouble(0, 0), 1e-12);
        assertEquals(1.0, s.getDouble(0, 2), 1e-12);
    }

    @Test
    void sameSeedSameWeightsAndSamples() {
        PolicyConfig config = PolicyConfig.of(4, 2, 6);
        GaussianPolicy a = GaussianPolicy.initialize(config, DataType.FLOAT, 7);
        GaussianPolicy b = GaussianPolicy.initialize(config, DataType.FLOAT, 7);
        GaussianPolicy c = GaussianPolicy.initialize(config, DataType.FLOAT, 8);
        assertTrue(a.sameAs(b));
        assertFalse(a.sameAs(c));
        INDArray x = gaussian(DataType.FLOAT, 5, 4, new SplittableRandom(2));
        assertEquals(a.sample(x, new SplittableRandom(3)), b.sample(x, new SplittableRandom(3)));
        assertTrue(!a.sample(x, new SplittableRandom(3)).equals(a.sample(x, new SplittableRandom(4))));
    }

    @Test
    void samplesHaveThePolicysMeanAndStd() {
        GaussianPolicy policy = GaussianPolicy.initialize(PolicyConfig.of(2, 1, 3), DataType.DOUBLE, 5);
        int n = 20_000;
        INDArray x = org.nd4j.linalg.factory.Nd4j.ones(DataType.DOUBLE, n, 2);
        INDArray a = policy.sample(x, new SplittableRandom(9));
        double mean = policy.mean(x.getRows(0)).getDouble(0, 0);
        assertEquals(mean, a.meanNumber().doubleValue(), 0.05);
        assertEquals(1.0, a.stdNumber().doubleValue(), 0.05);
    }

    @Test
    void copyEqualsParentAndIsIndependent() {
        GaussianPolicy parent = GaussianPolicy.initialize(PolicyConfig.of(3, 2, 4), DataType.FLOAT, 1);
        GaussianPolicy clone = parent.copy();
        assertTrue(clone.sameAs(parent));
        clone.parameterView().addi(1.0);
        assertFalse(clone.sameAs(parent));
    }

    @Test
    void goldenFileLoadsToTheSeededPolicyAndSavesByteIdentically(@TempDir Path dir) throws IOException {
        GaussianPolicy golden = GaussianPolicy.load(PolicyGoldenFile.resource());
        GaussianPolicy expected = PolicyGoldenFile.expectedPolicy();
        assertTrue(golden.sameAs(expected), "the golden file holds the seeded policy");
        Path written = dir.resolve("policy.json");
        expected.save(written);
        assertEquals(Files.readString(PolicyGoldenFile.resource()), Files.readString(written));
        INDArray x = PolicyGoldenFile.probeStates();
        assertArrayEquals(
                expected.mean(x).ravel().toDoubleVector(),
                golden.mean(x).ravel().toDoubleVector(),
                0.0);
    }

    @Test
    void aPolicyOfStateLayoutOneIsRefusedWithTheReason() throws IOException {
        Path v1 = PolicyGoldenFile.resource().resolveSibling("policy-layout1.json");
        IOException e = assertThrows(IOException.class, () -> GaussianPolicy.load(v1));
        assertTrue(e.getMessage().contains("policy-layout1.json"), e.getMessage());
        assertTrue(e.getMessage().contains("state layout 1") && e.getMessage().contains("retrain"), e.getMessage());
    }

    @Test
    void configValidationNamesTheField() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new PolicyConfig(4, List.of(3), 2, org.moca.policy.Activation.RELU, -2, 1, 1.0));
        assertTrue(e.getMessage().contains("initialLogStd"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PolicyConfig.of(0, 2));
    }
}
