package org.moca.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.moca.hyper.AdaptationExample;
import org.moca.hyper.HeadHyperNetwork;
import org.moca.hyper.HyperNetworkConfig;
import org.moca.meta.LearningTask;
import org.moca.meta.Maml;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.policy.GaussianPolicy;

/**
 * Latency of a K-step gradient adaptation against the hypernetwork's amortized adaptation (context, generator forward,
 * head update), single thread, medians over repetitions after a warm-up, measured interleaved on the same tasks: the
 * one measurement the bench prints and notebook 06 plots.
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

    /** Measures the three latencies, each a median of {@code repetitions} adaptations cycling through {@code pool}. */
    public static Result measure(
            MetaLearner learner, HeadHyperNetwork hyper, List<LearningTask> pool, int repetitions) {
        if (pool.isEmpty()) throw new IllegalArgumentException("pool must hold at least one task");
        double gradient = medianMillis(repetitions, i -> {
            LearningTask t = pool.get(i % pool.size());
            learner.adapt(t.supportStates(), t.supportActions());
        });
        double amortized = medianMillis(repetitions, i -> {
            LearningTask t = pool.get(i % pool.size());
            hyper.adapt(t.supportStates(), t.supportActions());
        });
        GaussianPolicy target = learner.policy().copy();
        double reused = medianMillis(repetitions, i -> {
            LearningTask t = pool.get(i % pool.size());
            hyper.adaptInto(t.supportStates(), t.supportActions(), target);
        });
        return new Result(gradient, amortized, reused);
    }

    static void print(List<LearningTask> pool) {
        try (MetaLearner learner = new Maml(LearningBench.authorPolicy(5), MetaLearnerConfig.defaults())) {
            List<AdaptationExample> examples = new ArrayList<>();
            for (LearningTask t : pool) {
                GaussianPolicy adapted = learner.adapt(t.supportStates(), t.supportActions());
                examples.add(AdaptationExample.of(learner.policy(), adapted, t.supportStates(), t.supportActions()));
            }
            HeadHyperNetwork hyper = new HeadHyperNetwork(learner.policy(), HyperNetworkConfig.defaults(), 6);
            hyper.fit(examples, 50, new SplittableRandom(7));

            Result r = measure(learner, hyper, pool, 200);
            double gradient = r.gradient(), amortized = r.hypernetwork(), reused = r.intoKept();
            System.out.printf("5-step gradient adaptation (new policy): median %.2f ms%n", gradient);
            System.out.printf(
                    "hypernetwork adaptation (%d generator parameters, head-only rank-%d deltas): "
                            + "new policy median %.3f ms (%.0fx faster), into a kept policy %.3f ms (%.0fx faster)%n",
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
