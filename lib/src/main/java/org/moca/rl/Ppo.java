package org.moca.rl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.moca.policy.Adam;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.Episode;
import org.moca.sim.ActionCodec;
import org.moca.sim.NetworkIndex;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Proximal policy optimization (J. Schulman et al., "Proximal policy optimization algorithms", arXiv:1707.06347,
 * 2017) of a residual Gaussian policy on {@link SupplyChainEnv}: the workbench's reinforcement-learning baseline,
 * trained on stable operation and deployed without adaptation ({@link PpoPolicy}).
 *
 * <p><b>Residual policy.</b> The environment's action is {@code nominal + u} with {@code u ~ N(mlp(s), diag(std^2))},
 * where {@code nominal} is the nominal plan's controls encoded by {@link ActionCodec} and the {@link GaussianPolicy}
 * models only the residual {@code u}. Its output layer starts scaled by {@link PpoConfig#headScale()} (near 0) and
 * its biases at 0, so the untrained policy's mean action is the nominal one: an untrained PPO is no-action, and
 * learning can only start from there. Without this the random initial policy would wreck the network's operation
 * and PPO's budget would go into relearning the nominal plan, which is not what the baseline is meant to measure.
 *
 * <p><b>One iteration.</b> (1) Roll out whole episodes from the training pool (round robin) with the current policy,
 * sampling {@code u}, until at least {@link PpoConfig#rolloutSteps()} steps; (2) value estimates and
 * {@link Gae} advantages (normalized per rollout) and targets, bootstrapping the value of the state where an episode
 * stops (a time limit, not the end of the supply chain: see {@link Gae}); (3) {@link PpoConfig#epochs()} passes in shuffled
 * minibatches: the clipped surrogate ({@link ClippedSurrogate}) minus {@code entropyCoef} times the Gaussian's
 * entropy {@code sum_j s_j + const}, its gradient by {@link GaussianPolicy#weightedNll}, global-norm clipped, one
 * Adam step; and a least-squares Adam step of the {@link ValueFunction}.
 *
 * <p><b>Cost.</b> Per environment step one policy forward on one row; per iteration {@code epochs × steps} samples of
 * forward + backward for the policy and the value network. Double precision (the networks are small; it makes the
 * determinism test bitwise). Deterministic for a given seed and training pool. Not thread-safe.
 */
public final class Ppo {

    /** Statistics of one iteration. */
    public record Iteration(
            int index,
            int episodes,
            int steps,
            double meanReturn,
            double valueLoss,
            double clipFraction,
            double approxKl) {}

    private static final DataType TYPE = DataType.DOUBLE;

    private final PpoConfig config;
    private final EnvConfig envConfig;
    private final GaussianPolicy policy;
    private final ValueFunction value;
    private final Adam policyAdam;
    private final Adam valueAdam;
    private final SplittableRandom sampling;
    private final SplittableRandom shuffling;
    private final ResidualActor actor;
    private long nextEpisode;
    private int iterations;

    /**
     * A fresh learner for the network of {@code layout} (the dimensions of its states and actions).
     */
    public Ppo(PpoConfig config, EnvConfig envConfig, NetworkIndex layout) {
        this.config = Objects.requireNonNull(config, "config");
        this.envConfig = Objects.requireNonNull(envConfig, "envConfig");
        Objects.requireNonNull(layout, "layout");
        int stateDim = new StateEncoder(layout).dimension();
        int actionDim = new ActionCodec(layout).dimension();
        SplittableRandom root = new SplittableRandom(config.seed());
        PolicyConfig pc = config.policyConfig(stateDim, actionDim);
        this.policy = GaussianPolicy.initialize(pc, TYPE, root.nextLong());
        policy.layout().headView(policy.parameterView()).muli(config.headScale());
        this.value = ValueFunction.initialize(stateDim, config.hiddenSizes(), TYPE, root.nextLong());
        this.policyAdam = new Adam(policy.numParameters(), TYPE, config.learningRate(), 0.9, 0.999, 1e-8);
        this.valueAdam = new Adam(value.numParameters(), TYPE, config.valueLearningRate(), 0.9, 0.999, 1e-8);
        this.sampling = root.split();
        this.shuffling = root.split();
        this.actor = new ResidualActor(policy);
    }

    public PpoConfig config() {
        return config;
    }

    public EnvConfig envConfig() {
        return envConfig;
    }

    /** A copy of the current residual policy. */
    public GaussianPolicy policy() {
        return policy.copy();
    }

    /** A copy of the current value network. */
    public ValueFunction value() {
        return value.copy();
    }

    /** Iterations done so far. */
    public int iterations() {
        return iterations;
    }

    /**
     * Runs {@code count} iterations on episodes drawn round robin from {@code pool} (continuing where the last call
     * stopped).
     */
    public List<Iteration> train(List<Episode> pool, int count) {
        Objects.requireNonNull(pool, "pool");
        if (pool.isEmpty()) throw new IllegalArgumentException("pool must hold at least one episode");
        if (count < 0) throw new IllegalArgumentException("count must be >= 0, got " + count);
        List<Iteration> log = new ArrayList<>(count);
        for (int i = 0; i < count; i++) log.add(iterate(pool));
        return log;
    }

    private Iteration iterate(List<Episode> pool) {
        Rollout r = collect(pool);
        int n = r.size();
        double[][] stateRows = r.states.toArray(new double[0][]);
        double[][] actionRows = r.actions.toArray(new double[0][]);
        INDArray states = Nd4j.createFromArray(stateRows);
        INDArray actions = Nd4j.createFromArray(actionRows);
        double[] oldLogp = policy.logLikelihood(states, actions).toDoubleVector();
        double[] values = value.predict(states);
        double[] nextValues = value.predict(Nd4j.createFromArray(r.nextStates.toArray(new double[0][])));
        double[] rewards = r.rewards.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] ends = new boolean[n];
        for (int t = 0; t < n; t++) ends[t] = r.ends.get(t);
        double[] adv = Gae.advantages(rewards, values, nextValues, ends, config.gamma(), config.lambda());
        double[] targets = new double[n];
        for (int t = 0; t < n; t++) targets[t] = adv[t] + values[t];
        Gae.normalize(adv);

        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        INDArray grad = Nd4j.zeros(TYPE, policy.numParameters());
        double clipSum = 0, klSum = 0, valueLossSum = 0;
        int batches = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            shuffle(order);
            for (int from = 0; from < n; from += config.minibatch()) {
                int m = Math.min(config.minibatch(), n - from);
                double[][] xs = new double[m][], us = new double[m][];
                double[] mbAdv = new double[m], mbOld = new double[m], mbTargets = new double[m];
                for (int j = 0; j < m; j++) {
                    int k = order[from + j];
                    xs[j] = stateRows[k];
                    us[j] = actionRows[k];
                    mbAdv[j] = adv[k];
                    mbOld[j] = oldLogp[k];
                    mbTargets[j] = targets[k];
                }
                INDArray x = Nd4j.createFromArray(xs);
                INDArray u = Nd4j.createFromArray(us);
                double[] logRatio = policy.logLikelihood(x, u).toDoubleVector();
                for (int j = 0; j < m; j++) logRatio[j] -= mbOld[j];
                ClippedSurrogate.Evaluation e = ClippedSurrogate.evaluate(logRatio, mbAdv, config.clip());
                policy.weightedNll(x, u, Nd4j.createFromArray(e.weights()), grad);
                addEntropyGradient(grad);
                clipNorm(grad);
                policyAdam.step(policy.parameterView(), grad);

                valueLossSum += value.loss(x, mbTargets);
                valueAdam.step(value.parameterView(), value.gradient(x, mbTargets));

                clipSum += e.clippedFraction();
                for (double lr : logRatio) klSum += (Math.exp(lr) - 1 - lr) / m; // Schulman's unbiased k3 estimator
                batches++;
            }
        }
        iterations++;
        return new Iteration(
                iterations,
                r.episodes,
                n,
                r.returnSum / r.episodes,
                valueLossSum / batches,
                clipSum / batches,
                klSum / batches);
    }

    private void addEntropyGradient(INDArray grad) {
        if (config.entropyCoef() > 0) addEntropyBonusGradient(policy, config.entropyCoef(), grad);
    }

    /**
     * Adds to {@code grad} the gradient of {@code -coef * H}: the entropy of the diagonal Gaussian is
     * {@code H = sum_j s_j + a (1 + ln 2 pi) / 2}, and with the bounded log-std {@code s_j = mid + half tanh(rho_j)},
     * {@code dH/drho_j = half (1 - tanh^2 rho_j)}. Only the log-std parameters move: the entropy does not depend on the
     * state. O(actionDim).
     */
    static void addEntropyBonusGradient(GaussianPolicy policy, double coef, INDArray grad) {
        PolicyConfig pc = policy.config();
        double half = 0.5 * (pc.logStdMax() - pc.logStdMin());
        INDArray rho = policy.parameterViews().logStd();
        long offset = policy.layout().logStdOffset();
        for (int j = 0; j < pc.actionDim(); j++) {
            double t = Math.tanh(rho.getDouble(0, j));
            grad.putScalar(offset + j, grad.getDouble(offset + j) - coef * half * (1 - t * t));
        }
    }

    private void clipNorm(INDArray grad) {
        if (config.maxGradNorm() == 0) return;
        double norm = grad.norm2Number().doubleValue();
        if (norm > config.maxGradNorm()) grad.muli(config.maxGradNorm() / norm);
    }

    private void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = shuffling.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    private Rollout collect(List<Episode> pool) {
        actor.refresh();
        Rollout r = new Rollout();
        while (r.size() < config.rolloutSteps()) {
            Episode episode = pool.get((int) (nextEpisode++ % pool.size()));
            SupplyChainEnv env = new SupplyChainEnv(episode, envConfig);
            double[] nominal = env.nominalAction();
            double[] s = env.reset();
            boolean done = false;
            while (!done) {
                double[] u = actor.residual(s, sampling);
                double[] a = nominal.clone();
                for (int j = 0; j < a.length; j++) a[j] += u[j];
                SupplyChainEnv.Step step = env.step(a);
                r.add(s, u, step.reward(), step.state(), step.done());
                s = step.state();
                done = step.done();
            }
            r.episodes++;
        }
        return r;
    }

    /** The transitions of one iteration, episodes back to back. */
    private static final class Rollout {
        final List<double[]> states = new ArrayList<>();
        final List<double[]> actions = new ArrayList<>();
        final List<Double> rewards = new ArrayList<>();
        final List<double[]> nextStates = new ArrayList<>();
        final List<Boolean> ends = new ArrayList<>();
        int episodes;
        double returnSum;

        void add(double[] s, double[] u, double reward, double[] next, boolean end) {
            states.add(s);
            actions.add(u);
            rewards.add(reward);
            nextStates.add(next);
            ends.add(end);
            returnSum += reward;
        }

        int size() {
            return states.size();
        }
    }
}
