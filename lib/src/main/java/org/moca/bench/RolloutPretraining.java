package org.moca.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.moca.agent.Demonstrations;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.opt.ExpectedForecast;
import org.moca.opt.MpcConfig;
import org.moca.opt.OraclePolicy;
import org.moca.opt.WindowForecast;
import org.moca.opt.WindowLpConfig;
import org.moca.policy.Adam;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.Episode;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Controls;
import org.moca.sim.Disruption;
import org.moca.sim.EpisodeMetrics;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;
import org.moca.twin.RolloutConfig;
import org.moca.twin.RolloutLoss;
import org.moca.twin.ServiceWeights;
import org.moca.twin.TwinState;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Does the rollout signal learn? On a handful of training-family episodes of the reference network, one freshly
 * initialized policy is pretrained with the same budget (Adam steps, learning rate, initialization) by four signals:
 * the twin's rollout loss through the states, the rollout loss with the states stopped, imitation of the oracle's
 * labels (the workbench's training labeller, 6-hour averaged, over the recovery window), and service-weighted
 * imitation of the same labels ({@link ServiceWeights}). Each is then scored, with its initialization, on held-out
 * training-family episodes (and, untuned, on black-swan episodes): the rollout objective on the model (what the
 * rollout arm minimizes) and, in the real simulator with the episode's own noise, the unmet demand and recovery within
 * the 48-hour window and its cost, the policy's mean action decided every hour from onset. No-action and the oracle
 * are printed as references, and imitation with ten times the steps as the adversary of "the same budget".
 *
 * <p>The rollout starts at each episode's onset state on the expected forecast of that hour: the disruptions observed
 * by then, each assumed to last the MPC expert's prior ({@link MpcConfig#priorDurationHours()}, which is what the
 * expert assumes at an onset), mean demand with its 10% safety margin, mean yields and expected transit times.
 * Nothing is tuned on black-swan episodes.
 *
 * <p>Usage: {@code RolloutPretraining [--train 6] [--eval 12] [--steps 200] [--lr 0.003] [--seed 1]}.
 */
public final class RolloutPretraining {

    /**
     * Settings.
     *
     * @param train        training-family episodes the policies are pretrained on, at least 1
     * @param eval         held-out episodes per evaluation family, at least 1
     * @param steps        Adam steps of every arm, at least 1
     * @param learningRate Adam's step size, positive
     * @param hidden       hidden widths of the policy
     * @param seed         seed of the episodes (train: seed, eval: seed + 1000) and of the initialization
     */
    public record Config(int train, int eval, int steps, double learningRate, int[] hidden, long seed) {
        public Config {
            if (train < 1 || eval < 1 || steps < 1)
                throw new IllegalArgumentException("train, eval and steps must be >= 1");
            if (!(learningRate > 0)) throw new IllegalArgumentException("lr must be > 0, got " + learningRate);
            hidden = Objects.requireNonNull(hidden, "hidden").clone();
        }

        /** 6 training episodes, 12 held-out, 200 steps at 0.003, a 64-64 policy, seed 1. */
        public static Config defaults() {
            return new Config(6, 12, 200, 0.003, new int[] {64, 64}, 1);
        }

        static Config parse(String[] args) {
            Config c = defaults();
            int train = c.train(), eval = c.eval(), steps = c.steps();
            double lr = c.learningRate();
            long seed = c.seed();
            if (args.length % 2 != 0)
                throw new IllegalArgumentException("options come in pairs: " + String.join(" ", args));
            for (int i = 0; i < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--train" -> train = Integer.parseInt(v);
                    case "--eval" -> eval = Integer.parseInt(v);
                    case "--steps" -> steps = Integer.parseInt(v);
                    case "--lr" -> lr = Double.parseDouble(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    default ->
                        throw new IllegalArgumentException("unknown option " + args[i] + "; usage: RolloutPretraining"
                                + " [--train 6] [--eval 12] [--steps 200] [--lr 0.003] [--seed 1]");
                }
            }
            return new Config(train, eval, steps, lr, c.hidden(), seed);
        }
    }

