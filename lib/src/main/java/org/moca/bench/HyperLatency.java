package org.moca.bench;

import java.util.Arrays;
import java.util.List;
import org.moca.meta.LearningTask;
import org.moca.meta.Maml;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;

/** Latency of a 5-step gradient adaptation against the hypernetwork's amortized adaptation. */
final class HyperLatency {
    private HyperLatency() {
    }

    static void print(List<LearningTask> pool) {
        try (MetaLearner learner = new Maml(LearningBench.authorPolicy(5), MetaLearnerConfig.defaults())) {
            double gradient = medianMillis(200, i -> {
                LearningTask t = pool.get(i % pool.size());
                learner.adapt(t.supportStates(), t.supportActions());
            });
            System.out.printf("5-step gradient adaptation: median %.2f ms%n", gradient);
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
