package org.moca.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.moca.agent.AdaptationConfig;
import org.moca.agent.ContinualRun;
import org.moca.graph.ReferenceNetworks;
import org.moca.infra.Budget;
import org.moca.infra.ConfigLoader;
import org.moca.meta.MetaLearners;
import org.moca.scenario.ScenarioFamilies;

/**
 * The continual experiment's settings (see {@link ContinualExperiment}): a meta-trained policy adapts through a stream
 * of consecutive disruptions drawn in turn from distinct families, carrying its weights forward, with and without
 * consolidation. Every value the experiment uses is here, so it is in {@code provenance.json}. Validated here: a bad
 * value names its key.
 *
 * <p>{@link #defaults()} is the committed experiment, {@code experiments/continual.yaml}; {@link #load(Path)} reads any
 * YAML file over the defaults (absent keys keep them), and {@link #forBudget} is what the notebook runs: the full or
 * the CI file, overridden by the budget knobs. Each wither builds a validated config, so the rules between keys
 * ({@code disruptions >= families}, {@code closedLoopEpisodes <= heldOutEpisodes}) must hold after every step: shrink
 * the dependent key first.
 *
 * @param name               experiment name (the results folder)
 * @param topology           the network: {@code circular-electronics-nd} (the reference network) or a directory of
 *                           topology CSV files ({@link ReferenceNetworks#resolve(String, String)})
 * @param trainFamily        scenario family the policy is meta-trained on (oracle labels), resolved like {@code
 *                           families}
 * @param families           the stream's families, met in this order, round robin, each resolved by {@link
 *                           ScenarioFamilies#resolve(String, String)}: {@code training}, {@code black-swan}, {@code
 *                           stable} or a YAML path, each optionally {@code :<variant>} (that variant alone)
 * @param disruptions        length of the stream T (the 15)
 * @param trainEpisodes      meta-training tasks per seed
 * @param heldOutEpisodes    held-out evaluation episodes per family and seed (never adapted on)
 * @param closedLoopEpisodes of those, how many are also run closed loop with the current weights frozen (0: off)
 * @param seeds              seeds; each gives its own meta-training, stream and held-out episodes ({@link
 *                           ContinualSeeds})
 * @param hidden             hidden layer sizes of the policy
 * @param learner            the meta-learner that learns the initialization: {@code maml}, {@code fomaml}, {@code
 *                           reptile} or {@code anil} ({@link MetaLearners}); the stream itself adapts every parameter
 *                           by plain SGD whatever the learner
 * @param metaIterations     outer meta-training steps
 * @param metaBatch          tasks per outer step
 * @param innerSteps         K, inner SGD steps (meta-training, and the onset adaptation on each disruption's support
 *                           set)
 * @param innerLearningRate  inner SGD learning rate (meta-training and the onset adaptation)
 * @param outerLearningRate  outer Adam learning rate
 * @param supportHours       hours after onset labelled before the onset adaptation (the support set)
 * @param labelHours         a label is the expert's controls averaged over this many hours ({@link
 *                           org.moca.agent.Demonstrations}); every labelling of the experiment uses it
 * @param labeller           who labels the stream's disruptions: {@code MPC} (honest: only what is known at each hour)
 *                           or {@code ORACLE}; meta-training and held-out evaluation always use the oracle
 * @param onlineSteps        SGD steps on the whole window's labels after the onset adaptation (hindsight; 0: none)
 * @param onlineLearningRate their learning rate
 * @param maxGradientNorm    global gradient-norm clip of every stream step
 * @param arms               the consolidation arms compared
 */