    static final int WINDOW = 48;
    static final int LABEL_HOURS = 6;

    private RolloutPretraining() {}

    public static void main(String[] args) {
        Config config = Config.parse(args);
        Testbed bed = Testbed.of(ReferenceNetworks.circularElectronicsNd());
        ScenarioFamily training = ScenarioFamilies.training();
        List<Episode> train = bed.episodes(training, config.train(), config.seed());
        List<Episode> heldOut = bed.episodes(training, config.eval(), config.seed() + 1000);
        List<Episode> blackSwan = bed.episodes(ScenarioFamilies.blackSwan(), config.eval(), config.seed() + 2000);
        int stateDim = new StateEncoder(bed.layout()).dimension();
        int actionDim = new ActionCodec(bed.layout()).dimension();
        PolicyConfig shape = PolicyConfig.of(stateDim, actionDim, config.hidden());
        GaussianPolicy init = GaussianPolicy.initialize(shape, DataType.FLOAT, config.seed());
        System.out.printf(
                Locale.ROOT,
                "RolloutPretraining: %d training episodes, %d held-out per family, %d Adam steps at %.4g, policy %s,"
                        + " float32, seed %d%n",
                config.train(),
                config.eval(),
                config.steps(),
                config.learningRate(),
                java.util.Arrays.toString(shape.layerSizes()),
                config.seed());

        List<Arm> arms = new ArrayList<>();
        arms.add(new Arm("initialization", init.copy(), 0, 0));
        RolloutConfig through = RolloutConfig.defaults();
        RolloutConfig stopped = through.withStateGradient(RolloutConfig.StateGradient.STOPPED);
        arms.add(trainRollout("rollout (through states)", init, train, bed, through, config));
        arms.add(trainRollout("rollout (states stopped)", init, train, bed, stopped, config));
        Labels labels = Labels.of(bed, train);
        arms.add(trainImitation("imitation (oracle labels)", init, labels, null, config));
        arms.add(trainImitation("service-weighted imitation", init, labels, labels.serviceWeights(bed), config));
        // the adversary of "same budget": imitation given ten times the steps (it is five times cheaper per step)
        Config longer = new Config(
                config.train(),
                config.eval(),
                10 * config.steps(),
                config.learningRate(),
                config.hidden(),
                config.seed());
        arms.add(trainImitation("imitation, 10x steps", init, labels, null, longer));

        System.out.println();
        System.out.println("scores: rollout loss on the model (mean over episodes, at onset, " + WINDOW
                + " h); in the simulator: unmet demand and cost in the window (mean per episode), recovered within"
                + " 48 h (share)");
        System.out.printf(
                Locale.ROOT,
                "%-28s %6s %8s | %-44s | %-44s%n",
                "arm",
                "steps",
                "train s",
                "training family, held out",
                "black swan (not tuned on)");
        String head = String.format(Locale.ROOT, "%10s %8s %10s %12s", "model loss", "unmet", "cost", "recovered");
        System.out.printf(Locale.ROOT, "%-28s %6s %8s | %s | %s%n", "", "", "", head, head);
        reference("no-action (nominal plan)", bed, heldOut, blackSwan, e -> new FixedPlan(e.nominal()));
        reference(
                "oracle (perfect information)",
                bed,
                heldOut,
                blackSwan,
                e -> new OraclePolicy(WindowLpConfig.defaults(), bed.criteria()));
        for (Arm a : arms) {
            Score h = score(a.policy, bed, heldOut), b = score(a.policy, bed, blackSwan);
            System.out.printf(Locale.ROOT, "%-28s %6d %8.1f | %s | %s%n", a.name, a.steps, a.seconds, h.row(), b.row());
        }
    }

    private record Arm(String name, GaussianPolicy policy, int steps, double seconds) {}

