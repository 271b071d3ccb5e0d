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
 * Latency of a 5-step gradient adaptation against the hypernetwork's amortized adaptation (context, generator
 * forward, head update, both returning a new policy), single thread, median of 200.
 */
final class HyperLatency {
    private HyperLatency() {}

    static void print(List<LearningTask> pool) {
        try (MetaLearner learner = new Maml(LearningBench.authorPolicy(5), MetaLearnerConfig.defaults())) {
            List<AdaptationExample> examples = new ArrayList<>();
            for (LearningTask t : pool) {
                GaussianPolicy adapted = learner.adapt(t.supportStates(), t.supportActions());
                examples.add(AdaptationExample.of(learner.policy(), adapted, t.supportStates(), t.supportActions()));
            }
            HeadHyperNetwork hyper = new HeadHyperNetwork(learner.policy(), HyperNetworkConfig.defaults(), 6);
            hyper.fit(examples, 50, new SplittableRandom(7));

            double gradient = medianMillis(200, i -> {
                LearningTask t = pool.get(i % pool.size());
                learner.adapt(t.supportStates(), t.supportActions());
            });
            double amortized = medianMillis(200, i -> {
                LearningTask t = pool.get(i % pool.size());
                hyper.adapt(t.supportStates(), t.supportActions());
            });
            GaussianPolicy target = learner.policy().copy();
            double reused = medianMillis(200, i -> {
                LearningTask t = pool.get(i % pool.size());
                hyper.adaptInto(t.supportStates(), t.supportActions(), target);
            });
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

    interface Run {
        void run(int i);
    }

    static double medianMillis(int repetitions, Run run) {
        for (int i = 0; i < 20; i++) run.run(i);
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
