package org.moca.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.moca.agent.AdaptationConfig;
import org.moca.agent.DaggerConfig;
import org.moca.agent.RolloutSignalConfig;
import org.moca.graph.ReferenceNetworks;
import org.moca.hyper.HyperNetworkConfig;
import org.moca.infra.ConfigLoader;
import org.moca.meta.OuterConsolidationConfig;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.RecoveryCriteria;

/**
 * One experiment of the workbench, as written in {@code experiments/*.yaml}: every value the runner and the methods
 * use, so that all of it reaches {@code provenance.json}. Validated here: a bad value names its key.
 *
 * <pre>
 *   ExperimentConfig c = ExperimentConfig.load(Path.of("experiments/reproduce.yaml"));   // absent keys: defaults()
 *   ExperimentConfig small = c.withSeeds(List.of(1L)).withTestEpisodes(2);                 // withers, no positions
 * </pre>
 *
 * @param name              experiment name (the results folder)
 * @param topology          {@code circular-electronics-nd} or a topology directory
 *                          ({@link org.moca.graph.ReferenceNetworks#resolve})
 * @param trainFamily       scenario family the learners train on (labelled by {@code trainingLabeller}), resolved by
 *                          {@link org.moca.scenario.ScenarioFamilies#resolve}
 * @param testFamilies      the test families; every method meets every family's episodes, and every family (and each
 *                          of its variants) is reported on its own
 * @param trainEpisodes     training tasks per seed (labelled by {@code trainingLabeller})
 * @param testEpisodes      test episodes per seed and test family (the same set for every method: common random
 *                          numbers), drawn with seed {@link #testEpisodeSeed}
 * @param seeds             seeds; each gives its own training tasks, initializations and test episodes
 * @param hidden            hidden layer sizes of the learned policies
 * @param metaIterations    outer steps of meta-training (and of multi-task pretraining)
 * @param metaBatch         tasks per outer step
 * @param innerSteps        K, inner SGD steps (training and deployment)
 * @param innerLearningRate inner SGD learning rate
 * @param outerLearningRate outer Adam learning rate
 * @param supportHours      hours of expert labels after onset before adapting
 * @param labelHours        a label is the expert's plan averaged over its next {@code labelHours} hours (training and
 *                          deployment alike)
 * @param onsetSupport      where a learned policy's first support set comes from: the expert's plan at the onset
 *                          hour ({@code OBSERVED}, default; {@code PLAN}) or the hours after onset ({@code OFF},
 *                          protocol v1), see {@link AdaptationConfig.OnsetSupport}
 * @param trainingLabeller  who labels the learners' training tasks: {@code ORACLE} (perfect information, acting in
 *                          its own trajectory) or {@code MPC} (the deployment expert in its own trajectory, each state
 *                          labelled by its plan's mean controls over {@code labelHours}, exactly as at deployment);
 *                          the default was chosen on validation seeds ({@code docs/learning.md})
 * @param dagger            DAgger meta-training of {@code maml-dagger} and {@code moca-dagger}: rounds, share of the
 *                          training episodes rolled out per round, decay of the expert's share of control, outer steps
 *                          per round ({@link DaggerConfig})
 * @param rollout           the rollout signal of the {@code rollout-*}, {@code maml-rollout}, {@code reptile-rollout}
 *                          and {@code moca-rollout*} methods: rollout horizon and objective, pretraining, first-order
 *                          meta-training and the inner loop on the twin's rollout loss ({@link RolloutSignalConfig})
 * @param ppoFamily         the family PPO (the RL baseline) trains on: stable operation
 * @param ppoEpisodes       PPO's training episodes per seed
 * @param ppoUpdates        PPO training iterations
 * @param hyperSteps        training steps of the hypernetwork (moca-hyper)
 * @param outerConsolidation the consolidation penalty inside the meta-update of {@code moca-article}: its strength and
 *                          the outer updates between two snapshots of its kept anchor
 *                          ({@link org.moca.meta.ConsolidatedMetaLearner})
 * @param hyper             shape, training and delta bound of the hypernetwork (moca-hyper)
 * @param methods           the methods to compare (see {@link Methods})
 * @param pairedReferences  methods every other method is compared with by paired tests (McNemar on recovery,
 *                          Wilcoxon on unmet demand, Holm-corrected); each must be among {@code methods}
 * @param sweepWindows      the recovery windows (hours) of the window sweep, recomputed from the saved curves
 * @param health            the benchmark-health rule checked per test family
 */
