package org.moca.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.moca.experiment.ExperimentConfig;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.hyper.AdaptationExample;
import org.moca.hyper.HeadHyperNetwork;
import org.moca.hyper.HyperNetworkConfig;
import org.moca.meta.LearningTask;
import org.moca.meta.Maml;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.meta.SinusoidTaskFamily;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.sim.ActionCodec;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Latency of a K-step gradient adaptation against the hypernetwork's amortized adaptation (context, generator forward,
 * bound, head update), single thread, medians over repetitions after a warm-up, measured interleaved on the same
 * tasks (repetition i times the gradient path, then the two hypernetwork paths, on task i), so a change of machine
 * load hits all three alike: the one measurement the bench prints and notebook 06 plots. Two shapes: the author's
 * (128 -> 256 -> 256 -> 64, 5 steps, 64 support rows) and the experiments' (the reference testbed's state and action,
 * hidden 64-64, 20 steps, 6 support rows, {@link ExperimentConfig#defaults()}).
 */
public final class HyperLatency {
    private HyperLatency() {}

    /**
     * Median latencies in milliseconds.
     *
     * @param gradient     the learner's gradient adaptation into a new policy
     * @param hypernetwork the hypernetwork's adaptation into a new policy
     * @param intoKept     the hypernetwork's adaptation into a kept policy (the real-time path)
     */
    public record Result(double gradient, double hypernetwork, double intoKept) {
        /** How many times faster the new-policy hypernetwork path is than the gradient path. */
        public double speedup() {
            return gradient / hypernetwork;
        }
    }

    /**
     * Measures the three latencies, interleaved, each a median of {@code repetitions} adaptations cycling through
     * {@code pool}.
     */
    public static Result measure(
            MetaLearner<GaussianPolicy> learner, HeadHyperNetwork hyper, List<LearningTask> pool, int repetitions) {
        if (pool.isEmpty()) throw new IllegalArgumentException("pool must hold at least one task");
        GaussianPolicy target = learner.policy().copy();
        Run[] paths = {
            i -> {
                LearningTask t = pool.get(i % pool.size());
                learner.adapt(t.supportStates(), t.supportActions());
            },
            i -> {
                LearningTask t = pool.get(i % pool.size());
                hyper.adapt(t.supportStates(), t.supportActions());
            },
            i -> {
                LearningTask t = pool.get(i % pool.size());
                hyper.adaptInto(t.supportStates(), t.supportActions(), target);
            }
        };
        double[] medians = interleavedMedianMillis(repetitions, paths);
        return new Result(medians[0], medians[1], medians[2]);
    }

    /** The author's shape, on {@code pool}. */
    static void print(List<LearningTask> pool) {
        print("author's shape, 5 steps", LearningBench.authorPolicy(5), MetaLearnerConfig.defaults(), pool);
    }

    /**
     * The experiments' shape: the reference testbed's state and action sizes, {@link ExperimentConfig#defaults()}'s
     * hidden layers, inner steps and rate, support sets of {@code supportHours} rows.
     */
    static void printExperimentShape() {
        ExperimentConfig c = ExperimentConfig.defaults();
        Testbed bed = Testbed.of(ReferenceNetworks.resolve(c.topology(), "topology"));
        int s = new StateEncoder(bed.layout()).dimension(), a = new ActionCodec(bed.layout()).dimension();
        PolicyConfig shape = PolicyConfig.of(
                s, a, c.hidden().stream().mapToInt(Integer::intValue).toArray());
        List<LearningTask> pool = new SinusoidTaskFamily(s, a, c.supportHours(), c.supportHours(), 0.05, 1)
                .sample(LearningBench.TASK_POOL, new SplittableRandom(2), DataType.FLOAT);
        MetaLearnerConfig learner = MetaLearnerConfig.defaults()
                .withInnerSteps(c.innerSteps())
                .withInnerLearningRate(c.innerLearningRate());
        print(
                "experiments' shape " + s + " -> " + c.hidden() + " -> " + a + ", " + c.innerSteps() + " steps, "
                        + c.supportHours() + " support rows",
                GaussianPolicy.initialize(shape, DataType.FLOAT, 5),
                learner,
                pool);
    }

    private static void print(String label, GaussianPolicy policy, MetaLearnerConfig config, List<LearningTask> pool) {
        try (MetaLearner<GaussianPolicy> learner = new Maml<>(policy, config)) {
            List<AdaptationExample> examples = new ArrayList<>();
            for (LearningTask t : pool) {
                GaussianPolicy adapted = learner.adapt(t.supportStates(), t.supportActions());
                examples.add(AdaptationExample.of(learner.policy(), adapted, t.supportStates(), t.supportActions()));
            }
            HeadHyperNetwork hyper = new HeadHyperNetwork(learner.policy(), HyperNetworkConfig.defaults(), 6);
            hyper.fit(examples, 50, new SplittableRandom(7));

            Result r = measure(learner, hyper, pool, 200);
            double gradient = r.gradient(), amortized = r.hypernetwork(), reused = r.intoKept();
            System.out.printf("%s, interleaved medians of 200:%n", label);
            System.out.printf("  %d-step gradient adaptation (new policy): %.3f ms%n", config.innerSteps(), gradient);
            System.out.printf(
                    "  bounded hypernetwork adaptation (%d generator parameters, head-only rank-%d deltas): "
                            + "new policy %.3f ms (%.1fx faster), into a kept policy %.3f ms (%.1fx faster)%n",
                    hyper.numParameters(),
                    HyperNetworkConfig.defaults().rank(),
                    amortized,
                    gradient / amortized,
                    reused,
                    gradient / reused);
        }
    }

    /** One timed call. */
    public interface Run {
        void run(int i);
    }

    /**
     * The median wall times in milliseconds of {@code repetitions} calls of each of {@code runs}, interleaved
     * (repetition i calls every run once, in order), after min(20, repetitions) warm-up rounds.
     */
    public static double[] interleavedMedianMillis(int repetitions, Run... runs) {
        if (repetitions < 1) throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        for (int i = 0; i < Math.min(20, repetitions); i++) for (Run r : runs) r.run(i);
        double[][] ms = new double[runs.length][repetitions];
        for (int i = 0; i < repetitions; i++) {
            for (int k = 0; k < runs.length; k++) {
                long start = System.nanoTime();
                runs[k].run(i);
                ms[k][i] = (System.nanoTime() - start) / 1e6;
            }
        }
        double[] medians = new double[runs.length];
        for (int k = 0; k < runs.length; k++) {
            Arrays.sort(ms[k]);
            medians[k] = ms[k][repetitions / 2];
        }
        return medians;
    }

    /** The median wall time in milliseconds of {@code repetitions} calls, after min(20, repetitions) warm-up calls. */
    public static double medianMillis(int repetitions, Run run) {
        if (repetitions < 1) throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        for (int i = 0; i < Math.min(20, repetitions); i++) run.run(i);
        double[] ms = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            run.run(i);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repetitions / 2];
    }
}