public record ContinualConfig(
        String name,
        String topology,
        String trainFamily,
        List<String> families,
        int disruptions,
        int trainEpisodes,
        int heldOutEpisodes,
        int closedLoopEpisodes,
        List<Long> seeds,
        List<Integer> hidden,
        String learner,
        int metaIterations,
        int metaBatch,
        int innerSteps,
        double innerLearningRate,
        double outerLearningRate,
        int supportHours,
        int labelHours,
        Labeller labeller,
        int onlineSteps,
        double onlineLearningRate,
        double maxGradientNorm,
        List<Arm> arms) {

    /** The committed full configuration's file name, under {@code experiments/}. */
    public static final String FULL_FILE = "continual.yaml";

    /** The CI-sized variant's file name, under {@code experiments/}: the budgets it shrinks, laid over the full one. */
    public static final String CI_FILE = "continual-ci.yaml";

    /** Who labels the stream's disruptions. */
    public enum Labeller {
        MPC,
        ORACLE
    }

    /** The penalty an arm adds to every stream step, anchored at the meta-learned parameters. */
    public enum Consolidation {
        /** Plain fine-tuning. */
        NONE,
        /** {@link org.moca.meta.L2Consolidation}: {@code lambda ||theta - theta_meta||^2} (MOCA's). */
        L2,
        /** {@link org.moca.meta.EwcConsolidation}, the Fisher of the meta-parameters on the meta-training tasks. */
        EWC
    }

    /**
     * One arm of the comparison.
     *
     * @param name          name in tables and file names
     * @param consolidation the penalty
     * @param lambda        its strength (0 with {@code NONE})
     */
    public record Arm(String name, Consolidation consolidation, double lambda) {
        public Arm {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9._-]+"))
                throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', got " + name);
            if (consolidation == null) throw new IllegalArgumentException("consolidation: expected NONE, L2 or EWC");
            if (!(lambda >= 0) || !Double.isFinite(lambda))
                throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
            if (consolidation == Consolidation.NONE && lambda != 0) {
                throw new IllegalArgumentException("lambda must be 0 with consolidation NONE, got " + lambda);
            }
        }
    }

    public ContinualConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(trainFamily, "trainFamily");
        Objects.requireNonNull(learner, "learner");
        families = List.copyOf(Objects.requireNonNull(families, "families"));
        seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
        hidden = List.copyOf(Objects.requireNonNull(hidden, "hidden"));
        arms = List.copyOf(Objects.requireNonNull(arms, "arms"));
        if (!name.matches("[A-Za-z0-9._-]+"))
            throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', got " + name);
        // the families are checked against this topology now, so a bad one fails at its config key, before any work
        ScenarioFamilies.Use use = new ScenarioFamilies.Use(
                topology,
                ReferenceNetworks.resolve(topology, "topology"),
                org.moca.sim.RecoveryCriteria.defaults().windowHours());
        if (families.size() < 2)
            throw new IllegalArgumentException("families must list at least 2 families, got " + families.size());
        if (new HashSet<>(families).size() != families.size())
            throw new IllegalArgumentException("families must be distinct, got " + families);
        for (int i = 0; i < families.size(); i++)
            ScenarioFamilies.resolveForKey(families.get(i), "families[" + i + "]", use);
        ScenarioFamilies.resolveForKey(trainFamily, "trainFamily", use);
        if (disruptions < families.size()) {
            throw new IllegalArgumentException(
                    "disruptions must be >= the number of families (" + families.size() + "), got " + disruptions);
        }
        if (trainEpisodes < 1) throw new IllegalArgumentException("trainEpisodes must be >= 1, got " + trainEpisodes);
        if (heldOutEpisodes < 1)
            throw new IllegalArgumentException("heldOutEpisodes must be >= 1, got " + heldOutEpisodes);
        if (closedLoopEpisodes < 0 || closedLoopEpisodes > heldOutEpisodes) {
            throw new IllegalArgumentException("closedLoopEpisodes must be in [0, heldOutEpisodes = " + heldOutEpisodes
                    + "], got " + closedLoopEpisodes);
        }
        if (seeds.isEmpty()) throw new IllegalArgumentException("seeds must list at least one seed");
        if (new HashSet<>(seeds).size() != seeds.size())
            throw new IllegalArgumentException("seeds must be distinct, got " + seeds);
        if (!MetaLearners.NAMES.contains(learner))
            throw new IllegalArgumentException("learner must be one of " + MetaLearners.NAMES + ", got " + learner);
        ExperimentConfig.validateLearner(
                hidden, metaIterations, metaBatch, innerSteps, innerLearningRate, outerLearningRate, supportHours);
        if (labelHours < 1) throw new IllegalArgumentException("labelHours must be >= 1, got " + labelHours);
        if (labeller == null) throw new IllegalArgumentException("labeller: expected MPC or ORACLE");
        if (onlineSteps < 0) throw new IllegalArgumentException("onlineSteps must be >= 0, got " + onlineSteps);
        if (!(onlineLearningRate > 0))
            throw new IllegalArgumentException("onlineLearningRate must be > 0, got " + onlineLearningRate);
        if (!(maxGradientNorm > 0))
            throw new IllegalArgumentException("maxGradientNorm must be > 0, got " + maxGradientNorm);
        if (arms.isEmpty()) throw new IllegalArgumentException("arms must list at least one arm");
        Set<String> names = new HashSet<>();
        for (Arm a : arms) {
            if (a == null)
                throw new IllegalArgumentException("arms: expected a mapping with keys [name, consolidation, lambda]");
            if (!names.add(a.name())) throw new IllegalArgumentException("arms: duplicate arm name " + a.name());
        }
    }

    /**
     * The committed experiment ({@code experiments/continual.yaml}): MAML on the reference network's training family,
     * 15 disruptions from the training family's six variants and the black swan, 5 seeds, four consolidation arms.
     */
    public static ContinualConfig defaults() {
        return new ContinualConfig(
                "continual",
                ReferenceNetworks.REFERENCE_NAME,
                "training",
                List.of(
                        "training:primary-partial-outage",
                        "training:copper-outage",
                        "training:plant-capacity-loss",
                        "training:recycler-trouble",
                        "training:late-lanes",
                        "training:demand-shock",
                        "black-swan"),
                15,
                16,
                3,
                2,
                List.of(1L, 2L, 3L, 4L, 5L),
                List.of(64, 64),
                "maml",
                300,
                4,
                20,
                0.05,
                0.001,
                6,
                AdaptationConfig.DEFAULT_LABEL_HOURS,
                Labeller.MPC,
                20,
                0.01,
                10.0,
                List.of(
                        new Arm("no-consolidation", Consolidation.NONE, 0.0),
                        new Arm("l2", Consolidation.L2, 0.01),
                        new Arm("l2-strong", Consolidation.L2, 1.0),
                        new Arm("ewc", Consolidation.EWC, 1.0)));
    }

    /** Loads {@code file}; keys absent from it keep their {@link #defaults()}. Errors name the file, line and key. */
    public static ContinualConfig load(Path file) {
        return ConfigLoader.load(file, ContinualConfig.class, defaults());
    }

    /** Loads {@code overlay} laid over {@code file} (itself over the defaults): the CI variant over the full config. */
    public static ContinualConfig load(Path file, Path overlay) {
        return ConfigLoader.load(overlay, ContinualConfig.class, load(file));
    }

    /**
     * What a notebook runs: {@code continual.yaml} in {@code experiments}, or with the CI budget
     * {@code continual-ci.yaml} over it, then overridden by the budget knobs {@code disruptions},
     * {@code train-episodes}, {@code meta-iterations} and {@code seeds} (each knob's full value is the full file's,
     * its CI value the CI file's; see {@link Budget}). A {@code seeds} knob of n keeps the first n seeds and, past
     * the end of the list, continues from the largest with consecutive integers.
     */
    public static ContinualConfig forBudget(Budget budget, Path experiments) {
        ContinualConfig full = load(experiments.resolve(FULL_FILE));
        ContinualConfig ci = load(experiments.resolve(FULL_FILE), experiments.resolve(CI_FILE));
        ContinualConfig base = budget.isCi() ? ci : full;
        int seeds = budget.intKnob("seeds", full.seeds().size(), ci.seeds().size());
        return base.withDisruptions(budget.intKnob("disruptions", full.disruptions(), ci.disruptions()))
                .withTrainEpisodes(budget.intKnob("train-episodes", full.trainEpisodes(), ci.trainEpisodes()))
                .withMetaIterations(budget.intKnob("meta-iterations", full.metaIterations(), ci.metaIterations()))
                .withSeeds(firstSeeds(base.seeds(), seeds));
    }

    private static List<Long> firstSeeds(List<Long> seeds, int n) {
        List<Long> out = new ArrayList<>(seeds.subList(0, Math.min(n, seeds.size())));
        for (long next = Collections.max(seeds) + 1; out.size() < n; next++) out.add(next);
        return out;
    }

    /** The family of the {@code i}-th disruption of the stream (0-based): the families in turn. */
    public int familyOf(int disruption) {
        return disruption % families.size();
    }

    /** The onset adaptation's SGD: K steps at the inner learning rate. */
    ContinualRun.Config onsetSteps() {
        return new ContinualRun.Config(innerSteps, innerLearningRate, maxGradientNorm);
    }

    /** The hindsight steps on the whole window, or null when {@code onlineSteps} is 0. */
    ContinualRun.Config onlineConfig() {
        return onlineSteps == 0 ? null : new ContinualRun.Config(onlineSteps, onlineLearningRate, maxGradientNorm);
    }

    /** This config with another {@code name}. */
    public ContinualConfig withName(String value) {
        return edit(f -> f.name = value);
    }

    /** This config with another {@code topology}. */
    public ContinualConfig withTopology(String value) {
        return edit(f -> f.topology = value);
    }

    /** This config with another {@code trainFamily}. */
    public ContinualConfig withTrainFamily(String value) {
        return edit(f -> f.trainFamily = value);
    }

    /** This config with another {@code families}. */
    public ContinualConfig withFamilies(List<String> value) {
        return edit(f -> f.families = value);
    }

    /** This config with another {@code disruptions}. */
    public ContinualConfig withDisruptions(int value) {
        return edit(f -> f.disruptions = value);
    }

    /** This config with another {@code trainEpisodes}. */
    public ContinualConfig withTrainEpisodes(int value) {
        return edit(f -> f.trainEpisodes = value);
    }

    /** This config with another {@code heldOutEpisodes}. */
    public ContinualConfig withHeldOutEpisodes(int value) {
        return edit(f -> f.heldOutEpisodes = value);
    }

    /** This config with another {@code closedLoopEpisodes}. */
    public ContinualConfig withClosedLoopEpisodes(int value) {
        return edit(f -> f.closedLoopEpisodes = value);
    }

    /** This config with another {@code seeds}. */
    public ContinualConfig withSeeds(List<Long> value) {
        return edit(f -> f.seeds = value);
    }

    /** This config with another {@code hidden}. */
    public ContinualConfig withHidden(List<Integer> value) {
        return edit(f -> f.hidden = value);
    }

    /** This config with another {@code learner}. */
    public ContinualConfig withLearner(String value) {
        return edit(f -> f.learner = value);
    }

    /** This config with another {@code metaIterations}. */
    public ContinualConfig withMetaIterations(int value) {
        return edit(f -> f.metaIterations = value);
    }

    /** This config with another {@code metaBatch}. */
    public ContinualConfig withMetaBatch(int value) {
        return edit(f -> f.metaBatch = value);
    }

    /** This config with another {@code innerSteps}. */
    public ContinualConfig withInnerSteps(int value) {
        return edit(f -> f.innerSteps = value);
    }

    /** This config with another {@code innerLearningRate}. */
    public ContinualConfig withInnerLearningRate(double value) {
        return edit(f -> f.innerLearningRate = value);
    }

    /** This config with another {@code outerLearningRate}. */
    public ContinualConfig withOuterLearningRate(double value) {
        return edit(f -> f.outerLearningRate = value);
    }

    /** This config with another {@code supportHours}. */
    public ContinualConfig withSupportHours(int value) {
        return edit(f -> f.supportHours = value);
    }

    /** This config with another {@code labelHours}. */
    public ContinualConfig withLabelHours(int value) {
        return edit(f -> f.labelHours = value);
    }

    /** This config with another {@code labeller}. */
    public ContinualConfig withLabeller(Labeller value) {
        return edit(f -> f.labeller = value);
    }

    /** This config with another {@code onlineSteps}. */
    public ContinualConfig withOnlineSteps(int value) {
        return edit(f -> f.onlineSteps = value);
    }

    /** This config with another {@code onlineLearningRate}. */
    public ContinualConfig withOnlineLearningRate(double value) {
        return edit(f -> f.onlineLearningRate = value);
    }

    /** This config with another {@code maxGradientNorm}. */
    public ContinualConfig withMaxGradientNorm(double value) {
        return edit(f -> f.maxGradientNorm = value);
    }

    /** This config with another {@code arms}. */
    public ContinualConfig withArms(List<Arm> value) {
        return edit(f -> f.arms = value);
    }

    /** A copy with one change, validated like any config. */
    private ContinualConfig edit(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.build();
    }

    /** The components, mutable, so that each wither names only the one it changes. */
    private static final class Fields {
        String name;
        String topology;
        String trainFamily;
        List<String> families;
        int disruptions;
        int trainEpisodes;
        int heldOutEpisodes;
        int closedLoopEpisodes;
        List<Long> seeds;
        List<Integer> hidden;
        String learner;
        int metaIterations;
        int metaBatch;
        int innerSteps;
        double innerLearningRate;
        double outerLearningRate;
        int supportHours;
        int labelHours;
        Labeller labeller;
        int onlineSteps;
        double onlineLearningRate;
        double maxGradientNorm;
        List<Arm> arms;

        Fields(ContinualConfig c) {
            name = c.name;
            topology = c.topology;
            trainFamily = c.trainFamily;
            families = c.families;
            disruptions = c.disruptions;
            trainEpisodes = c.trainEpisodes;
            heldOutEpisodes = c.heldOutEpisodes;
            closedLoopEpisodes = c.closedLoopEpisodes;
            seeds = c.seeds;
            hidden = c.hidden;
            learner = c.learner;
            metaIterations = c.metaIterations;
            metaBatch = c.metaBatch;
            innerSteps = c.innerSteps;
            innerLearningRate = c.innerLearningRate;
            outerLearningRate = c.outerLearningRate;
            supportHours = c.supportHours;
            labelHours = c.labelHours;
            labeller = c.labeller;
            onlineSteps = c.onlineSteps;
            onlineLearningRate = c.onlineLearningRate;
            maxGradientNorm = c.maxGradientNorm;
            arms = c.arms;
        }

        ContinualConfig build() {
            return new ContinualConfig(
                    name,
                    topology,
                    trainFamily,
                    families,
                    disruptions,
                    trainEpisodes,
                    heldOutEpisodes,
                    closedLoopEpisodes,
                    seeds,
                    hidden,
                    learner,
                    metaIterations,
                    metaBatch,
                    innerSteps,
                    innerLearningRate,
                    outerLearningRate,
                    supportHours,
                    labelHours,
                    labeller,
                    onlineSteps,
                    onlineLearningRate,
                    maxGradientNorm,
                    arms);
        }
    }
}