public record ExperimentConfig(
        String name,
        String topology,
        String trainFamily,
        List<String> testFamilies,
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
        int labelHours,
        AdaptationConfig.OnsetSupport onsetSupport,
        ContinualConfig.Labeller trainingLabeller,
        DaggerConfig dagger,
        RolloutSignalConfig rollout,
        String ppoFamily,
        int ppoEpisodes,
        int ppoUpdates,
        int hyperSteps,
        OuterConsolidationConfig outerConsolidation,
        HyperNetworkConfig hyper,
        List<String> methods,
        List<String> pairedReferences,
        List<Integer> sweepWindows,
        HealthCriteria health) {

    public ExperimentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(trainFamily, "trainFamily");
        Objects.requireNonNull(ppoFamily, "ppoFamily");
        testFamilies = List.copyOf(Objects.requireNonNull(testFamilies, "testFamilies"));
        seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
        hidden = List.copyOf(Objects.requireNonNull(hidden, "hidden"));
        methods = List.copyOf(Objects.requireNonNull(methods, "methods"));
        pairedReferences = List.copyOf(Objects.requireNonNull(pairedReferences, "pairedReferences"));
        sweepWindows = List.copyOf(Objects.requireNonNull(sweepWindows, "sweepWindows"));
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(outerConsolidation, "outerConsolidation");
        Objects.requireNonNull(hyper, "hyper");
        if (trainingLabeller == null)
            throw new IllegalArgumentException("trainingLabeller: expected one of "
                    + java.util.Arrays.toString(ContinualConfig.Labeller.values()));
        Objects.requireNonNull(dagger, "dagger");
        Objects.requireNonNull(rollout, "rollout");
        if (onsetSupport == null)
            throw new IllegalArgumentException("onsetSupport: expected one of "
                    + java.util.Arrays.toString(AdaptationConfig.OnsetSupport.values()));
        if (sweepWindows.stream().anyMatch(w -> w < 1))
            throw new IllegalArgumentException("sweepWindows must list positive hours, got " + sweepWindows);
        if (!name.matches("[A-Za-z0-9._-]+"))
            throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', got " + name);
        if (testFamilies.isEmpty()) throw new IllegalArgumentException("testFamilies must list at least one family");
        if (testFamilies.stream().distinct().count() != testFamilies.size())
            throw new IllegalArgumentException("testFamilies must not repeat a family, got " + testFamilies);
        if (trainEpisodes < 1) throw new IllegalArgumentException("trainEpisodes must be >= 1, got " + trainEpisodes);
        if (testEpisodes < 1) throw new IllegalArgumentException("testEpisodes must be >= 1, got " + testEpisodes);
        if (seeds.isEmpty()) throw new IllegalArgumentException("seeds must list at least one seed");
        if (seeds.stream().distinct().count() != seeds.size())
            throw new IllegalArgumentException("seeds must not repeat a seed, got " + seeds);
        validateLearner(
                hidden, metaIterations, metaBatch, innerSteps, innerLearningRate, outerLearningRate, supportHours);
        if (labelHours < 1) throw new IllegalArgumentException("labelHours must be >= 1, got " + labelHours);
        if (ppoEpisodes < 1) throw new IllegalArgumentException("ppoEpisodes must be >= 1, got " + ppoEpisodes);
        if (ppoUpdates < 0) throw new IllegalArgumentException("ppoUpdates must be >= 0, got " + ppoUpdates);
        if (hyperSteps < 1) throw new IllegalArgumentException("hyperSteps must be >= 1, got " + hyperSteps);
        if (methods.isEmpty()) throw new IllegalArgumentException("methods must list at least one method");
        if (methods.stream().distinct().count() != methods.size())
            throw new IllegalArgumentException("methods must not repeat a method, got " + methods);
        for (String m : methods) {
            if (!Methods.names().contains(m))
                throw new IllegalArgumentException(
                        "methods: unknown method " + m + ", expected one of " + Methods.names());
        }
        for (String r : pairedReferences) {
            if (!methods.contains(r))
                throw new IllegalArgumentException("pairedReferences: " + r + " is not among the methods " + methods);
        }
        // the topology and every family are checked now, against each other, so a bad one fails at its key of the
        // file and before any work (no run directory is made)
        ScenarioFamilies.Use use = new ScenarioFamilies.Use(
                topology,
                ReferenceNetworks.resolve(topology, "topology"),
                RecoveryCriteria.defaults().windowHours());
        ScenarioFamilies.resolveForKey(trainFamily, "trainFamily", use);
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < testFamilies.size(); i++) {
            String n = ScenarioFamilies.resolveForKey(testFamilies.get(i), "testFamilies[" + i + "]", use)
                    .name();
            if (names.contains(n))
                throw new IllegalArgumentException("testFamilies[" + i + "] is named " + n + " like testFamilies["
                        + names.indexOf(n) + "]; tables are keyed by family name, expected distinct names");
            names.add(n);
        }
        if (methods.contains("ppo")) ScenarioFamilies.resolveForKey(ppoFamily, "ppoFamily", use);
    }

    /**
     * The workbench's defaults: the reduced reproduction's learner settings on the reference network's black swan
     * (the values of {@code experiments/reproduce.yaml}, one seed).
     */
    public static ExperimentConfig defaults() {
        return new ExperimentConfig(
                "experiment",
                "circular-electronics-nd",
                "training",
                List.of("black-swan"),
                16,
                8,
                List.of(1L),
                List.of(64, 64),
                300,
                4,
                20,
                0.05,
                0.001,
                6,
                6,
                AdaptationConfig.DEFAULT_ONSET_SUPPORT,
                ContinualConfig.Labeller.MPC,
                DaggerConfig.defaults(),
                RolloutSignalConfig.defaults(),
                "stable",
                32,
                30,
                300,
                OuterConsolidationConfig.defaults(),
                HyperNetworkConfig.defaults(),
                List.of("no-action", "heuristic", "backup-rule", "mpc", "oracle"),
                List.of(),
                List.of(24, 30, 36, 42, 48, 54, 60, 66, 72, 84, 96),
                HealthCriteria.defaults());
    }

    /** Loads a YAML file; keys it does not give take their {@link #defaults()}. Errors name file, line and key. */
    public static ExperimentConfig load(Path file) {
        return ConfigLoader.load(file, ExperimentConfig.class, defaults());
    }

    /**
     * This config as its canonical JSON (the run binding's {@code run-config.json}: every key, sorted), which
     * {@link #fromJson} reads back into an equal config: how a config travels to another JVM.
     */
    public String toJson() {
        try {
            return org.moca.infra.RunBinding.canonical(this).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("experiment " + name + ": cannot write the config as JSON", e);
        }
    }

    /**
     * Reads a config written by {@link #toJson}; every key must be present.
     *
     * @param source names the text in error messages
     */
    public static ExperimentConfig fromJson(String json, String source) {
        return ConfigLoader.parse(json, Path.of(source), ExperimentConfig.class).value();
    }

    /**
     * The seed of a seed's test episodes, {@code seed * 1000003 + 17}: a fixed, documented function, so that training
     * tasks (drawn with {@code seed}) and test episodes never share a scenario stream. Recorded in provenance.
     */
    public static long testEpisodeSeed(long seed) {
        return seed * 1_000_003L + 17;
    }

    /** This config with name replaced. */
    public ExperimentConfig withName(String value) {
        return new ExperimentConfig(
                value,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with topology replaced. */
    public ExperimentConfig withTopology(String value) {
        return new ExperimentConfig(
                name,
                value,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with trainFamily replaced. */
    public ExperimentConfig withTrainFamily(String value) {
        return new ExperimentConfig(
                name,
                topology,
                value,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with testFamilies replaced. */
    public ExperimentConfig withTestFamilies(List<String> value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                value,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with trainEpisodes replaced. */
    public ExperimentConfig withTrainEpisodes(int value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                value,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with testEpisodes replaced. */
    public ExperimentConfig withTestEpisodes(int value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                value,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with seeds replaced. */
    public ExperimentConfig withSeeds(List<Long> value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                value,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with hidden replaced. */
    public ExperimentConfig withHidden(List<Integer> value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                value,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with metaIterations replaced. */
    public ExperimentConfig withMetaIterations(int value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                value,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with metaBatch replaced. */
    public ExperimentConfig withMetaBatch(int value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                value,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with innerSteps replaced. */
    public ExperimentConfig withInnerSteps(int value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                value,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with innerLearningRate replaced. */
    public ExperimentConfig withInnerLearningRate(double value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                value,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with outerLearningRate replaced. */
    public ExperimentConfig withOuterLearningRate(double value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                value,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with supportHours replaced. */
    public ExperimentConfig withSupportHours(int value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                value,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with labelHours replaced. */
    public ExperimentConfig withLabelHours(int value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                value,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with onsetSupport replaced. */
    public ExperimentConfig withOnsetSupport(AdaptationConfig.OnsetSupport value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                value,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with trainingLabeller replaced. */
    public ExperimentConfig withTrainingLabeller(ContinualConfig.Labeller value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                value,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with dagger replaced. */
    public ExperimentConfig withDagger(DaggerConfig value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                value,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with rollout replaced. */
    public ExperimentConfig withRollout(RolloutSignalConfig value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                value,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with ppoFamily replaced. */
    public ExperimentConfig withPpoFamily(String value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                value,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with ppoEpisodes replaced. */
    public ExperimentConfig withPpoEpisodes(int value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                value,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with ppoUpdates replaced. */
    public ExperimentConfig withPpoUpdates(int value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                value,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with hyperSteps replaced. */
    public ExperimentConfig withHyperSteps(int value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                value,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with outerConsolidation replaced. */
    public ExperimentConfig withOuterConsolidation(OuterConsolidationConfig value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                value,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with hyper replaced. */
    public ExperimentConfig withHyper(HyperNetworkConfig value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                value,
                methods,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with methods replaced. */
    public ExperimentConfig withMethods(List<String> value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                value,
                pairedReferences,
                sweepWindows,
                health);
    }

    /** This config with pairedReferences replaced. */
    public ExperimentConfig withPairedReferences(List<String> value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                value,
                sweepWindows,
                health);
    }

    /** This config with sweepWindows replaced. */
    public ExperimentConfig withSweepWindows(List<Integer> value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                value,
                health);
    }

    /** This config with health replaced. */
    public ExperimentConfig withHealth(HealthCriteria value) {
        return new ExperimentConfig(
                name,
                topology,
                trainFamily,
                testFamilies,
                trainEpisodes,
                testEpisodes,
                seeds,
                hidden,
                metaIterations,
                metaBatch,
                innerSteps,
                innerLearningRate,
                outerLearningRate,
                supportHours,
                labelHours,
                onsetSupport,
                trainingLabeller,
                dagger,
                rollout,
                ppoFamily,
                ppoEpisodes,
                ppoUpdates,
                hyperSteps,
                outerConsolidation,
                hyper,
                methods,
                pairedReferences,
                sweepWindows,
                value);
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
