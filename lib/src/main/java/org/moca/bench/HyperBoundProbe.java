package org.moca.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.moca.agent.Training;
import org.moca.experiment.ExperimentConfig;
import org.moca.experiment.ExperimentRunner;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.hyper.HeadHyperNetwork;
import org.moca.meta.LearningTask;
import org.moca.meta.Maml;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;
import org.moca.sim.ActionCodec;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Not a speed bench: how far the hypernetwork's head deltas reach on the reference testbed, with and without the
 * bound, against the deltas gradient adaptation makes on the same support sets. MAML is meta-trained with
 * {@link ExperimentConfig#defaults()}'s learner settings on oracle-labelled training tasks of one seed, the
 * hypernetwork fitted to its training adaptations; the same is then read on oracle-labelled tasks of each test family
 * (what the oracle would do there, the supports the protocol labels).
 *
 * <pre>  java -cp ... org.moca.bench.HyperBoundProbe [seed] [metaIterations]</pre>
 */
public final class HyperBoundProbe {
    private HyperBoundProbe() {}

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
        ExperimentConfig c = ExperimentConfig.defaults();
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : c.metaIterations();
        Testbed bed = Testbed.of(ReferenceNetworks.resolve(c.topology(), "topology"));
        ExperimentRunner.Experts experts = ExperimentRunner.Experts.defaults(bed.criteria());
        List<LearningTask> train = tasks(
                bed, experts, c, ScenarioFamilies.resolve(c.trainFamily(), "trainFamily"), c.trainEpisodes(), seed);
        int s = new StateEncoder(bed.layout()).dimension(), a = new ActionCodec(bed.layout()).dimension();
        GaussianPolicy policy = GaussianPolicy.initialize(
                PolicyConfig.of(
                        s, a, c.hidden().stream().mapToInt(Integer::intValue).toArray()),
                DataType.FLOAT,
                seed);
        MetaLearnerConfig lc = MetaLearnerConfig.defaults()
                .withInnerSteps(c.innerSteps())
                .withInnerLearningRate(c.innerLearningRate())
                .withOuterLearningRate(c.outerLearningRate());
        try (MetaLearner<GaussianPolicy> learner = new Maml<>(policy, lc)) {
            Training.metaTrain(learner, train, iterations, c.metaBatch(), new SplittableRandom(seed), null);
            HeadHyperNetwork bounded = new HeadHyperNetwork(learner.policy(), c.hyper(), seed);
            HeadHyperNetwork unbounded =
                    new HeadHyperNetwork(learner.policy(), c.hyper().withDeltaBoundScale(1e12), seed);
            Training.fitHypernetwork(bounded, learner, train, c.hyperSteps(), new SplittableRandom(seed));
            Training.fitHypernetwork(unbounded, learner, train, c.hyperSteps(), new SplittableRandom(seed));
            System.out.printf(
                    "seed %d, %d meta-iterations, bound R = %.4f (largest training delta norm x %.2f)%n",
                    seed, iterations, bounded.deltaBound(), c.hyper().deltaBoundScale());
            report("train " + c.trainFamily(), learner, bounded, unbounded, train);
            for (String f : c.testFamilies()) {
                ScenarioFamily family = ScenarioFamilies.resolve(f, "testFamilies");
                report(
                        "test " + f,
                        learner,
                        bounded,
                        unbounded,
                        tasks(bed, experts, c, family, c.testEpisodes(), ExperimentConfig.testEpisodeSeed(seed)));
            }
        }
    }

    private static List<LearningTask> tasks(
            Testbed bed,
            ExperimentRunner.Experts experts,
            ExperimentConfig c,
            ScenarioFamily family,
            int n,
            long seed) {
        return Training.tasks(
                bed.runner(),
                bed.episodes(family, n, seed),
                experts.oracle(),
                c.supportHours(),
                bed.criteria().windowHours(),
                c.labelHours(),
                DataType.FLOAT,
                null);
    }

    private static void report(
            String label,
            MetaLearner<GaussianPolicy> learner,
            HeadHyperNetwork bounded,
            HeadHyperNetwork unbounded,
            List<LearningTask> tasks) {
        GaussianPolicy base = learner.policy();
        List<double[]> rows = new ArrayList<>();
        int clipped = 0;
        for (LearningTask t : tasks) {
            INDArray gd = headDelta(base, learner.adapt(t.supportStates(), t.supportActions()));
            INDArray ud = headDelta(base, unbounded.adapt(t.supportStates(), t.supportActions()));
            double g = gd.norm2Number().doubleValue(), u = ud.norm2Number().doubleValue();
            double b = headDelta(base, bounded.adapt(t.supportStates(), t.supportActions()))
                    .norm2Number()
                    .doubleValue();
            if (b < u * (1 - 1e-6)) clipped++;
            double cosine = gd.mul(ud).sumNumber().doubleValue() / (g * u);
            rows.add(new double[] {g, u, b, cosine});
        }
        System.out.printf(
                "%-28s %2d tasks: head-delta norm median [max]  gradient %.4f [%.4f]  hyper unbounded %.4f [%.4f]"
                        + "  bounded %.4f [%.4f]  clipped %d  cosine(hyper, gradient) median %.3f%n",
                label,
                tasks.size(),
                median(rows, 0),
                max(rows, 0),
                median(rows, 1),
                max(rows, 1),
                median(rows, 2),
                max(rows, 2),
                clipped,
                median(rows, 3));
    }

    private static INDArray headDelta(GaussianPolicy base, GaussianPolicy adapted) {
        return base.layout().headView(adapted.parameterView()).sub(base.layout().headView(base.parameterView()));
    }

    private static double median(List<double[]> rows, int k) {
        double[] v = rows.stream().mapToDouble(r -> r[k]).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    private static double max(List<double[]> rows, int k) {
        return Arrays.stream(rows.stream().mapToDouble(r -> r[k]).toArray())
                .max()
                .orElse(Double.NaN);
    }
}
