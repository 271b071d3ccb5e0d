package org.moca.experiment;

import java.util.List;
import java.util.Objects;

/**
 * One experiment of the workbench, as written in {@code experiments/*.yaml}. Validated here: a bad value names its key.
 *
 * @param name            experiment name (the results folder)
 * @param topology        {@code circular-electronics-nd} or a topology directory
 * @param trainFamily     scenario family the learners train on ({@code training}, {@code black-swan} or a YAML path)
 * @param testFamily      the shifted test family
 * @param trainEpisodes   training tasks per seed (labelled by the oracle)
 * @param testEpisodes    test episodes per seed (the same set for every method: common random numbers)
 * @param seeds           seeds; each gives its own training tasks, initializations and test episodes
 * @param hidden          hidden layer sizes of the learned policies
 * @param metaIterations  outer steps of meta-training (and of multi-task pretraining)
 * @param metaBatch       tasks per outer step
 * @param innerSteps      K, inner SGD steps (training and deployment)
 * @param innerLearningRate inner SGD learning rate
 * @param outerLearningRate outer Adam learning rate
 * @param supportHours    hours of expert labels after onset before adapting
 * @param ppoUpdates      PPO training iterations (the RL baseline)
 * @param methods         the methods to compare (see {@link Methods})
 */
public record ExperimentConfig(
        String name,
        String topology,
        String trainFamily,
        String testFamily,
        int trainEpisodes,
        int testEpisodes,
        List<Long> seeds,
        List<Integer> hidden,
        int metaIterations,
        int metaBatch,
        int innerSteps,
        double innerLearningRate,
        double outerLearningRate,
        int supportHours,
        int ppoUpdates,
        List<String> methods) {

    public ExperimentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(trainFamily, "trainFamily");
        Objects.requireNonNull(testFamily, "testFamily");
        seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
        hidden = List.copyOf(Objects.requireNonNull(hidden, "hidden"));
        methods = List.copyOf(Objects.requireNonNull(methods, "methods"));
        if (!name.matches("[A-Za-z0-9._-]+"))
            throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', got " + name);
        if (trainEpisodes < 1) throw new IllegalArgumentException("trainEpisodes must be >= 1, got " + trainEpisodes);
        if (testEpisodes < 1) throw new IllegalArgumentException("testEpisodes must be >= 1, got " + testEpisodes);
        if (seeds.isEmpty()) throw new IllegalArgumentException("seeds must list at least one seed");
        ExperimentConfig.validateLearner(
                hidden, metaIterations, metaBatch, innerSteps, innerLearningRate, outerLearningRate, supportHours);
        if (ppoUpdates < 0) throw new IllegalArgumentException("ppoUpdates must be >= 0, got " + ppoUpdates);
        if (methods.isEmpty()) throw new IllegalArgumentException("methods must list at least one method");
        for (String m : methods) {
            if (!Methods.names().contains(m))
                throw new IllegalArgumentException(
                        "methods: unknown method " + m + ", expected one of " + Methods.names());
        }
    }

    /** The learner settings both experiment kinds share, validated alike: a bad value names its key. */
    static void validateLearner(
            List<Integer> hidden,
            int metaIterations,
            int metaBatch,
            int innerSteps,
            double innerLearningRate,
            double outerLearningRate,
            int supportHours) {
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1))
            throw new IllegalArgumentException("hidden must list positive layer sizes");
        if (metaIterations < 1)
            throw new IllegalArgumentException("metaIterations must be >= 1, got " + metaIterations);
        if (metaBatch < 1) throw new IllegalArgumentException("metaBatch must be >= 1, got " + metaBatch);
        if (innerSteps < 1) throw new IllegalArgumentException("innerSteps must be >= 1, got " + innerSteps);
        if (!(innerLearningRate > 0))
            throw new IllegalArgumentException("innerLearningRate must be > 0, got " + innerLearningRate);
        if (!(outerLearningRate > 0))
            throw new IllegalArgumentException("outerLearningRate must be > 0, got " + outerLearningRate);
        if (supportHours < 1) throw new IllegalArgumentException("supportHours must be >= 1, got " + supportHours);
    }
}
