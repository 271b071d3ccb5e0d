package org.moca.bench;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.moca.meta.LearningTask;
import org.moca.meta.SinusoidTaskFamily;
import org.moca.policy.GaussianMlpMath;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParameterLayout;
import org.moca.policy.ParameterViews;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The implementation choices, measured at the author's shape with 64 rows: DL4J's {@code MultiLayerNetwork} gradient
 * (with an MSE head, the same GEMMs) against the functional kernel's (OpenBLAS via DenseOps), and a Hessian-vector
 * product by central differences of two gradients against the R-operator. Best of 30 rounds of 20 calls (robust to
 * a shared machine).
 */
final class KernelComparison {
    private KernelComparison() {}

    static void print() {
        LearningTask task =
                new SinusoidTaskFamily(128, 64, 64, 64, 0.05, 1).sample(new SplittableRandom(3), DataType.FLOAT);
        INDArray x = task.supportStates();
        INDArray y = task.supportActions();
        GaussianPolicy policy = LearningBench.authorPolicy(8);

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(128)
                        .nOut(256)
                        .activation(Activation.RELU)
                        .build())
                .layer(new DenseLayer.Builder()
                        .nIn(256)
                        .nOut(256)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(256)
                        .nOut(64)
                        .activation(Activation.IDENTITY)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.setInput(x);
        net.setLabels(y);
        double dl4j = bestMillis(() -> net.computeGradientAndScore());

        GaussianMlpMath kernel = policy.kernel();
        ParameterLayout layout = policy.layout();
        GaussianMlpMath.Tape tape = kernel.newTape(64);
        INDArray grad = Nd4j.zeros(DataType.FLOAT, layout.size());
        ParameterViews gradViews = layout.views(grad);
        ParameterViews theta = policy.parameterViews();
        double functional = bestMillis(() -> kernel.lossAndGradient(theta, x, y, tape, gradViews));

        INDArray v = grad.dup();
        INDArray hv = Nd4j.zeros(DataType.FLOAT, layout.size());
        ParameterViews vViews = layout.views(v);
        ParameterViews hvViews = layout.views(hv);
        kernel.lossAndGradient(theta, x, y, tape, gradViews);
        double rOperator = bestMillis(() -> kernel.hessianVectorProduct(theta, tape, vViews, hvViews));

        INDArray shifted = Nd4j.zeros(DataType.FLOAT, layout.size());
        ParameterViews shiftedViews = layout.views(shifted);
        INDArray gradMinus = Nd4j.zeros(DataType.FLOAT, layout.size());
        ParameterViews gradMinusViews = layout.views(gradMinus);
        GaussianMlpMath.Tape other = kernel.newTape(64);
        double eps = 1e-3;
        double differences = bestMillis(() -> {
            shifted.assign(v).muli(eps).addi(policy.parameterView());
            kernel.lossAndGradient(shiftedViews, x, y, other, hvViews);
            shifted.assign(v).muli(-eps).addi(policy.parameterView());
            kernel.lossAndGradient(shiftedViews, x, y, other, gradMinusViews);
            hv.subi(gradMinus).muli(0.5 / eps);
        });
        // accuracy of the float32 differences against the exact product
        kernel.lossAndGradient(theta, x, y, tape, gradViews);
        INDArray exact = Nd4j.zeros(DataType.FLOAT, layout.size());
        kernel.hessianVectorProduct(theta, tape, vViews, layout.views(exact));
        shifted.assign(v).muli(eps).addi(policy.parameterView());
        kernel.lossAndGradient(shiftedViews, x, y, other, hvViews);
        shifted.assign(v).muli(-eps).addi(policy.parameterView());
        kernel.lossAndGradient(shiftedViews, x, y, other, gradMinusViews);
        hv.subi(gradMinus).muli(0.5 / eps);
        double error =
                hv.sub(exact).norm2Number().doubleValue() / exact.norm2Number().doubleValue();

        System.out.printf(
                "gradient, 64 rows: DL4J MultiLayerNetwork.computeGradientAndScore %.3f ms, "
                        + "functional kernel (DenseOps) %.3f ms%n",
                dl4j, functional);
        System.out.printf(
                "Hessian-vector product: central differences of gradients %.3f ms (float32, step 1e-3: "
                        + "%.1e relative error), R-operator %.3f ms (exact)%n",
                differences, error, rOperator);
    }

    private static double bestMillis(Runnable run) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 30; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) run.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e6 / 20);
        }
        return best;
    }
}
