package org.moca.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.opt.ExpectedForecast;
import org.moca.opt.WindowForecast;
import org.moca.policy.Activation;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.Episode;
import org.moca.sim.ActionCodec;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.SimConfig;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RolloutLossTest {
    private static final DataType D = DataType.DOUBLE;
    private static final int HORIZON = 24;

    /** An episode's state at onset + {@code late} hours with the MPC's kind of forecast. */
    private record Start(Episode episode, TwinState state, WindowForecast forecast) {
        static Start of(Episode e, int late) {
            int from = e.scenario().onset() + late;
            TwinState s = TwinState.observe(
                    TwinFixtures.simulatorAt(e, from), TwinFixtures.firstOnsetBy(e, from), RecoveryCriteria.defaults());
            WindowForecast f = new ExpectedForecast(
                    e.layout(), e.scenario().disruptions(), from, HORIZON, SimConfig.defaults(), 0.1);
            return new Start(e, s, f);
        }
    }

    private static GaussianPolicy policy(Episode e, Activation activation, long seed) {
        int stateDim = new StateEncoder(e.layout()).dimension(), actionDim = new ActionCodec(e.layout()).dimension();
        PolicyConfig shape = new PolicyConfig(stateDim, List.of(8), actionDim, activation, -2, 1, 0);
        GaussianPolicy p = GaussianPolicy.initialize(shape, D, seed);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        for (INDArray b : p.parameterViews().biases())
            for (long j = 0; j < b.length(); j++) b.putScalar(j, rng.nextDouble(-0.5, 0.5));
        return p;
    }

    private static double loss(RolloutLoss r, GaussianPolicy p, Start s) {
        return r.lossAndGradient(p.config(), D, p.parameterView(), s.state(), s.forecast(), HORIZON, null);
    }

    /**
     * Central differences of the loss along parameter coordinates and random directions, wherever both sides stay on
     * the analytic gradient's smooth piece; returns how many were compared.
     */
    private static int check(RolloutLoss r, GaussianPolicy p, Start s, INDArray g, SplittableRandom rng, int coords) {
        INDArray theta = p.parameterView();
        r.lossAndGradient(p.config(), D, theta, s.state(), s.forecast(), HORIZON, null);
        long signature = r.kinkSignature();
        int compared = 0;
        double h = 1e-6;
        for (int trial = 0; trial < coords + 3; trial++) {
            INDArray v = Nd4j.zeros(D, theta.length());
            if (trial < coords) v.putScalar(rng.nextInt((int) theta.length()), 1.0);
            else for (long i = 0; i < v.length(); i++) v.putScalar(i, rng.nextGaussian());
            theta.addi(v.mul(h));
            double up = loss(r, p, s);
            boolean same = r.kinkSignature() == signature;
            theta.subi(v.mul(2 * h));
            double down = loss(r, p, s);
            same &= r.kinkSignature() == signature;
            theta.addi(v.mul(h));
            if (!same) continue;
            double fd = (up - down) / (2 * h), analytic = g.mul(v).sumNumber().doubleValue();
            assertEquals(
                    fd,
                    analytic,
                    1e-6 * Math.max(1, Math.abs(fd)),
                    s.episode().scenario().label() + " " + trial);
            compared++;
        }
        return compared;
    }

    @Test
    void gradientThroughTheStatesMatchesCentralDifferences() {
        SplittableRandom rng = new SplittableRandom(51);
        RolloutLoss r =
                new RolloutLoss(TwinFixtures.referenceEpisodes(1, 5).get(0).layout(), RolloutConfig.defaults());
        int compared = 0;
        for (Episode e : TwinFixtures.referenceEpisodes(2, 5)) {
            GaussianPolicy p = policy(e, Activation.TANH, 52);
            Start s = Start.of(e, 2);
            RolloutLoss.Value v = r.rolloutLoss(p, s.state(), s.forecast(), HORIZON);
            assertTrue(v.gradient().norm2Number().doubleValue() > 0);
            compared += check(r, p, s, v.gradient(), rng, 25);
        }
        Episode g = TwinFixtures.generatedEpisode(30, 3);
        RolloutLoss rg = new RolloutLoss(g.layout(), RolloutConfig.defaults());
        GaussianPolicy p = policy(g, Activation.TANH, 53);
        Start s = Start.of(g, 1);
        compared += check(
                rg, p, s, rg.rolloutLoss(p, s.state(), s.forecast(), HORIZON).gradient(), rng, 25);
        assertTrue(compared > 80, "compared " + compared);
    }

    @Test
    void inStateLayoutOneTheRolloutSeesTheStaleOnsetStateAndItsGradientStillMatchesCentralDifferences() {
        SplittableRandom rng = new SplittableRandom(61);
        Episode first = TwinFixtures.referenceEpisodes(1, 5).get(0);
        RolloutLoss v1 =
                new RolloutLoss(first.layout(), RolloutConfig.defaults().withStateLayout(1));
        RolloutLoss v2 = new RolloutLoss(first.layout(), RolloutConfig.defaults());
        int compared = 0, differ = 0;
        List<Episode> episodes = TwinFixtures.referenceEpisodes(2, 5);
        for (Episode e : episodes) {
            GaussianPolicy p = policy(e, Activation.TANH, 62);
            Start s = Start.of(e, 0); // the onset hour: layout 1 does not show the disruption yet
            RolloutLoss.Value v = v1.rolloutLoss(p, s.state(), s.forecast(), HORIZON);
            compared += check(v1, p, s, v.gradient(), rng, 20);
            if (v.loss() != loss(v2, p, s)) differ++;
        }
        assertTrue(compared > 30, "compared " + compared);
        assertEquals(episodes.size(), differ, "the onset state differs between the layouts, and so does the rollout");
        assertThrows(
                IllegalArgumentException.class, () -> RolloutConfig.defaults().withStateLayout(3));
    }

    @Test
    void stoppedGradientIsTheGradientWithTheObservedStatesHeldFixed() {
        Episode e = TwinFixtures.referenceEpisodes(1, 5).get(0);
        Start s = Start.of(e, 2);
        GaussianPolicy p = policy(e, Activation.TANH, 54);
        RolloutLoss r = new RolloutLoss(
                e.layout(), RolloutConfig.defaults().withStateGradient(RolloutConfig.StateGradient.STOPPED));
        RolloutLoss.Value v = r.rolloutLoss(p, s.state(), s.forecast(), HORIZON);
        double[][] x = new double[HORIZON][];
        for (int k = 0; k < HORIZON; k++) x[k] = r.encodedState(k).clone();
        INDArray states = Nd4j.createFromArray(x);
        DifferentiableTwin twin = new DifferentiableTwin(e.layout(), TwinObjective.defaults());
        double scale = HORIZON * e.layout().network().facility("market").demand();
        INDArray theta = p.parameterView();
        SplittableRandom rng = new SplittableRandom(55);
        double h = 1e-6;
        for (int trial = 0; trial < 20; trial++) {
            int i = rng.nextInt((int) theta.length());
            double keep = theta.getDouble(i);
            theta.putScalar(i, keep + h);
            double up = twin.objectiveAndGradient(
                    s.state(), s.forecast(), p.mean(states).toDoubleMatrix(), null);
            theta.putScalar(i, keep - h);
            double down = twin.objectiveAndGradient(
                    s.state(), s.forecast(), p.mean(states).toDoubleMatrix(), null);
            theta.putScalar(i, keep);
            double fd = (up - down) / (2 * h) / scale;
            assertEquals(fd, v.gradient().getDouble(i), 1e-6 * Math.max(1, Math.abs(fd)), "parameter " + i);
        }
    }

    @Test
    void bothGradientsAgreeWhenThePolicyIgnoresItsStateAndDifferOtherwise() {
        Episode e = TwinFixtures.referenceEpisodes(1, 5).get(0);
        Start s = Start.of(e, 2);
        RolloutLoss through = new RolloutLoss(e.layout(), RolloutConfig.defaults());
        RolloutLoss stopped = new RolloutLoss(
                e.layout(), RolloutConfig.defaults().withStateGradient(RolloutConfig.StateGradient.STOPPED));
        GaussianPolicy p = policy(e, Activation.TANH, 56);
        INDArray a = through.rolloutLoss(p, s.state(), s.forecast(), HORIZON).gradient();
        INDArray b = stopped.rolloutLoss(p, s.state(), s.forecast(), HORIZON).gradient();
        assertTrue(a.sub(b).norm2Number().doubleValue() > 1e-6 * a.norm2Number().doubleValue());
        p.parameterViews().weights()[0].assign(0); // the mean no longer depends on the state
        a = through.rolloutLoss(p, s.state(), s.forecast(), HORIZON).gradient();
        b = stopped.rolloutLoss(p, s.state(), s.forecast(), HORIZON).gradient();
        assertTrue(a.norm2Number().doubleValue() > 0);
        assertEquals(
                0, a.sub(b).norm2Number().doubleValue(), 1e-12 * a.norm2Number().doubleValue());
    }

    @Test
    void lossIsTheTwinsObjectiveNormalizedAndTheLogStdGetsNoGradient() {
        Episode e = TwinFixtures.referenceEpisodes(1, 5).get(0);
        Start s = Start.of(e, 0);
        GaussianPolicy p = policy(e, Activation.RELU, 57);
        RolloutLoss r = new RolloutLoss(e.layout(), RolloutConfig.defaults());
        RolloutLoss.Value v = r.rolloutLoss(p, s.state(), s.forecast(), HORIZON);
        double[][] actions = new double[HORIZON][];
        for (int k = 0; k < HORIZON; k++) actions[k] = r.action(k).clone();
        DifferentiableTwin twin = new DifferentiableTwin(e.layout(), TwinObjective.defaults());
        double j = twin.objectiveAndGradient(s.state(), s.forecast(), actions, null);
        assertEquals(j / (HORIZON * 10.0), v.loss(), 1e-12); // the reference market's mean demand is 10 per hour
        assertEquals(twin.unmetDemand(), v.unmetDemand(), 1e-12);
        long logStd = p.layout().logStdOffset();
        for (int i = 0; i < p.config().actionDim(); i++)
            assertEquals(0.0, v.gradient().getDouble(logStd + i));
        // same policy in single precision: the same loss to float accuracy
        GaussianPolicy f = p.withDataType(DataType.FLOAT);
        RolloutLoss.Value vf = r.rolloutLoss(f, s.state(), s.forecast(), HORIZON);
        assertEquals(v.loss(), vf.loss(), 1e-4 * v.loss());
        assertEquals(DataType.FLOAT, vf.gradient().dataType());
    }

    @Test
    void rejectsAPolicyOfAnotherShape() {
        Episode e = TwinFixtures.referenceEpisodes(1, 5).get(0);
        Start s = Start.of(e, 0);
        GaussianPolicy wrong = GaussianPolicy.initialize(PolicyConfig.of(3, 2, 4), D, 1);
        RolloutLoss r = new RolloutLoss(e.layout(), RolloutConfig.defaults());
        var x = assertThrows(
                IllegalArgumentException.class, () -> r.rolloutLoss(wrong, s.state(), s.forecast(), HORIZON));
        assertTrue(x.getMessage().contains("3 -> 2"), x.getMessage());
    }
}
