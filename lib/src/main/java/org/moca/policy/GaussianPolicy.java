package org.moca.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SplittableRandom;
import org.moca.infra.AtomicFiles;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A diagonal-Gaussian policy {@code pi(a | s) = N(mlp(s), diag(exp(2 sigma)))} over continuous actions: an MLP
 * (default 128 -> 256 -> 256 -> 64, ReLU) gives the mean, a learnable state-independent log-std bounded to
 * {@code [logStdMin, logStdMax]} by a tanh parametrization (see {@link PolicyConfig}) gives the spread.
 *
 * <p>All parameters live in one flat vector ({@link #parameters()}, {@link #setParameters(INDArray)}, layout in
 * {@link ParameterLayout}); every learning algorithm (MAML and its relatives, consolidation, the hypernetwork) works
 * on that vocabulary and wraps a policy rather than subclassing it. The math is {@link GaussianMlpMath}.
 *
 * <p>Precision is per instance ({@link DataType#FLOAT} for training speed, {@link DataType#DOUBLE} for gradient
 * checks). Inputs of another type are cast. Not thread-safe (it owns a kernel and its buffers); {@link #copy()} per
 * thread.
 */
public final class GaussianPolicy implements ParametricPolicy<GaussianPolicy> {
    static final String FORMAT = "moca.gaussian-policy";
    /**
     * 2: the file names the state layout its inputs were encoded with ({@link StateEncoder#LAYOUT_VERSION}); 1: no
     * layout, written before the state showed the disruptions known at the hour (layout 1).
     */
    static final int FORMAT_VERSION = 2;

    private final PolicyConfig config;
    private final DataType dataType;
    private final ParameterLayout layout;
    private final INDArray params;
    private ParameterViews views;
    private GaussianMlpMath kernel;

    private GaussianPolicy(PolicyConfig config, DataType dataType, INDArray params) {
        this.config = config;
        this.dataType = dataType;
        this.layout = new ParameterLayout(config);
        this.params = params;
    }

    /**
     * A freshly initialized policy: He-uniform hidden weights ({@code U(+-sqrt(6/fanIn))}), Glorot-uniform head,
     * zero biases, log-std at {@link PolicyConfig#initialLogStd()}. Drawn on the Java side from a
     * {@link SplittableRandom}, so the same seed gives the same weights on every platform and data type.
     */
    public static GaussianPolicy initialize(PolicyConfig config, DataType dataType, long seed) {
        Objects.requireNonNull(config, "config");
        requireFloatingPoint(dataType);
        ParameterLayout layout = new ParameterLayout(config);
        double[] flat = new double[Math.toIntExact(layout.size())];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < layout.layers(); l++) {
            int in = layout.fanIn(l);
            int out = layout.fanOut(l);
            double bound = l == layout.layers() - 1 ? Math.sqrt(6.0 / (in + out)) : Math.sqrt(6.0 / in);
            int offset = (int) layout.weightOffset(l);
            for (int i = 0; i < in * out; i++) {
                flat[offset + i] = rng.nextDouble(-bound, bound);
            }
        }
        double rho = config.logStdHalfRange() == 0
                ? 0.0
                : atanh((config.initialLogStd() - config.logStdMid()) / config.logStdHalfRange());
        for (int j = 0; j < config.actionDim(); j++) {
            flat[(int) layout.logStdOffset() + j] = rho;
        }
        return new GaussianPolicy(config, dataType, Nd4j.createFromArray(flat).castTo(dataType));
    }

    /** A policy with the given flat parameters (copied, cast to {@code dataType}). */
    public static GaussianPolicy fromParameters(PolicyConfig config, DataType dataType, INDArray parameters) {
        Objects.requireNonNull(config, "config");
        requireFloatingPoint(dataType);
        long expected = new ParameterLayout(config).size();
        if (parameters.length() != expected) {
            throw new IllegalArgumentException(
                    "parameters must have length " + expected + ", got " + parameters.length());
        }
        return new GaussianPolicy(
                config, dataType, parameters.reshape(expected).castTo(dataType).dup());
    }

    public PolicyConfig config() {
        return config;
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public long numParameters() {
        return layout.size();
    }

    /** An independent copy with equal parameters (learn2learn's {@code clone()} without the autograd tape). */
    public GaussianPolicy copy() {
        return new GaussianPolicy(config, dataType, params.dup());
    }

    /** This policy in another precision. */
    public GaussianPolicy withDataType(DataType newType) {
        return fromParameters(config, newType, params);
    }

    /** A copy of the flat parameter vector (rank 1, length {@link #numParameters()}). */
    @Override
    public INDArray parameters() {
        return params.dup();
    }

    /**
     * The live flat parameter vector: writes change this policy. For learners that update in place; everyone else
     * uses {@link #parameters()}.
     */
    @Override
    public INDArray parameterView() {
        return params;
    }

    /** A policy of this configuration and precision with a copy of {@code theta}. */
    @Override
    public GaussianPolicy withParameters(INDArray theta) {
        return fromParameters(config, dataType, theta);
    }

    /** Tensor views of the live parameters. */
    public ParameterViews parameterViews() {
        if (views == null) {
            // lazily: creating the seven views costs more than copying the parameters
            views = layout.views(params);
        }
        return views;
    }

    /** Overwrites the parameters with {@code flat} (any shape with the right length; cast to this precision). */
    public void setParameters(INDArray flat) {
        if (flat.length() != layout.size()) {
            throw new IllegalArgumentException(
                    "parameters must have length " + layout.size() + ", got " + flat.length());
        }
        params.assign(flat.reshape(layout.size()).castTo(dataType));
    }

    /** The kernel this policy computes with (owned; shares nothing with other policies). */
    public GaussianMlpMath kernel() {
        if (kernel == null) {
            kernel = new GaussianMlpMath(config, dataType);
        }
        return kernel;
    }

    /** Mean action for each row of {@code states} ({@code n x stateDim} -> {@code n x actionDim}). */
    public INDArray mean(INDArray states) {
        INDArray x = input(states, config.stateDim(), "states");
        GaussianMlpMath.Tape tape = kernel().newTape(x.rows());
        return kernel().forwardMean(parameterViews(), x, tape).dup();
    }

    /**
     * The vector-Jacobian product of {@link #mean}: for a scalar L of the mean actions with {@code meanCotangent =
     * dL/d mean} ({@code n x actionDim}), writes {@code dL/dtheta} into {@code parameterGradientOut} (rank 1, length
     * {@link #numParameters()}, this policy's precision; log-std entries 0; skipped if null) and returns {@code dL/d
     * states} ({@code n x stateDim}). See {@link GaussianMlpMath#meanBackward}.
     */
    public INDArray meanBackward(INDArray states, INDArray meanCotangent, INDArray parameterGradientOut) {
        INDArray x = input(states, config.stateDim(), "states");
        INDArray c = input(meanCotangent, config.actionDim(), "meanCotangent");
        requireSameRows(x, c);
        if (parameterGradientOut != null
                && (parameterGradientOut.dataType() != dataType || parameterGradientOut.length() != layout.size())) {
            throw new IllegalArgumentException("parameterGradientOut must be a " + dataType + " vector of length "
                    + layout.size() + ", got " + parameterGradientOut.dataType() + " of length "
                    + parameterGradientOut.length());
        }
        GaussianMlpMath.Tape tape = kernel().newTape(x.rows());
        kernel().forwardMean(parameterViews(), x, tape);
        INDArray dx = Nd4j.zeros(dataType, x.rows(), config.stateDim());
        kernel().meanBackward(
                        parameterViews(),
                        tape,
                        c,
                        parameterGradientOut == null ? null : layout.views(parameterGradientOut),
                        dx);
        return dx;
    }

    /** The bounded log-std, {@code 1 x actionDim}. */
    public INDArray logStd() {
        INDArray t =
                org.nd4j.linalg.ops.transforms.Transforms.tanh(parameterViews().logStd(), true);
        return t.muli(config.logStdHalfRange()).addi(config.logStdMid());
    }

    /** {@code log pi(a_i | s_i)} for each row: a vector of length n (sum over action dimensions). */
    public INDArray logLikelihood(INDArray states, INDArray actions) {
        INDArray x = input(states, config.stateDim(), "states");
        INDArray y = input(actions, config.actionDim(), "actions");
        requireSameRows(x, y);
        INDArray s = logStd();
        INDArray z = mean(x).subi(y).muliRowVector(org.nd4j.linalg.ops.transforms.Transforms.exp(s.neg(), false));
        INDArray perDim = z.muli(z).muli(-0.5).subiRowVector(s).subi(0.5 * Math.log(2 * Math.PI));
        return perDim.sum(1);
    }

    /** The task loss: NLL of {@code actions} averaged over samples and action dimensions. */
    public double negativeLogLikelihood(INDArray states, INDArray actions) {
        INDArray x = input(states, config.stateDim(), "states");
        INDArray y = input(actions, config.actionDim(), "actions");
        requireSameRows(x, y);
        return kernel().lossAndGradient(parameterViews(), x, y, kernel().newTape(x.rows()), null);
    }

    /** Gradient of {@link #negativeLogLikelihood} with respect to the flat parameters (a new rank-1 array). */
    public INDArray gradient(INDArray states, INDArray actions) {
        INDArray x = input(states, config.stateDim(), "states");
        INDArray y = input(actions, config.actionDim(), "actions");
        requireSameRows(x, y);
        INDArray flat = Nd4j.zeros(dataType, layout.size());
        kernel().lossAndGradient(parameterViews(), x, y, kernel().newTape(x.rows()), layout.views(flat));
        return flat;
    }

    /**
     * The weighted negative log-likelihood {@code -sum_i w_i log pi(a_i | s_i)} and its gradient with respect to the
     * flat parameters (written into {@code gradientOut}, rank 1, length {@link #numParameters()}, if non-null). The
     * building block of policy-gradient methods (PPO's clipped surrogate); see
     * {@link GaussianMlpMath#weightedNllAndGradient}.
     *
     * @param weights one weight per row, a vector of length n (any shape)
     */
    public double weightedNll(INDArray states, INDArray actions, INDArray weights, INDArray gradientOut) {
        INDArray x = input(states, config.stateDim(), "states");
        INDArray y = input(actions, config.actionDim(), "actions");
        requireSameRows(x, y);
        Objects.requireNonNull(weights, "weights");
        if (weights.length() != x.rows()) {
            throw new IllegalArgumentException(
                    "weights must have one entry per row (" + x.rows() + "), got " + weights.length());
        }
        if (gradientOut != null && gradientOut.dataType() != dataType) {
            throw new IllegalArgumentException("gradientOut must be " + dataType + ", got " + gradientOut.dataType());
        }
        INDArray w = weights.reshape(x.rows(), 1).castTo(dataType);
        return kernel().weightedNllAndGradient(
                        parameterViews(),
                        x,
                        y,
                        w,
                        kernel().newTape(x.rows()),
                        gradientOut == null ? null : layout.views(gradientOut));
    }

    /** One action per row of {@code states}, {@code mean + exp(s) * eps} with {@code eps ~ N(0, I)} from {@code rng}. */
    public INDArray sample(INDArray states, SplittableRandom rng) {
        Objects.requireNonNull(rng, "rng");
        INDArray mean = mean(states);
        double[] noise = new double[Math.toIntExact(mean.length())];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = rng.nextGaussian();
        }
        INDArray eps = Nd4j.createFromArray(noise).castTo(dataType).reshape(mean.shape());
        INDArray std = org.nd4j.linalg.ops.transforms.Transforms.exp(logStd(), false);
        return mean.addi(eps.muliRowVector(std));
    }

    /** True if both policies have the same config, precision and bitwise-equal parameters. */
    public boolean sameAs(GaussianPolicy other) {
        return config.equals(other.config) && dataType == other.dataType && params.equals(other.params);
    }

    /**
     * Writes this policy as JSON: format tag, version, the state layout of its inputs
     * ({@link StateEncoder#LAYOUT_VERSION}), config, data type and the parameters as decimal doubles (exact: every
     * float and double round-trips through its shortest decimal form).
     */
    public void save(Path path) throws IOException {
        AtomicFiles.writeString(path, toJson());
    }

    /** The JSON that {@link #save} writes. */
    public String toJson() {
        Saved saved = new Saved(
                FORMAT, FORMAT_VERSION, StateEncoder.LAYOUT_VERSION, config, dataType.name(), params.toDoubleVector());
        try {
            return mapper().writeValueAsString(saved) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize policy", e);
        }
    }

    /**
     * Reads a policy written by {@link #save}.
     *
     * @throws IOException naming the file when it is not a policy of this format, or when its inputs were encoded
     *     with another state layout than this build's (a policy trained on layout 1 reads the onset hour as a pre-onset
     *     state: it must be retrained, not reinterpreted)
     */
    public static GaussianPolicy load(Path path) throws IOException {
        Saved saved = mapper().readValue(Files.readString(path), Saved.class);
        if (!FORMAT.equals(saved.format())) {
            throw new IOException(path + ": expected format " + FORMAT + ", got " + saved.format());
        }
        if (saved.version() == 1) {
            throw new IOException(path + ": a policy of format version 1, trained on state layout 1 (the last simulated"
                    + " hour's disruption factors); this build encodes state layout " + StateEncoder.LAYOUT_VERSION
                    + " (the factors known at the hour, docs/information-sets.md): retrain the policy");
        }
        if (saved.version() != FORMAT_VERSION) {
            throw new IOException(path + ": expected format version " + FORMAT_VERSION + ", got " + saved.version());
        }
        if (saved.stateLayout() != StateEncoder.LAYOUT_VERSION) {
            throw new IOException(path + ": the policy was trained on state layout " + saved.stateLayout()
                    + ", this build encodes layout " + StateEncoder.LAYOUT_VERSION + ": retrain the policy");
        }
        DataType type = DataType.valueOf(saved.dataType());
        return fromParameters(saved.config(), type, Nd4j.createFromArray(saved.parameters()));
    }

    record Saved(
            String format, int version, int stateLayout, PolicyConfig config, String dataType, double[] parameters) {}

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private INDArray input(INDArray array, int width, String name) {
        Objects.requireNonNull(array, name);
        if (array.rank() != 2 || array.columns() != width) {
            throw new IllegalArgumentException(name + " must be an n x " + width + " matrix, got shape "
                    + java.util.Arrays.toString(array.shape()));
        }
        return array.dataType() == dataType ? array : array.castTo(dataType);
    }

    private static void requireSameRows(INDArray x, INDArray y) {
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException(
                    "states and actions must have the same number of rows, got " + x.rows() + " and " + y.rows());
        }
    }

    private static void requireFloatingPoint(DataType dataType) {
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
        }
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }
}
