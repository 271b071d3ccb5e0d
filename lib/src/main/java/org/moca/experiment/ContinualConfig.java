package org.moca.experiment;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.moca.agent.ContinualRun;
import org.moca.scenario.ScenarioFamilies;

/**
 * The continual experiment, as written in {@code experiments/continual.yaml}: a meta-trained policy adapts through a
 * stream of consecutive disruptions drawn in turn from distinct families, carrying its weights forward, with and
 * without consolidation (see {@link ContinualExperiment}). Validated here: a bad value names its key.
 *
 * @param name               experiment name (the results folder)
 * @param trainFamily        scenario family the policy is meta-trained on (oracle labels)
 * @param families           the stream's families, met in this order, round robin: {@code <family>} (all its variants)
 *                           or {@code <family>:<variant>} (one variant of it); families are {@code training},
 *                           {@code black-swan}, {@code stable} or a YAML path
 * @param disruptions        length of the stream (the 15)
 * @param trainEpisodes      meta-training tasks per seed
 * @param heldOutEpisodes    held-out evaluation episodes per family and seed (never adapted on)
 * @param closedLoopEpisodes of those, how many are also run closed loop with the current weights frozen (0: off)
 * @param seeds              seeds; each gives its own meta-training, stream and held-out episodes
 * @param hidden             hidden layer sizes of the policy
 * @param metaIterations     outer MAML steps
 * @param metaBatch          tasks per outer step
 * @param innerSteps         K, inner SGD steps (meta-training, and the onset adaptation on each disruption's support set)
 * @param innerLearningRate  inner SGD learning rate
 * @param outerLearningRate  outer Adam learning rate
 * @param supportHours       hours after onset labelled before the onset adaptation (the support set)
 * @param labeller           who labels the stream's disruptions: {@code MPC} (honest: only what is known at each
 *                           hour) or {@code ORACLE}; meta-training and held-out evaluation always use the oracle
 * @param onlineSteps        SGD steps on the whole window's labels after the onset adaptation (hindsight, 0: none)
 * @param onlineLearningRate their learning rate
 * @param maxGradientNorm    global gradient-norm clip of every stream step
 * @param arms               the consolidation arms compared
 */
public record ContinualConfig(
        String name,
        String trainFamily,
        List<String> families,
        int disruptions,
        int trainEpisodes,
        int heldOutEpisodes,
        int closedLoopEpisodes,
        List<Long> seeds,
        List<Integer> hidden,
        int metaIterations,
        int metaBatch,
        int innerSteps,
        double innerLearningRate,
        double outerLearningRate,
        int supportHours,
        Labeller labeller,
        int onlineSteps,
        double onlineLearningRate,
        double maxGradientNorm,
        List<Arm> arms) {

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
        Objects.requireNonNull(trainFamily, "trainFamily");
        families = List.copyOf(Objects.requireNonNull(families, "families"));
        seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
        hidden = List.copyOf(Objects.requireNonNull(hidden, "hidden"));
        arms = List.copyOf(Objects.requireNonNull(arms, "arms"));
        if (!name.matches("[A-Za-z0-9._-]+"))
            throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', got " + name);
        if (families.size() < 2)
            throw new IllegalArgumentException("families must list at least 2 families, got " + families.size());
        if (new HashSet<>(families).size() != families.size())
            throw new IllegalArgumentException("families must be distinct, got " + families);
        for (int i = 0; i < families.size(); i++) ScenarioFamilies.resolve(families.get(i), "families[" + i + "]");
        ScenarioFamilies.resolve(trainFamily, "trainFamily");
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
        ExperimentConfig.validateLearner(
                hidden, metaIterations, metaBatch, innerSteps, innerLearningRate, outerLearningRate, supportHours);
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
}