    /** One rollout start: the onset state and the forecast of that hour. */
    private record Start(TwinState state, WindowForecast forecast) {
        static Start atOnset(Testbed bed, Episode e) {
            int onset = e.scenario().onset();
            CircularSupplySimulator sim =
                    new CircularSupplySimulator(e.layout(), e.scenario().disruptions(), e.realization(), e.laneFlow());
            while (sim.hour() < onset) sim.step(e.nominal());
            TwinState state = TwinState.observe(sim, onset, bed.criteria());
            MpcConfig mpc = MpcConfig.defaults();
            List<Disruption> assumed = new ArrayList<>();
            for (Disruption d : e.scenario().disruptions()) {
                if (d.onset() <= onset) {
                    assumed.add(
                            new Disruption(d.type(), d.target(), d.onset(), mpc.priorDurationHours(), d.severity()));
                }
            }
            WindowForecast forecast =
                    new ExpectedForecast(e.layout(), assumed, onset, WINDOW, mpc.noise(), mpc.demandSafety());
            return new Start(state, forecast);
        }
    }

    private static Arm trainRollout(
            String name, GaussianPolicy init, List<Episode> train, Testbed bed, RolloutConfig rc, Config config) {
        GaussianPolicy p = init.copy();
        RolloutLoss loss = new RolloutLoss(bed.layout(), rc);
        List<Start> starts = train.stream().map(e -> Start.atOnset(bed, e)).toList();
        Adam adam = new Adam(p.numParameters(), p.dataType(), config.learningRate(), 0.9, 0.999, 1e-8);
        INDArray sum = Nd4j.zeros(p.dataType(), p.numParameters());
        INDArray g = Nd4j.zeros(p.dataType(), p.numParameters());
        long t0 = System.nanoTime();
        for (int step = 0; step < config.steps(); step++) {
            sum.assign(0);
            for (Start s : starts) {
                loss.lossAndGradient(p.config(), p.dataType(), p.parameterView(), s.state(), s.forecast(), WINDOW, g);
                sum.addi(g);
            }
            adam.step(p.parameterView(), sum.divi(starts.size()));
        }
        return new Arm(name, p, config.steps(), (System.nanoTime() - t0) / 1e9);
    }

    /** The oracle's labels of the training episodes over their windows, with the onset state of each. */
    private record Labels(List<Episode> episodes, List<Demonstrations> demos) {
        static Labels of(Testbed bed, List<Episode> train) {
            List<Demonstrations> demos = new ArrayList<>();
            for (Episode e : train) {
                int onset = e.scenario().onset();
                OraclePolicy oracle = new OraclePolicy(WindowLpConfig.defaults(), bed.criteria());
                demos.add(Demonstrations.of(bed.runner(), e, oracle, onset, onset + WINDOW, LABEL_HOURS));
            }
            return new Labels(train, demos);
        }

        INDArray states() {
            return Nd4j.createFromArray(demos.stream()
                            .flatMap(d -> java.util.Arrays.stream(d.states()))
                            .toArray(double[][]::new))
                    .castTo(DataType.FLOAT);
        }

        INDArray actions() {
            return Nd4j.createFromArray(demos.stream()
                            .flatMap(d -> java.util.Arrays.stream(d.actions()))
                            .toArray(double[][]::new))
                    .castTo(DataType.FLOAT);
        }

        /**
         * Per row, the label's service weight within its episode (summing to 1 per episode), divided by the number of
         * episodes and the action width: uniform weights would give the plain mean NLL's scale.
         */
        INDArray serviceWeights(Testbed bed) {
            ServiceWeights sw = new ServiceWeights(bed.layout(), ServiceWeights.Config.defaults());
            int actionDim = new ActionCodec(bed.layout()).dimension();
            List<Double> w = new ArrayList<>();
            for (int i = 0; i < episodes.size(); i++) {
                Start s = Start.atOnset(bed, episodes.get(i));
                double[] wi = sw.weights(s.state(), s.forecast(), demos.get(i).actions());
                for (double v : wi) w.add(v / episodes.size() / actionDim);
            }
            return Nd4j.createFromArray(
                            w.stream().mapToDouble(Double::doubleValue).toArray())
                    .castTo(DataType.FLOAT);
        }
    }

