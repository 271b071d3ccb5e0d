package org.moca.experiment;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.moca.graph.ReferenceNetworks;
import org.moca.infra.Progress;
import org.moca.infra.ProgressListener;
import org.moca.infra.ProgressTracker;
import org.moca.infra.RunBinding;
import org.moca.meta.MetaLearner;
import org.moca.policy.GaussianPolicy;
import org.moca.sim.RecoveryCriteria;

/**
 * The {@link TrialEngine.Work} of a {@link ContinualExperiment} on an engine that computes elsewhere: an (arm, seed)
 * trial ({@link TrialSpec} with the arm as its method) through the stream, returned as the CSV text of its two files.
 * It travels as the configuration's canonical JSON and rebuilds the default experts; in each JVM a seed's data and
 * meta-trained learner are made once and shared by its arms, as in {@link ContinualExperiment#run}, and one arm of a
 * seed runs at a time (they share the learner).
 */
final class ContinualTrials implements TrialEngine.Work<TrialSpec, ContinualTrials.Output> {
    private static final long serialVersionUID = 1L;

    /**
     * A finished (arm, seed) trial: the CSV text of its loss matrix and closed-loop files.
     *
     * @param spec       the arm (as {@code method}) and the seed
     * @param lossMatrix {@code trials/<arm>__seed<k>.csv}
     * @param closedLoop {@code closed-loop/<arm>__seed<k>.csv}
     */
    record Output(TrialSpec spec, String lossMatrix, String closedLoop) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Each JVM's prepared seeds, per configuration (the newest configuration only). */
    private static final Map<String, Map<Long, Seed>> SEEDS = new LinkedHashMap<>();

    private static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onProgress(Progress p) {}

        @Override
        public void onFinish(Progress p) {}
    };

    /** A seed's data and meta-trained learner, shared by its arms. */
    private static final class Seed {
        ContinualData data;
        MetaLearner<GaussianPolicy> learner;
    }

    private final String configJson;

    ContinualTrials(ContinualConfig config) {
        try {
            this.configJson = RunBinding.canonical(Objects.requireNonNull(config, "config"))
                    .toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Output run(TrialSpec trial) throws IOException {
        ContinualConfig config = org.moca.infra.ConfigLoader.parse(
                        configJson, Path.of("run-config.json"), ContinualConfig.class)
                .value();
        ContinualConfig.Arm arm = config.arms().stream()
                .filter(a -> a.name().equals(trial.method()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "trial " + trial + ": arm " + trial.method() + " is not in the configuration's arms"));
        Seed seed = seed(trial.seed());
        synchronized (seed) {
            Testbed bed = Testbed.of(ReferenceNetworks.resolve(config.topology(), "topology"));
            ExperimentRunner.Experts experts = ExperimentRunner.Experts.defaults(RecoveryCriteria.defaults());
            try (ProgressTracker quiet = new ProgressTracker(config.name(), 1, QUIET)) {
                if (seed.data == null) {
                    ContinualSeeds seeds =
                            ContinualSeeds.of(trial.seed(), config.families().size());
                    seed.data = ContinualData.prepare(bed, config, experts, seeds, quiet);
                    seed.learner = ContinualExperiment.metaTrain(config, bed, seed.data, seeds, quiet);
                }
                ContinualTrial t = ContinualStream.run(config, bed, seed.data, seed.learner.policy(), arm, quiet);
                return new Output(trial, ContinualFiles.lossCsv(t), ContinualFiles.closedLoopCsv(t));
            }
        }
    }

    private Seed seed(long seed) {
        synchronized (SEEDS) {
            if (!SEEDS.containsKey(configJson)) {
                for (Map<Long, Seed> old : SEEDS.values()) {
                    for (Seed s : old.values()) if (s.learner != null) s.learner.close();
                }
                SEEDS.clear();
                SEEDS.put(configJson, new LinkedHashMap<>());
            }
            return SEEDS.get(configJson).computeIfAbsent(seed, s -> new Seed());
        }
    }
}
