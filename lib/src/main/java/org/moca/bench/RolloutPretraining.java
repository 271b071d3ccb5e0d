package org.moca.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.moca.agent.Demonstrations;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.infra.ProgressListener;
import org.moca.infra.ProgressTracker;
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
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Does the rollout signal learn? On a handful of training-family episodes of the reference network, one freshly
 * initialized policy is pretrained with the same budget (Adam steps, learning rate, initialization) by four signals:
 * the twin's rollout loss through the states, the rollout loss with the states stopped, imitation of the oracle's
 * labels (the workbench's training labeller, 6-hour averaged, over the recovery window), and service-weighted
 * imitation of the same labels ({@link ServiceWeights}). Each is then scored, with its initialization, on held-out
 * training-family episodes (and, untuned, on black-swan episodes): the rollout objective on the model (what the
 * rollout arm minimizes) and, in the real simulator with the episode's own noise, the unmet demand and recovery within
 * the 48-hour window and its cost, the policy's mean action decided every hour from onset. No-action and the oracle
 * are scored as references, and imitation with ten times the steps as the adversary of "the same budget".
 *
 * <p>The rollout starts at each episode's onset state on the expected forecast of that hour: the disruptions observed
 * by then, each assumed to last the MPC expert's prior ({@link MpcConfig#priorDurationHours()}, which is what the
 * expert assumes at an onset), mean demand with its 10% safety margin, mean yields and expected transit times.
 * Nothing is tuned on black-swan episodes.
 *
 * <p>{@link #run(Config, ProgressListener)} is the whole bench as a library call (notebook {@code 08-learning-signals}
 * plots its rows); {@link #main} runs it and prints {@link Result#text()}. Running time: O(steps × train) rollouts of
 * the window (about 60 ms per rollout step on 6 starts of the reference network) plus one oracle solve per labelled
 * and per scored episode; the defaults take about 70 s on one core.
 *
 * <p>Usage: {@code RolloutPretraining [--train 6] [--eval 12] [--steps 200] [--lr 0.003] [--seed 1]
 * [--imitation-factor 10]}.
 */
public final class RolloutPretraining {

    /** Row name of the no-action reference (the nominal plan every hour). */
    public static final String NO_ACTION = "no-action (nominal plan)";
    /** Row name of the oracle reference (the window LP with perfect information). */
    public static final String ORACLE = "oracle (perfect information)";
    /** Row name of the untrained initialization every arm starts from. */
    public static final String INITIALIZATION = "initialization";
    /** Row name of the rollout arm with the closed-loop gradient ({@link RolloutConfig.StateGradient#THROUGH_STATE}). */
    public static final String ROLLOUT_THROUGH = "rollout (through states)";
    /** Row name of the rollout arm with the states stopped ({@link RolloutConfig.StateGradient#STOPPED}). */
    public static final String ROLLOUT_STOPPED = "rollout (states stopped)";
    /** Row name of plain imitation of the oracle's labels. */
    public static final String IMITATION = "imitation (oracle labels)";
    /** Row name of service-weighted imitation of the same labels. */
    public static final String SERVICE_WEIGHTED = "service-weighted imitation";

    /**
     * Settings, validated; every value the bench uses that is not the workbench's own protocol (the 48-hour window, the
     * 6-hour labels, the MPC's prior and forecast, Adam's betas).
     *
     * @param train               training-family episodes the policies are pretrained on, at least 1
     * @param eval                held-out episodes per evaluation family, at least 1
     * @param steps               Adam steps of every arm, at least 1
     * @param learningRate        Adam's step size, positive
     * @param hidden              hidden widths of the policy, at least one, each at least 1
     * @param seed                seed of the episodes (train: seed, held out: seed + 1000, black swan: seed + 2000) and
     *                            of the initialization
     * @param imitationStepFactor the long imitation arm's steps as a multiple of {@code steps}, at least 1 (an
     *                            imitation step is 5-10x cheaper than a rollout step)
     */
    public record Config(
            int train,
            int eval,
            int steps,
            double learningRate,
            List<Integer> hidden,
            long seed,
            int imitationStepFactor) {
        public Config {
            if (train < 1) throw new IllegalArgumentException("train must be >= 1 episode, got " + train);
            if (eval < 1) throw new IllegalArgumentException("eval must be >= 1 episode, got " + eval);
            if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            if (!(learningRate > 0) || Double.isInfinite(learningRate))
                throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
            hidden = List.copyOf(Objects.requireNonNull(hidden, "hidden"));
            if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1))
                throw new IllegalArgumentException("hidden must list at least one width, each >= 1, got " + hidden);
            if (imitationStepFactor < 1)
                throw new IllegalArgumentException("imitationStepFactor must be >= 1, got " + imitationStepFactor);
        }

        /** 6 training episodes, 12 held-out, 200 steps at 0.003, a 64-64 policy, seed 1, imitation also at 10x. */
        public static Config defaults() {
            return new Config(6, 12, 200, 0.003, List.of(64, 64), 1, 10);
        }

        public Config withTrain(int v) {
            return new Config(v, eval, steps, learningRate, hidden, seed, imitationStepFactor);
        }

        public Config withEval(int v) {
            return new Config(train, v, steps, learningRate, hidden, seed, imitationStepFactor);
        }

        public Config withSteps(int v) {
            return new Config(train, eval, v, learningRate, hidden, seed, imitationStepFactor);
        }

        public Config withLearningRate(double v) {
            return new Config(train, eval, steps, v, hidden, seed, imitationStepFactor);
        }

        public Config withHidden(List<Integer> v) {
            return new Config(train, eval, steps, learningRate, v, seed, imitationStepFactor);
        }

        public Config withSeed(long v) {
            return new Config(train, eval, steps, learningRate, hidden, v, imitationStepFactor);
        }

        public Config withImitationStepFactor(int v) {
            return new Config(train, eval, steps, learningRate, hidden, seed, v);
        }

        /** The row name of the long imitation arm, e.g. "imitation, 10x steps". */
        public String longImitationName() {
            return "imitation, " + imitationStepFactor + "x steps";
        }

        static Config parse(String[] args) {
            Config c = defaults();
            if (args.length % 2 != 0)
                throw new IllegalArgumentException("options come in pairs: " + String.join(" ", args));
            for (int i = 0; i < args.length; i += 2) {
                String v = args[i + 1];
                try {
                    c = switch (args[i]) {
                        case "--train" -> c.withTrain(Integer.parseInt(v));
                        case "--eval" -> c.withEval(Integer.parseInt(v));
                        case "--steps" -> c.withSteps(Integer.parseInt(v));
                        case "--lr" -> c.withLearningRate(Double.parseDouble(v));
                        case "--seed" -> c.withSeed(Long.parseLong(v));
                        case "--imitation-factor" -> c.withImitationStepFactor(Integer.parseInt(v));
                        default ->
                            throw new IllegalArgumentException("unknown option " + args[i] + "; usage: "
                                    + "RolloutPretraining [--train 6] [--eval 12] [--steps 200] [--lr 0.003]"
                                    + " [--seed 1] [--imitation-factor 10]");
                    };
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(args[i] + " expects a number, got '" + v + "'", e);
                }
            }
            return c;
        }
    }

    /**
     * The scores of one row on one evaluation family, means over its episodes.
     *
     * @param modelLoss the rollout loss on the model at onset ({@link RolloutLoss}, 48 h); NaN for the references,
     *                  which are not policies the twin can roll
     * @param unmet     unmet demand in the 48-hour window, per episode, in the real simulator
     * @param cost      cost in the window, per episode
     * @param recovered share of the episodes recovered within 48 h
     */
    public record Score(double modelLoss, double unmet, double cost, double recovered) {
        String row() {
            String model = Double.isNaN(modelLoss) ? "" : String.format(Locale.ROOT, "%.4f", modelLoss);
            return String.format(Locale.ROOT, "%10s %8.1f %10.0f %12.2f", model, unmet, cost, recovered);
        }
    }

    /**
     * One row of the bench: a reference policy or a pretrained arm.
     *
     * @param name         {@link #NO_ACTION}, {@link #ORACLE}, {@link #INITIALIZATION}, {@link #ROLLOUT_THROUGH},
     *                     {@link #ROLLOUT_STOPPED}, {@link #IMITATION}, {@link #SERVICE_WEIGHTED} or
     *                     {@link Config#longImitationName()}
     * @param reference    whether it is a reference (no-action, oracle) rather than a trained policy
     * @param steps        Adam steps it was trained for (0 for references and the initialization)
     * @param trainSeconds wall time of its training (0 for references; a timing, not part of the results' identity)
     * @param heldOut      scores on held-out training-family episodes
     * @param blackSwan    scores on black-swan episodes (never tuned on)
     */
    public record Row(String name, boolean reference, int steps, double trainSeconds, Score heldOut, Score blackSwan) {
        public Row {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(heldOut, "heldOut");
            Objects.requireNonNull(blackSwan, "blackSwan");
        }
    }

    /**
     * What a run measured: the references first (no-action, oracle), then the arms in training order.
     *
     * @param config       the settings it ran with
     * @param policyLayers the policy's layer sizes, state to action
     * @param rows         one row per reference and per arm
     */
    public record Result(Config config, List<Integer> policyLayers, List<Row> rows) {
        public Result {
            Objects.requireNonNull(config, "config");
            policyLayers = List.copyOf(policyLayers);
            rows = List.copyOf(rows);
        }

        /**
         * The row called {@code name}.
         *
         * @throws IllegalArgumentException naming the rows there are if none is called so
         */
        public Row row(String name) {
            return rows.stream()
                    .filter(r -> r.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no row " + name + ", expected one of "
                            + rows.stream().map(Row::name).toList()));
        }

        /** The bench's printed report: a header line, then one line per row under a two-family table head. */
        public String text() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(
                    Locale.ROOT,
                    "RolloutPretraining: %d training episodes, %d held-out per family, %d Adam steps at %.4g, policy"
                            + " %s, float32, seed %d%n",
                    config.train(),
                    config.eval(),
                    config.steps(),
                    config.learningRate(),
                    policyLayers,
                    config.seed()));
            out.append(System.lineSeparator());
            out.append("scores: rollout loss on the model (mean over episodes, at onset, " + WINDOW
                    + " h); in the simulator: unmet demand and cost in the window (mean per episode), recovered within"
                    + " 48 h (share)" + System.lineSeparator());
            out.append(String.format(
                    Locale.ROOT,
                    "%-28s %6s %8s | %-44s | %-44s%n",
                    "arm",
                    "steps",
                    "train s",
                    "training family, held out",
                    "black swan (not tuned on)"));
            String head = String.format(Locale.ROOT, "%10s %8s %10s %12s", "model loss", "unmet", "cost", "recovered");
            out.append(String.format(Locale.ROOT, "%-28s %6s %8s | %s | %s%n", "", "", "", head, head));
            for (Row r : rows) {
                if (r.reference()) {
                    out.append(String.format(
                            Locale.ROOT,
                            "%-28s %6s %8s | %s | %s%n",
                            r.name(),
                            "",
                            "",
                            r.heldOut().row(),
                            r.blackSwan().row()));
                } else {
                    out.append(String.format(
                            Locale.ROOT,
                            "%-28s %6d %8.1f | %s | %s%n",
                            r.name(),
                            r.steps(),
                            r.trainSeconds(),
                            r.heldOut().row(),
                            r.blackSwan().row()));
                }
            }
            return out.toString();
        }

        /**
         * The rows as a table (one row per reference and arm; a reference's model loss is missing), printed with the
         * text's precision (the values keep theirs).
         */
        public Table toTable() {
            StringColumn name = StringColumn.create("arm");
            BooleanColumn reference = BooleanColumn.create("reference");
            IntColumn steps = IntColumn.create("steps");
            DoubleColumn seconds = DoubleColumn.create("train_s");
            String[] families = {"held_out", "black_swan"};
            DoubleColumn[][] scores = new DoubleColumn[2][];
            for (int f = 0; f < 2; f++) {
                scores[f] = new DoubleColumn[] {
                    DoubleColumn.create(families[f] + "_model_loss"),
                    DoubleColumn.create(families[f] + "_unmet"),
                    DoubleColumn.create(families[f] + "_cost"),
                    DoubleColumn.create(families[f] + "_recovered_48h")
                };
            }
            for (Row r : rows) {
                name.append(r.name());
                reference.append(r.reference());
                steps.append(r.steps());
                seconds.append(r.trainSeconds());
                Score[] s = {r.heldOut(), r.blackSwan()};
                for (int f = 0; f < 2; f++) {
                    if (Double.isNaN(s[f].modelLoss())) scores[f][0].appendMissing();
                    else scores[f][0].append(s[f].modelLoss());
                    scores[f][1].append(s[f].unmet());
                    scores[f][2].append(s[f].cost());
                    scores[f][3].append(s[f].recovered());
                }
            }
            seconds.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
            Table t = Table.create("rollout pretraining", name, reference, steps, seconds);
            for (DoubleColumn[] family : scores) {
                family[0].setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
                family[1].setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
                family[2].setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
                family[3].setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
                t.addColumns(family);
            }
            return t;
        }
    }

    static final int WINDOW = 48;
    static final int LABEL_HOURS = 6;

    /**
     * Progress units of one labelled or scored episode, in rollouts of one start: an episode's simulation (or its
     * oracle solve) costs about as much as twenty 48-hour rollouts, so the bar moves at about the same speed in every
     * phase (measured on the defaults, one core of the 2-core machine: about 8 ms per rollout unit, 10 ms per scoring
     * unit, 3 ms per imitation step).
     */
    static final int EPISODE_UNITS = 20;

    private RolloutPretraining() {}

    public static void main(String[] args) {
        Result result = run(Config.parse(args), ProgressTracker.consoleListener());
        System.out.print(result.text());
    }

    /**
     * Runs the bench: labels the training episodes with the oracle, trains every arm from one initialization, and
     * scores the references and the arms on the held-out and black-swan episodes. The same config gives the same
     * scores (the timings aside).
     *
     * @param listener told the progress in units of about one rollout's time (20 per labelled or scored episode,
     *                 one per start in a rollout step, one per imitation step)
     */
    public static Result run(Config config, ProgressListener listener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        Testbed bed = Testbed.of(ReferenceNetworks.circularElectronicsNd());
        ScenarioFamily training = ScenarioFamilies.training();
        List<Episode> train = bed.episodes(training, config.train(), config.seed());
        List<Episode> heldOut = bed.episodes(training, config.eval(), config.seed() + 1000);
        List<Episode> blackSwan = bed.episodes(ScenarioFamilies.blackSwan(), config.eval(), config.seed() + 2000);
        int stateDim = new StateEncoder(bed.layout()).dimension();
        int actionDim = new ActionCodec(bed.layout()).dimension();
        PolicyConfig shape = PolicyConfig.of(
                stateDim,
                actionDim,
                config.hidden().stream().mapToInt(Integer::intValue).toArray());
        GaussianPolicy init = GaussianPolicy.initialize(shape, DataType.FLOAT, config.seed());
        int rowsScored = 2 + 6; // the two references, the initialization and five trained arms
        long units = (long) EPISODE_UNITS * config.train() // the oracle's labels
                + 2L * config.steps() * config.train() // two rollout arms: one rollout per start per step
                + (long) config.steps() * (2 + config.imitationStepFactor()) // three imitation arms
                + EPISODE_UNITS * 2L * rowsScored * config.eval();
        List<Row> references = new ArrayList<>();
        List<Row> scored = new ArrayList<>();
        try (ProgressTracker bar = new ProgressTracker("rollout pretraining", units, listener)) {
            List<Arm> arms = new ArrayList<>();
            arms.add(new Arm(INITIALIZATION, init.copy(), 0, 0));
            RolloutConfig through = RolloutConfig.defaults();
            RolloutConfig stopped = through.withStateGradient(RolloutConfig.StateGradient.STOPPED);
            arms.add(trainRollout(ROLLOUT_THROUGH, init, train, bed, through, config.steps(), config, bar));
            arms.add(trainRollout(ROLLOUT_STOPPED, init, train, bed, stopped, config.steps(), config, bar));
            Labels labels = Labels.of(bed, train, bar);
            arms.add(trainImitation(IMITATION, init, labels, null, config.steps(), config, bar));
            arms.add(trainImitation(
                    SERVICE_WEIGHTED, init, labels, labels.serviceWeights(bed), config.steps(), config, bar));
            // the adversary of "same budget": imitation given more steps (it is five to ten times cheaper per step)
            arms.add(trainImitation(
                    config.longImitationName(),
                    init,
                    labels,
                    null,
                    config.imitationStepFactor() * config.steps(),
                    config,
                    bar));

            references.add(reference(NO_ACTION, bed, heldOut, blackSwan, e -> new FixedPlan(e.nominal()), bar));
            references.add(reference(
                    ORACLE,
                    bed,
                    heldOut,
                    blackSwan,
                    e -> new OraclePolicy(WindowLpConfig.defaults(), bed.criteria()),
                    bar));
            for (Arm a : arms) {
                Score h = score(a.policy, bed, heldOut, bar), b = score(a.policy, bed, blackSwan, bar);
                scored.add(new Row(a.name, false, a.steps, a.seconds, h, b));
            }
        }
        List<Row> rows = new ArrayList<>(references);
        rows.addAll(scored);
        return new Result(config, Arrays.stream(shape.layerSizes()).boxed().toList(), rows);
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
            String name,
            GaussianPolicy init,
            List<Episode> train,
            Testbed bed,
            RolloutConfig rc,
            int steps,
            Config config,
            ProgressTracker bar) {
        GaussianPolicy p = init.copy();
        RolloutLoss loss = new RolloutLoss(bed.layout(), rc);
        List<Start> starts = train.stream().map(e -> Start.atOnset(bed, e)).toList();
        Adam adam = new Adam(p.numParameters(), p.dataType(), config.learningRate(), 0.9, 0.999, 1e-8);
        INDArray sum = Nd4j.zeros(p.dataType(), p.numParameters());
        INDArray g = Nd4j.zeros(p.dataType(), p.numParameters());
        long t0 = System.nanoTime();
        for (int step = 0; step < steps; step++) {
            sum.assign(0);
            for (Start s : starts) {
                loss.lossAndGradient(p.config(), p.dataType(), p.parameterView(), s.state(), s.forecast(), WINDOW, g);
                sum.addi(g);
            }
            adam.step(p.parameterView(), sum.divi(starts.size()));
            bar.step(starts.size());
        }
        return new Arm(name, p, steps, (System.nanoTime() - t0) / 1e9);
    }

    /** The oracle's labels of the training episodes over their windows, with the onset state of each. */
    private record Labels(List<Episode> episodes, List<Demonstrations> demos) {
        static Labels of(Testbed bed, List<Episode> train, ProgressTracker bar) {
            List<Demonstrations> demos = new ArrayList<>();
            for (Episode e : train) {
                int onset = e.scenario().onset();
                OraclePolicy oracle = new OraclePolicy(WindowLpConfig.defaults(), bed.criteria());
                demos.add(Demonstrations.of(bed.runner(), e, oracle, onset, onset + WINDOW, LABEL_HOURS));
                bar.step(EPISODE_UNITS);
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
            String name,
            GaussianPolicy init,
            Labels labels,
            INDArray weights,
            int steps,
            Config config,
            ProgressTracker bar) {
        GaussianPolicy p = init.copy();
        INDArray x = labels.states(), y = labels.actions();
        Adam adam = new Adam(p.numParameters(), p.dataType(), config.learningRate(), 0.9, 0.999, 1e-8);
        INDArray g = Nd4j.zeros(p.dataType(), p.numParameters());
        long t0 = System.nanoTime();
        for (int step = 0; step < steps; step++) {
            if (weights == null) g.assign(p.gradient(x, y));
            else p.weightedNll(x, y, weights, g);
            adam.step(p.parameterView(), g);
            bar.step();
        }
        return new Arm(name, p, steps, (System.nanoTime() - t0) / 1e9);
    }

    private static Score score(GaussianPolicy p, Testbed bed, List<Episode> episodes, ProgressTracker bar) {
        RolloutLoss loss = new RolloutLoss(bed.layout(), RolloutConfig.defaults());
        double model = 0;
        for (Episode e : episodes) {
            Start s = Start.atOnset(bed, e);
            model += loss.lossAndGradient(
                    p.config(), p.dataType(), p.parameterView(), s.state(), s.forecast(), WINDOW, null);
        }
        Score sim = simulate(bed, episodes, e -> new MeanPolicy(p), bar);
        return new Score(model / episodes.size(), sim.unmet(), sim.cost(), sim.recovered());
    }

    /** Means over the episodes of the simulator's window metrics under a policy (no model loss). */
    private static Score simulate(
            Testbed bed,
            List<Episode> episodes,
            java.util.function.Function<Episode, RecoveryPolicy> policy,
            ProgressTracker bar) {
        double unmet = 0, cost = 0, recovered = 0;
        for (Episode e : episodes) {
            EpisodeMetrics m = bed.runner().run(e, policy.apply(e)).metrics();
            unmet += m.unmetDemand();
            cost += m.cost();
            recovered += m.recovered() ? 1 : 0;
            bar.step(EPISODE_UNITS);
        }
        int n = episodes.size();
        return new Score(Double.NaN, unmet / n, cost / n, recovered / n);
    }

    private static Row reference(
            String name,
            Testbed bed,
            List<Episode> heldOut,
            List<Episode> blackSwan,
            java.util.function.Function<Episode, RecoveryPolicy> policy,
            ProgressTracker bar) {
        Score h = simulate(bed, heldOut, policy, bar);
        Score b = simulate(bed, blackSwan, policy, bar);
        return new Row(name, true, 0, 0, h, b);
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