    private static Arm trainImitation(
            String name, GaussianPolicy init, Labels labels, INDArray weights, Config config) {
        GaussianPolicy p = init.copy();
        INDArray x = labels.states(), y = labels.actions();
        Adam adam = new Adam(p.numParameters(), p.dataType(), config.learningRate(), 0.9, 0.999, 1e-8);
        INDArray g = Nd4j.zeros(p.dataType(), p.numParameters());
        long t0 = System.nanoTime();
        for (int step = 0; step < config.steps(); step++) {
            if (weights == null) g.assign(p.gradient(x, y));
            else p.weightedNll(x, y, weights, g);
            adam.step(p.parameterView(), g);
        }
        return new Arm(name, p, config.steps(), (System.nanoTime() - t0) / 1e9);
    }

    private record Score(double modelLoss, double unmet, double cost, double recovered) {
        String row() {
            String model = Double.isNaN(modelLoss) ? "" : String.format(Locale.ROOT, "%.4f", modelLoss);
            return String.format(Locale.ROOT, "%10s %8.1f %10.0f %12.2f", model, unmet, cost, recovered);
        }
    }

    private static Score score(GaussianPolicy p, Testbed bed, List<Episode> episodes) {
        RolloutLoss loss = new RolloutLoss(bed.layout(), RolloutConfig.defaults());
        double model = 0;
        for (Episode e : episodes) {
            Start s = Start.atOnset(bed, e);
            model += loss.lossAndGradient(
                    p.config(), p.dataType(), p.parameterView(), s.state(), s.forecast(), WINDOW, null);
        }
        Score sim = simulate(bed, episodes, e -> new MeanPolicy(p));
        return new Score(model / episodes.size(), sim.unmet(), sim.cost(), sim.recovered());
    }

    /** Means over the episodes of the simulator's window metrics under a policy (no model loss). */
    private static Score simulate(
            Testbed bed, List<Episode> episodes, java.util.function.Function<Episode, RecoveryPolicy> policy) {
        double unmet = 0, cost = 0, recovered = 0;
        for (Episode e : episodes) {
            EpisodeMetrics m = bed.runner().run(e, policy.apply(e)).metrics();
            unmet += m.unmetDemand();
            cost += m.cost();
            recovered += m.recovered() ? 1 : 0;
        }
        int n = episodes.size();
        return new Score(Double.NaN, unmet / n, cost / n, recovered / n);
    }

    private static void reference(
            String name,
            Testbed bed,
            List<Episode> heldOut,
            List<Episode> blackSwan,
            java.util.function.Function<Episode, RecoveryPolicy> policy) {
        System.out.printf(
                Locale.ROOT,
                "%-28s %6s %8s | %s | %s%n",
                name,
                "",
                "",
                simulate(bed, heldOut, policy).row(),
                simulate(bed, blackSwan, policy).row());
    }

    /** The same controls every hour. */
    private record FixedPlan(Controls controls) implements RecoveryPolicy {
        @Override
        public String name() {
            return "fixed-plan";
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            return controls;
        }
    }

    /** A policy's mean action, decoded, every hour from onset. */
    private static final class MeanPolicy implements RecoveryPolicy {
        private final GaussianPolicy policy;
        private StateEncoder encoder;
        private ActionCodec codec;

        MeanPolicy(GaussianPolicy policy) {
            this.policy = policy;
        }

        @Override
        public String name() {
            return "policy-mean";
        }

        @Override
        public void reset(Episode episode) {
            encoder = new StateEncoder(episode.layout());
            codec = new ActionCodec(episode.layout());
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            double[] x = KnownDisruptions.encode(encoder, view, observed);
            INDArray mean = policy.mean(Nd4j.createFromArray(new double[][] {x}).castTo(policy.dataType()));
            return codec.decode(mean.castTo(DataType.DOUBLE).toDoubleVector());
        }
    }
}
