package org.moca.rl;

import java.util.List;
import org.moca.policy.Activation;
import org.moca.policy.PolicyConfig;

/**
 * Every tunable value of {@link Ppo}. Defaults follow the PPO paper's continuous-control settings (clip 0.2,
 * GAE gamma 0.99 lambda 0.95, 10 epochs, Adam 3e-4, 64-64 networks) scaled to this simulator's short episodes.
 *
 * <p>Why there is no "value coefficient": the value function is a separate network with its own Adam, and Adam is
 * invariant to a constant scaling of the gradient, so a coefficient on the value loss would change nothing; its
 * learning rate ({@code valueLearningRate}) is the knob that matters.
 *
 * @param clip              PPO's clip range eps of the probability ratio, in (0, 1)
 * @param gamma             discount, in [0, 1]
 * @param lambda            GAE's lambda, in [0, 1]
 * @param epochs            passes over each rollout, >= 1
 * @param minibatch         samples per gradient step, >= 1
 * @param rolloutSteps      environment steps collected per iteration (whole episodes, so at least this many), >= 1
 * @param learningRate      Adam's step size for the policy, > 0
 * @param valueLearningRate Adam's step size for the value network, > 0
 * @param entropyCoef       weight of the entropy bonus, >= 0
 * @param maxGradNorm       global-norm clip of the policy gradient, > 0, or 0 for none
 * @param hiddenSizes       hidden widths of the policy (ReLU) and of the value network (tanh)
 * @param logStdMin         lower bound of the policy's log-std
 * @param logStdMax         upper bound of the policy's log-std
 * @param initialLogStd     initial log-std (the exploration noise around the nominal action), inside the bounds
 * @param headScale         factor on the initial output-layer weights of the policy, in [0, 1]: near 0 makes the
 *                          untrained residual policy act like no-action
 * @param seed              seed of initialization, sampling and minibatch shuffling
 */
public record PpoConfig(
        double clip,
        double gamma,
        double lambda,
        int epochs,
        int minibatch,
        int rolloutSteps,
        double learningRate,
        double valueLearningRate,
        double entropyCoef,
        double maxGradNorm,
        List<Integer> hiddenSizes,
        double logStdMin,
        double logStdMax,
        double initialLogStd,
        double headScale,
        long seed) {

    public PpoConfig {
        if (!(clip > 0 && clip < 1)) throw new IllegalArgumentException("clip must be in (0, 1), got " + clip);
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        if (!(lambda >= 0 && lambda <= 1))
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (minibatch < 1) throw new IllegalArgumentException("minibatch must be >= 1, got " + minibatch);
        if (rolloutSteps < 1) throw new IllegalArgumentException("rolloutSteps must be >= 1, got " + rolloutSteps);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, got " + learningRate);
        }
        if (!(valueLearningRate > 0) || !Double.isFinite(valueLearningRate)) {
            throw new IllegalArgumentException(
                    "valueLearningRate must be a finite number > 0, got " + valueLearningRate);
        }
        if (!(entropyCoef >= 0) || !Double.isFinite(entropyCoef)) {
            throw new IllegalArgumentException("entropyCoef must be a finite number >= 0, got " + entropyCoef);
        }
        if (!(maxGradNorm >= 0) || !Double.isFinite(maxGradNorm)) {
            throw new IllegalArgumentException(
                    "maxGradNorm must be a finite number >= 0 (0: no clipping), got " + maxGradNorm);
        }
        if (hiddenSizes == null)
            throw new IllegalArgumentException("hiddenSizes must be a list of widths >= 1, got null");
        hiddenSizes = List.copyOf(hiddenSizes);
        if (!(headScale >= 0 && headScale <= 1))
            throw new IllegalArgumentException("headScale must be in [0, 1], got " + headScale);
        // the log-std bounds are validated where they are used, with PolicyConfig's own message
        new PolicyConfig(1, hiddenSizes, 1, Activation.RELU, logStdMin, logStdMax, initialLogStd);
    }

    /**
     * The defaults: clip 0.2, gamma 0.99, lambda 0.95, 10 epochs in minibatches of 160 over rollouts of 960 steps
     * (10 episodes of 96 hours after onset), Adam 3e-4 (policy) and 1e-3 (value), no entropy bonus, gradient norm 0.5,
     * 64-64 networks, log-std in [-3, 0] starting at -1, head scaled by 0.01. The minibatch is larger than the paper's 64
     * because ND4J's per-call overhead, not arithmetic, dominates at this width: 160 rows cost little more than 64.
     */
    public static PpoConfig defaults() {
        return new PpoConfig(
                0.2, 0.99, 0.95, 10, 160, 960, 3e-4, 1e-3, 0.0, 0.5, List.of(64, 64), -3.0, 0.0, -1.0, 0.01, 1);
    }

    /** This configuration with another learning rate. */
    public PpoConfig withLearningRate(double newLearningRate) {
        return new PpoConfig(
                clip,
                gamma,
                lambda,
                epochs,
                minibatch,
                rolloutSteps,
                newLearningRate,
                valueLearningRate,
                entropyCoef,
                maxGradNorm,
                hiddenSizes,
                logStdMin,
                logStdMax,
                initialLogStd,
                headScale,
                seed);
    }

    /** This configuration with another rollout length. */
    public PpoConfig withRolloutSteps(int newRolloutSteps) {
        return new PpoConfig(
                clip,
                gamma,
                lambda,
                epochs,
                minibatch,
                newRolloutSteps,
                learningRate,
                valueLearningRate,
                entropyCoef,
                maxGradNorm,
                hiddenSizes,
                logStdMin,
                logStdMax,
                initialLogStd,
                headScale,
                seed);
    }

    /** This configuration with another seed. */
    public PpoConfig withSeed(long newSeed) {
        return new PpoConfig(
                clip,
                gamma,
                lambda,
                epochs,
                minibatch,
                rolloutSteps,
                learningRate,
                valueLearningRate,
                entropyCoef,
                maxGradNorm,
                hiddenSizes,
                logStdMin,
                logStdMax,
                initialLogStd,
                headScale,
                newSeed);
    }

    /** The residual policy's shape for a network with these state and action widths. */
    public PolicyConfig policyConfig(int stateDim, int actionDim) {
        return new PolicyConfig(stateDim, hiddenSizes, actionDim, Activation.RELU, logStdMin, logStdMax, initialLogStd);
    }
}
