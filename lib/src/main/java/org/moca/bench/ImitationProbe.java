package org.moca.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.moca.agent.Training;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.infra.ProgressTracker;
import org.moca.meta.LearningTask;
import org.moca.meta.Maml;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.meta.MetaLearners;
import org.moca.opt.OraclePolicy;
import org.moca.opt.WindowLpConfig;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.ActionCodec;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * How well each initialization imitates the oracle after adaptation: the held-out query loss (Gaussian NLL of the
 * oracle's 6-hour-mean labels, hours 6 to 48 after onset) of every learner's policy before and after its K inner steps
 * on the support set (hours 0 to 6). Set beside the recovery rates of {@code ./moca reproduce --full}, it shows whether
 * the imitation loss the learners minimize ranks them the way recovery does (experiments/REPRODUCTION.md).
 *
 * <pre>  OMP_NUM_THREADS=1 java -cp ... org.moca.bench.ImitationProbe [trainTasks=20] [heldOut=4] [iterations=300] [seed=1]</pre>
 *
 * Settings are the reproduce experiments' learner settings: a 64-64 policy, meta-batch 4, K = 20 inner steps at 0.05,
 * outer Adam at 0.001. Labelling the tasks with the oracle dominates the running time (a few seconds per episode).
 */
public final class ImitationProbe {

    private ImitationProbe() {}

    public static void main(String[] args) {
        int trainTasks = arg(args, 0, 20), heldOut = arg(args, 1, 4), iterations = arg(args, 2, 300);
        long seed = arg(args, 3, 1);
        Testbed bed = Testbed.of(ReferenceNetworks.circularElectronicsNd());
        Supplier<RecoveryPolicy> oracle = () -> new OraclePolicy(WindowLpConfig.defaults(), bed.criteria());
        List<LearningTask> tasks;
        try (ProgressTracker bar = ProgressTracker.console("oracle labels", trainTasks + heldOut)) {
            tasks = Training.tasks(
                    bed.runner(),
                    bed.episodes(ScenarioFamilies.training(), trainTasks + heldOut, seed),
                    oracle,
                    6,
                    bed.criteria().windowHours(),
                    DataType.FLOAT,
                    bar);
        }
        List<LearningTask> train = tasks.subList(0, tasks.size() - heldOut),
                held = tasks.subList(tasks.size() - heldOut, tasks.size());
        PolicyConfig shape = PolicyConfig.of(
                new StateEncoder(bed.layout()).dimension(), new ActionCodec(bed.layout()).dimension(), 64, 64);
        MetaLearnerConfig config = MetaLearnerConfig.defaults()
                .withInnerSteps(20)
                .withInnerLearningRate(0.05)
                .withOuterLearningRate(0.001);
        System.out.printf(
                "%d training tasks, %d held out, %d iterations, seed %d%n",
                train.size(), held.size(), iterations, seed);
        System.out.printf(
                "%-10s %14s %22s %20s%n", "init", "final train", "held-out NLL unadapted", "held-out NLL adapted");

        GaussianPolicy pretrained = GaussianPolicy.initialize(shape, DataType.FLOAT, seed);
        double[] curve = Training.multiTask(
                pretrained, train, iterations, 4, config.outerLearningRate(), new SplittableRandom(seed), null);
        try (MetaLearner<GaussianPolicy> fineTuner = new Maml<>(pretrained, config)) {
            report("multitask", curve, fineTuner, held);
        }
        for (String name : MetaLearners.NAMES) {
            try (MetaLearner<GaussianPolicy> learner =
                    MetaLearners.create(name, GaussianPolicy.initialize(shape, DataType.FLOAT, seed), config)) {
                report(
                        name,
                        Training.metaTrain(learner, train, iterations, 4, new SplittableRandom(seed), null),
                        learner,
                        held);
            }
        }
    }

    private static void report(
            String name, double[] curve, MetaLearner<GaussianPolicy> learner, List<LearningTask> held) {
        double unadapted = held.stream()
                .mapToDouble(t -> learner.policy().negativeLogLikelihood(t.queryStates(), t.queryActions()))
                .average()
                .orElse(Double.NaN);
        System.out.printf(
                "%-10s %14.3f %22.3f %20.3f%n",
                name, curve[curve.length - 1], unadapted, Training.adaptedQueryLoss(learner, held));
    }

    private static int arg(String[] args, int i, int fallback) {
        if (args.length <= i) return fallback;
        try {
            return Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + (i + 1) + " must be an integer, got " + args[i], e);
        }
    }
}
