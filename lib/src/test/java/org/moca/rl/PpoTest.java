package org.moca.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.policy.GaussianPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.ScenarioFamilies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PpoTest {

    /** Small and fast: rollouts of 5 episodes of 96 hours after onset. */
    static PpoConfig fast(double learningRate) {
        return PpoConfig.defaults().withRolloutSteps(480).withLearningRate(learningRate);
    }

    static final List<Episode> TRAIN = RlFixtures.episodes(ScenarioFamilies.stable(), 24, 11);
    static final List<Episode> HELD_OUT = RlFixtures.episodes(ScenarioFamilies.stable(), 16, 12);

    /** Mean return over the held-out episodes (common random numbers: same episodes, same realizations). */
    static double meanReturn(List<Episode> episodes, GaussianPolicy residualOrNull) {
        double sum = 0;
        for (Episode e : episodes) {
            SupplyChainEnv env = new SupplyChainEnv(e, EnvConfig.defaults());
            if (residualOrNull == null) {
                double[] nominal = env.nominalAction();
                sum += env.episodeReturn(s -> nominal);
            } else {
                PpoPolicy p = PpoPolicy.deterministic(residualOrNull);
                p.reset(e);
                sum += env.episodeReturn(p::action);
            }
        }
        return sum / episodes.size();
    }

    /** PPO's held-out improvement over no-action after a short training. */
    static double improvement(double learningRate) {
        Ppo ppo = new Ppo(fast(learningRate), EnvConfig.defaults(), RlFixtures.LAYOUT);
        ppo.train(TRAIN, 5);
        return meanReturn(HELD_OUT, ppo.policy()) - meanReturn(HELD_OUT, null);
    }

    @Test
    void learnsToBeatNoActionOnHeldOutStableEpisodes() {
        double gain = improvement(3e-4);
        assertTrue(gain > 0.02, "PPO's mean held-out return exceeds no-action's by " + gain);
    }

    /** The control of the test above: without learning (a vanishing step size) the same check fails. */
    @Test
    void withoutLearningThereIsNoGain() {
        double gain = improvement(1e-12);
        assertTrue(
                gain < 0.02, "an unlearned policy cannot beat no-action by the learning test's margin; gain " + gain);
    }

    @Test
    void sameSeedSameParametersAfterTraining() {
        PpoConfig config = fast(3e-4).withRolloutSteps(96);
        Ppo a = new Ppo(config, EnvConfig.defaults(), RlFixtures.LAYOUT);
        Ppo b = new Ppo(config, EnvConfig.defaults(), RlFixtures.LAYOUT);
        List<Ppo.Iteration> la = a.train(TRAIN, 2);
        List<Ppo.Iteration> lb = b.train(TRAIN, 2);
        assertEquals(la, lb);
        assertTrue(a.policy().sameAs(b.policy()));
        assertTrue(a.value().sameAs(b.value()));
        Ppo c = new Ppo(config.withSeed(2), EnvConfig.defaults(), RlFixtures.LAYOUT);
        c.train(TRAIN, 2);
        assertFalse(a.policy().sameAs(c.policy()));
        assertEquals(2, a.iterations());
    }

    @Test
    void untrainedPolicyWithAZeroHeadIsNoAction() {
        PpoConfig d = PpoConfig.defaults();
        PpoConfig zeroHead = new PpoConfig(
                d.clip(),
                d.gamma(),
                d.lambda(),
                d.epochs(),
                d.minibatch(),
                d.rolloutSteps(),
                d.learningRate(),
                d.valueLearningRate(),
                d.entropyCoef(),
                d.maxGradNorm(),
                d.hiddenSizes(),
                d.logStdMin(),
                d.logStdMax(),
                d.initialLogStd(),
                0.0,
                d.seed());
        Ppo ppo = new Ppo(zeroHead, EnvConfig.defaults(), RlFixtures.LAYOUT);
        List<Episode> few = HELD_OUT.subList(0, 3);
        assertEquals(meanReturn(few, null), meanReturn(few, ppo.policy()), 1e-9);
        // with the default head scale the residual is small but not zero
        GaussianPolicy p = new Ppo(d, EnvConfig.defaults(), RlFixtures.LAYOUT).policy();
        INDArray s = Nd4j.createFromArray(new SupplyChainEnv(few.get(0), EnvConfig.defaults()).reset())
                .reshape(1, -1);
        double norm = p.mean(s).norm2Number().doubleValue();
        assertTrue(norm > 0 && norm < 0.1, "initial residual norm " + norm);
    }

    @Test
    void theActorMatchesThePolicysMeanAndSamplesWithItsStd() {
        GaussianPolicy p = new Ppo(PpoConfig.defaults(), EnvConfig.defaults(), RlFixtures.LAYOUT).policy();
        p.parameterView().muli(30); // a head far from zero
        ResidualActor actor = new ResidualActor(p);
        SplittableRandom rng = new SplittableRandom(3);
        double[] s = new double[p.config().stateDim()];
        for (int j = 0; j < s.length; j++) s[j] = rng.nextDouble();
        double[] expected = p.mean(Nd4j.createFromArray(s).reshape(1, -1)).toDoubleVector();
        assertArrayEquals(expected, actor.residual(s, null), 1e-9 * Math.max(1, Math.abs(expected[0])));
        double[] sampled = actor.residual(s, new SplittableRandom(4));
        double std = Math.exp(p.logStd().getDouble(0, 0));
        SplittableRandom replay = new SplittableRandom(4);
        assertEquals(expected[0] + std * replay.nextGaussian(), sampled[0], 1e-9 * Math.max(1, Math.abs(expected[0])));
    }

    @Test
    void entropyBonusGradientMatchesCentralDifferences() {
        GaussianPolicy p = new Ppo(PpoConfig.defaults(), EnvConfig.defaults(), RlFixtures.LAYOUT).policy();
        SplittableRandom rng = new SplittableRandom(8);
        INDArray rho = p.parameterViews().logStd();
        for (int j = 0; j < rho.length(); j++) rho.putScalar(0, j, rng.nextGaussian());
        double coef = 0.3;
        INDArray analytic = Nd4j.zeros(DataType.DOUBLE, p.numParameters());
        Ppo.addEntropyBonusGradient(p, coef, analytic);
        double eps = 1e-6;
        long offset = p.layout().logStdOffset();
        for (int j = 0; j < rho.length(); j++) {
            double at = rho.getDouble(0, j);
            rho.putScalar(0, j, at + eps);
            double up = -coef * p.logStd().sumNumber().doubleValue();
            rho.putScalar(0, j, at - eps);
            double down = -coef * p.logStd().sumNumber().doubleValue();
            rho.putScalar(0, j, at);
            assertEquals((up - down) / (2 * eps), analytic.getDouble(offset + j), 1e-8);
        }
        assertEquals(
                0.0,
                analytic.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, offset))
                        .norm2Number()
                        .doubleValue(),
                0,
                "the entropy does not depend on the mean network");
    }

    @Test
    void configValidationNamesTheField() {
        PpoConfig d = PpoConfig.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withLearningRate(0))
                .getMessage()
                .contains("learningRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withRolloutSteps(0))
                .getMessage()
                .contains("rolloutSteps"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new PpoConfig(
                                1.5, 0.99, 0.95, 10, 64, 100, 1e-3, 1e-3, 0, 0.5, List.of(8), -3, 0, -1, 0.01, 1))
                .getMessage()
                .contains("clip"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new PpoConfig(
                                0.2, 0.99, 0.95, 10, 64, 100, 1e-3, 1e-3, 0, 0.5, List.of(8), -3, 0, 0.5, 0.01, 1))
                .getMessage()
                .contains("initialLogStd"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Ppo(d, EnvConfig.defaults(), RlFixtures.LAYOUT).train(List.of(), 1));
    }
}
