package org.moca.experiment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.moca.graph.ReferenceNetworks;
import org.moca.infra.AtomicFiles;
import org.moca.meta.LearningTask;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;

/**
 * Computes an experiment's trials in this JVM: trains the method in its seed's {@link Methods.Context} and evaluates
 * it on the seed's episodes of every test family, returning the trial's two files as bytes ({@link TrialOutput}).
 *
 * <p>The contexts of the last {@code keptSeeds} seeds used are kept, so that the methods of one seed share what they
 * share when they run in one JVM (the seed's training tasks; MOCA and its ablations share MAML's meta-training). What
 * a context caches is a pure function of the configuration and the seed, so a trial's bytes do not depend on which
 * trials ran before it in the same JVM, nor on the order (the engines' equivalence tests check it).
 *
 * <p>Thread-safe: trials of different seeds run in parallel; trials of one seed run one at a time, because its methods
 * share the seed's learners (MOCA's ablations adapt MAML's meta-learner, whose buffers are reused). An engine that
 * runs trials in parallel should therefore interleave the seeds.
 */
public final class TrialWorker {

    private final ExperimentConfig config;
    private final ExperimentRunner.Experts experts;
    private final Testbed bed;
    private final ScenarioFamily train;
    private final List<ScenarioFamily> tests;
    private final int keptSeeds;
    private final Map<Long, SeedState> seeds;

    /** A seed's training context and test episodes (drawn on first use). */
    private static final class SeedState {
        final Methods.Context context;
        Map<String, List<Episode>> testEpisodes;

        SeedState(Methods.Context context) {
            this.context = context;
        }
    }

    /**
     * A worker; resolves the topology and every family, checking them against the network (errors name the config
     * key).
     *
     * @param keptSeeds how many seeds' contexts to keep (at least 1): 1 for an engine that runs the seeds in order,
     *                  more for one that runs several seeds' trials at once
     */
    public TrialWorker(ExperimentConfig config, ExperimentRunner.Experts experts, int keptSeeds) {
        this.config = Objects.requireNonNull(config, "config");
        this.experts = Objects.requireNonNull(experts, "experts");
        if (keptSeeds < 1) throw new IllegalArgumentException("keptSeeds: expected at least 1, got " + keptSeeds);
        this.keptSeeds = keptSeeds;
        this.bed = Testbed.of(ReferenceNetworks.resolve(config.topology(), "topology"));
        this.train = ScenarioFamilies.resolve(config.trainFamily(), "trainFamily", use(bed));
        List<ScenarioFamily> families = new ArrayList<>();
        for (int i = 0; i < config.testFamilies().size(); i++) {
            ScenarioFamily f =
                    ScenarioFamilies.resolve(config.testFamilies().get(i), "testFamilies[" + i + "]", use(bed));
            for (int j = 0; j < i; j++) {
                if (families.get(j).name().equals(f.name()))
                    throw new IllegalArgumentException("testFamilies[" + i + "] ("
                            + config.testFamilies().get(i)
                            + ") is named " + f.name() + " like testFamilies[" + j + "]; tables are keyed by family"
                            + " name, expected distinct names");
            }
            families.add(f);
        }
        this.tests = List.copyOf(families);
        if (config.methods().contains("ppo")) ScenarioFamilies.resolve(config.ppoFamily(), "ppoFamily", use(bed));
        this.seeds = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, SeedState> eldest) {
                return size() > TrialWorker.this.keptSeeds;
            }
        };
    }

    public ExperimentConfig config() {
        return config;
    }

    public ExperimentRunner.Experts experts() {
        return experts;
    }

    public Testbed testbed() {
        return bed;
    }

    /** The test families, in config order. */
    public List<ScenarioFamily> testFamilies() {
        return tests;
    }

    /** Runs one trial: trains {@code spec}'s method for its seed (if it learns) and evaluates it. */
    public TrialOutput run(TrialSpec spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        if (!config.methods().contains(spec.method()))
            throw new IllegalArgumentException("trial " + spec + ": method " + spec.method() + " is not in the"
                    + " configuration's methods " + config.methods());
        if (!config.seeds().contains(spec.seed()))
            throw new IllegalArgumentException("trial " + spec + ": seed " + spec.seed() + " is not in the"
                    + " configuration's seeds " + config.seeds());
        long t0 = System.nanoTime();
        SeedState state = seed(spec.seed());
        List<TrialTable.Row> rows = new ArrayList<>();
        List<EpisodeRunner.Result> results = new ArrayList<>();
        List<String> families = new ArrayList<>();
        // one trial of a seed at a time: its methods share the context's learners, whose buffers are not thread-safe
        synchronized (state) {
            if (state.testEpisodes == null) state.testEpisodes = testEpisodes(spec.seed());
            Supplier<RecoveryPolicy> factory = Methods.recipe(spec.method()).prepare(state.context);
            EpisodeRunner runner = bed.runner();
            for (Map.Entry<String, List<Episode>> e : state.testEpisodes.entrySet()) {
                for (Episode episode : e.getValue()) {
                    EpisodeRunner.Result r = runner.run(episode, factory.get());
                    rows.add(TrialTable.row(spec.method(), spec.seed(), e.getKey(), r));
                    results.add(r);
                    families.add(e.getKey());
                }
            }
        }
        byte[] trial = bytes(out -> TrialTable.writeTo(TrialTable.table(rows), out));
        byte[] curves = bytes(out -> TrialTable.writeCurvesTo(TrialTable.curves(families, results), out));
        return new TrialOutput(spec, trial, curves, (System.nanoTime() - t0) / 1e9);
    }

    private SeedState seed(long seed) {
        synchronized (seeds) {
            return seeds.computeIfAbsent(
                    seed,
                    s -> new SeedState(new Methods.Context(
                            bed, config, s, ExperimentRunner.memo(() -> trainingTasks(s)), experts)));
        }
    }

    private List<LearningTask> trainingTasks(long seed) {
        return ExperimentRunner.trainingTasks(
                bed, config, experts, ExperimentRunner.trainingEpisodes(bed, train, config, seed));
    }

    /** Each test family's episodes of one seed, drawn with {@link ExperimentConfig#testEpisodeSeed}. */
    private Map<String, List<Episode>> testEpisodes(long seed) {
        Map<String, List<Episode>> out = new LinkedHashMap<>();
        for (ScenarioFamily f : tests) {
            out.put(f.name(), bed.episodes(f, config.testEpisodes(), ExperimentConfig.testEpisodeSeed(seed)));
        }
        return out;
    }

    /** Where this experiment's families are used: its topology, the bed's network and recovery window. */
    private ScenarioFamilies.Use use(Testbed testbed) {
        return new ScenarioFamilies.Use(
                config.topology(), testbed.network(), testbed.criteria().windowHours());
    }

    private static byte[] bytes(AtomicFiles.StreamWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(out);
        return out.toByteArray();
    }
}
