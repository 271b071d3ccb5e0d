package org.moca.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.moca.agent.AdaptationConfig;
import org.moca.agent.AdaptivePolicy;
import org.moca.agent.RolloutSignalConfig;
import org.moca.experiment.ExperimentConfig;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.meta.FirstOrderMaml;
import org.moca.meta.Maml;
import org.moca.meta.MetaLearner;
import org.moca.meta.MetaLearnerConfig;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What one hour's decision costs a deployed policy inside the recovery window, everything included: the MPC (one LP
 * solve per hour), MOCA on imitation (a forward per hour, an MPC plan at onset and for every online label, SGD steps
 * every few hours), MOCA on the rollout objective (a forward per hour, K rollout steps at onset, rollout steps on
 * replayed starts every few hours, no LP) and the rollout-pretrained policy (a forward per hour). Wall time of every
 * {@code act} call from onset to onset + 48 h on black-swan episodes of the reference network, the policies
 * interleaved episode by episode (episode i runs every policy before episode i + 1), single thread, after one warm-up
 * episode each. Printed per policy: the median hour, the onset hour (median over episodes), the mean hour (the
 * window's total over its hours: what a decision costs on average) and the slowest hour. The policies' weights are a
 * fresh initialization of the experiments' shape (64-64): latency does not depend on what was learned.
 *
 * <p>Usage: {@code DecisionLatency [episodes]} (default 6).
 */
public final class DecisionLatency {

    private DecisionLatency() {}

    /** Per-hour wall times of one policy, in milliseconds. */
    public record Timings(String policy, double medianHour, double onsetHour, double meanHour, double maxHour) {}

    /** A policy that records the wall time of each of its decisions from onset until onset + window. */
    private static final class Timed implements RecoveryPolicy {
        final RecoveryPolicy inner;
        final int window;
        final List<double[]> episodes = new ArrayList<>(); // per episode: ms per window hour
        double[] current;
        int onset;

        Timed(RecoveryPolicy inner, int window) {
            this.inner = inner;
            this.window = window;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void reset(Episode episode) {
            inner.reset(episode);
            onset = episode.scenario().onset();
            current = new double[window];
            episodes.add(current);
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            long t0 = System.nanoTime();
            Controls c = inner.act(view, observed);
            long dt = System.nanoTime() - t0;
            int k = view.hour() - onset;
            if (k >= 0 && k < window) current[k] = dt / 1e6;
            return c;
        }
    }

    /** Measures the policies made by {@code policies} on {@code episodes}, interleaved; the first episode warms up. */
    public static List<Timings> measure(
            Testbed bed, Map<String, Supplier<RecoveryPolicy>> policies, List<Episode> episodes, int window) {
        Map<String, Timed> timed = new LinkedHashMap<>();
        for (var e : policies.entrySet())
            timed.put(e.getKey(), new Timed(e.getValue().get(), window));
        for (Episode e : episodes) for (Timed t : timed.values()) bed.runner().run(e, t);
        List<Timings> out = new ArrayList<>();
        for (var e : timed.entrySet()) {
            List<double[]> eps =
                    e.getValue().episodes.subList(1, e.getValue().episodes.size()); // warm-up dropped
            double[] all = eps.stream().flatMapToDouble(Arrays::stream).toArray();
            double[] onsets = eps.stream().mapToDouble(h -> h[0]).toArray();
            out.add(new Timings(
                    e.getKey(),
                    median(all),
                    median(onsets),
                    Arrays.stream(all).average().orElse(Double.NaN),
                    Arrays.stream(all).max().orElse(Double.NaN)));
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    public static void main(String[] args) {
        int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        if (episodes < 2)
            throw new IllegalArgumentException("episodes must be >= 2 (the first warms up), got " + episodes);
        Testbed bed = Testbed.of(ReferenceNetworks.circularElectronicsNd());
        ExperimentConfig cfg = ExperimentConfig.defaults();
        RolloutSignalConfig rollout = cfg.rollout();
        int s = new StateEncoder(bed.layout()).dimension(), a = new ActionCodec(bed.layout()).dimension();
        GaussianPolicy policy = GaussianPolicy.initialize(
                PolicyConfig.of(
                        s, a, cfg.hidden().stream().mapToInt(Integer::intValue).toArray()),
                DataType.FLOAT,
                1);
        MetaLearnerConfig imitation = MetaLearnerConfig.defaults()
                .withInnerSteps(cfg.innerSteps())
                .withInnerLearningRate(cfg.innerLearningRate());
        MetaLearner<GaussianPolicy> maml = new Maml<>(policy, imitation);
        MetaLearner<GaussianPolicy> fomaml = new FirstOrderMaml<>(
                policy,
                MetaLearnerConfig.defaults()
                        .withInnerSteps(rollout.innerSteps())
                        .withInnerLearningRate(rollout.innerLearningRate()));
        Supplier<RecoveryPolicy> mpc = () -> new MpcExpertPolicy(MpcConfig.defaults(), bed.criteria());
        Map<String, Supplier<RecoveryPolicy>> policies = new LinkedHashMap<>();
        policies.put("mpc", mpc);
        policies.put(
                "moca (imitation)",
                () -> new AdaptivePolicy("moca", maml, null, mpc.get(), AdaptationConfig.moca(), 1));
        AdaptationConfig onRollout = AdaptationConfig.moca().withSignal(AdaptationConfig.Signal.ROLLOUT);
        policies.put(
                "moca-rollout",
                () -> new AdaptivePolicy(
                        "moca-rollout", fomaml, null, mpc.get(), onRollout, 1, rollout, bed.criteria()));
        policies.put(
                "maml-rollout",
                () -> new AdaptivePolicy(
                        "maml-rollout",
                        fomaml,
                        null,
                        mpc.get(),
                        onRollout.withOnline(false),
                        1,
                        rollout,
                        bed.criteria()));
        policies.put(
                "rollout-pretrained",
                () -> new AdaptivePolicy(
                        "rollout-pretrained",
                        fomaml,
                        null,
                        mpc.get(),
                        onRollout.withOnline(false).withAdaptation(AdaptationConfig.Adaptation.NONE),
                        1,
                        rollout,
                        bed.criteria()));
        List<Episode> eps = bed.episodes(ScenarioFamilies.blackSwan(), episodes, 1);
        int window = bed.criteria().windowHours();
        System.out.printf(
                Locale.ROOT,
                "DecisionLatency: %d black-swan episodes (first one warm-up), %d window hours each, interleaved,"
                        + " OMP_NUM_THREADS=%s; ms per decision%n",
                episodes,
                window,
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        System.out.printf(
                Locale.ROOT,
                "%-20s %12s %12s %12s %12s%n",
                "policy",
                "median hour",
                "onset hour",
                "mean hour",
                "max hour");
        for (Timings t : measure(bed, policies, eps, window)) {
            System.out.printf(
                    Locale.ROOT,
                    "%-20s %12.3f %12.2f %12.2f %12.2f%n",
                    t.policy(),
                    t.medianHour(),
                    t.onsetHour(),
                    t.meanHour(),
                    t.maxHour());
        }
        maml.close();
        fomaml.close();
    }
}
