package org.moca.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.moca.infra.ProgressTracker;
import org.moca.meta.LearningTask;
import org.moca.meta.MetaLearner;
import org.moca.opt.PlanningPolicy;
import org.moca.policy.GaussianPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DAgger-style meta-training (Ross, Gordon and Bagnell 2011, "A reduction of imitation learning and structured
 * prediction to no-regret online learning", AISTATS): the learner is trained on the states it visits itself, labelled
 * by the expert, not only on the expert's own trajectory — the distribution shift of behaviour cloning, whose errors
 * compound over the horizon (O(T^2 eps) against DAgger's O(T eps) in the paper's analysis).
 *
 * <p>Algorithm, as implemented ({@link DaggerConfig} holds the numbers):
 *
 * <ol>
 *   <li>Round 0: meta-train on the expert's demonstrations ({@code metaIterations} outer steps, exactly as plain
 *       meta-training: with {@code rounds = 0} the result equals it bitwise).
 *   <li>Round i = 1..rounds: draw {@code ceil(rolloutShare * n)} of the n training episodes (a fresh seeded draw per
 *       round). Roll each out with the mixture {@code beta_i * expert + (1 - beta_i) * learner}, where the learner is
 *       the current meta-policy <em>adapted as at deployment</em> (an {@link AdaptivePolicy} with the method's
 *       {@link AdaptationConfig} and the deployment expert as its labeller) and, every hour after onset, the expert's
 *       controls replace the learner's with probability {@code beta_i}. The state of every hour of the window is
 *       relabelled by the training labeller ({@link StateLabeller}) and cut into a task like the demonstrations:
 *       support = the first {@code supportHours} after onset, query = the rest of the window.
 *   <li>Aggregate: each rolled-out episode adds one task per round (the aggregate keeps every earlier task), then the
 *       learner continues meta-training for {@code roundIterations} outer steps on meta-batches drawn uniformly from
 *       the aggregate.
 * </ol>
 *
 * <p>One task per (episode, round) rather than the union of an episode's rows: a task's support and query come from
 * one trajectory, as at deployment, where the policy adapts on the support it saw and then acts on the states that
 * follow; a union would give the inner loop support sets several trajectories long, unlike any it meets deployed.
 *
 * <p>Cost per round: {@code window} expert labels per rolled-out episode (with the MPC as both labeller and
 * deployment expert, one solve per hour serves the support label, the relabelling and the mixture's control:
 * {@link SharedPlanner}), plus {@code roundIterations} outer steps. Deterministic given its inputs and {@code rng}.
 */
public final class Dagger {

    private Dagger() {}

    /**
     * What one round did.
     *
     * @param round       0 for the demonstrations
     * @param beta        the expert's share of control in its rollouts
     * @param episodes    episodes rolled out (round 0: demonstration tasks)
     * @param tasks       tasks added to the aggregate
     * @param rows        labelled states added (support and query rows)
     * @param expertHours rollout hours in which the expert's controls were applied
     * @param hours       rollout hours after onset in all
     * @param aggregate   tasks in the aggregate after the round
     */
    public record Round(
            int round, double beta, int episodes, int tasks, int rows, int expertHours, int hours, int aggregate) {}

    /**
     * The outcome of DAgger meta-training.
     *
     * @param aggregate the final aggregate of tasks (the demonstrations first, then each round's, in order)
     * @param rounds    one entry per round, round 0 first
     * @param curve     the mean query loss of every outer step, all rounds in order
     */
    public record Result(List<LearningTask> aggregate, List<Round> rounds, double[] curve) {}

    /**
     * Meta-trains {@code learner} by DAgger (the class comment), in place.
     *
     * @param learner        the meta-learner; its policy is the meta-policy that is rolled out and trained
     * @param demonstrations round 0's tasks (the expert's own trajectories)
     * @param episodes       the training episodes to roll out
     * @param expert         the deployment expert (the rollouts' support labeller, and the mixture's expert)
     * @param relabeller     the training labeller; pass the same supplier as {@code expert} to label with the
     *                       deployment expert itself (then one instance per episode serves both, planning once per
     *                       hour)
     * @param adaptation     how the rolled-out learner adapts (the deployment's config; its support and label hours cut
     *                       and label the new tasks)
     * @param window         hours after onset that are labelled (the recovery window)
     * @param seed           the deployed policy's seed ({@link AdaptivePolicy}), as at deployment
     * @param progress       counts episodes and outer steps; may be null
     */
    public static Result train(
            MetaLearner<GaussianPolicy> learner,
            List<LearningTask> demonstrations,
            List<Episode> episodes,
            EpisodeRunner runner,
            Supplier<RecoveryPolicy> expert,
            Supplier<RecoveryPolicy> relabeller,
            AdaptationConfig adaptation,
            DaggerConfig config,
            int window,
            int metaIterations,
            int metaBatch,
            SplittableRandom rng,
            long seed,
            ProgressTracker progress) {
        Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(expert, "expert");
        Objects.requireNonNull(relabeller, "relabeller");
        Objects.requireNonNull(adaptation, "adaptation");
        Objects.requireNonNull(config, "config");
        if (episodes.isEmpty() && config.rounds() > 0) throw new IllegalArgumentException("no episodes to roll out");
        if (window < adaptation.supportHours() + 1)
            throw new IllegalArgumentException("window " + window + " h leaves no query hour after "
                    + adaptation.supportHours() + " support hours");
        List<LearningTask> aggregate = new ArrayList<>(demonstrations);
        List<Round> rounds = new ArrayList<>();
        List<double[]> curves = new ArrayList<>();
        int rows0 = demonstrations.stream()
                .mapToInt(t -> t.supportStates().rows() + t.queryStates().rows())
                .sum();
        curves.add(Training.metaTrain(learner, aggregate, metaIterations, metaBatch, rng, progress));
        rounds.add(new Round(0, 1.0, demonstrations.size(), demonstrations.size(), rows0, 0, 0, aggregate.size()));
        for (int i = 1; i <= config.rounds(); i++) {
            SplittableRandom roundRng = rng.split();
            double beta = config.beta(i);
            int added = 0, rows = 0, expertHours = 0, hours = 0;
            List<Episode> chosen = choose(episodes, config.episodesPerRound(episodes.size()), roundRng);
            for (Episode e : chosen) {
                Rollout r = rollout(
                        runner, e, learner, expert, relabeller, adaptation, beta, roundRng.nextLong(), window, seed);
                int onset = e.scenario().onset();
                // cut as deployment adapts: under protocol v2 the support is the episode's onset support set (the same
                // for every policy: before onset the nominal plan runs), the query the learner's visited window
                var task = Training.task(
                        r.demonstrations(),
                        Training.onsetSupport(runner, e, expert, adaptation),
                        onset,
                        adaptation.supportHours(),
                        window,
                        DataType.FLOAT);
                if (task.isPresent()) {
                    aggregate.add(task.get());
                    added++;
                    rows += r.demonstrations().size();
                }
                expertHours += r.expertHours();
                hours += r.hours();
                if (progress != null) progress.step();
            }
            curves.add(Training.metaTrain(learner, aggregate, config.roundIterations(), metaBatch, rng, progress));
            rounds.add(new Round(i, beta, chosen.size(), added, rows, expertHours, hours, aggregate.size()));
        }
        return new Result(List.copyOf(aggregate), List.copyOf(rounds), concat(curves));
    }

    /** The outer steps and rolled-out episodes {@link #train} reports to its progress tracker. */
    public static long progressUnits(DaggerConfig config, int episodes, int metaIterations) {
        long perRound = config.rounds() == 0 ? 0 : config.episodesPerRound(episodes) + (long) config.roundIterations();
        return metaIterations + config.rounds() * perRound;
    }

    /**
     * One rollout of a round.
     *
     * @param demonstrations the visited states of the window, relabelled by the training labeller
     * @param expertHours    hours in which the expert's controls were applied
     * @param hours          hours after onset (the policy's decisions)
     */
    record Rollout(Demonstrations demonstrations, int expertHours, int hours) {}

    /**
     * Rolls the mixture of the adapted learner and the expert out on one episode and relabels the window's states.
     *
     * @param coinSeed seeds the hourly choice between expert and learner
     */
    static Rollout rollout(
            EpisodeRunner runner,
            Episode episode,
            MetaLearner<GaussianPolicy> learner,
            Supplier<RecoveryPolicy> expert,
            Supplier<RecoveryPolicy> relabeller,
            AdaptationConfig adaptation,
            double beta,
            long coinSeed,
            int window,
            long seed) {
        RecoveryPolicy x = expert.get();
        RecoveryPolicy deploymentExpert = x instanceof PlanningPolicy p ? new SharedPlanner(p) : x;
        StateLabeller labeller =
                StateLabeller.of(relabeller == expert ? deploymentExpert : relabeller.get(), adaptation.labelHours());
        Mixture mixture = new Mixture(
                new AdaptivePolicy("dagger", learner, null, deploymentExpert, adaptation, seed),
                deploymentExpert,
                beta,
                coinSeed);
        int onset = episode.scenario().onset();
        Demonstrations d = Demonstrations.labelled(
                runner, episode, mixture, labeller, onset, onset + window, adaptation.stateLayout());
        return new Rollout(d, mixture.expertHours, mixture.hours);
    }

    /** {@code k} of the episodes, drawn without replacement (a partial Fisher-Yates shuffle), in their original order. */
    private static List<Episode> choose(List<Episode> episodes, int k, SplittableRandom rng) {
        int n = episodes.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        int[] picked = java.util.Arrays.copyOf(idx, k);
        java.util.Arrays.sort(picked);
        List<Episode> out = new ArrayList<>(k);
        for (int i : picked) out.add(episodes.get(i));
        return out;
    }

    private static double[] concat(List<double[]> parts) {
        double[] out = new double[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * DAgger's mixture policy {@code beta * expert + (1 - beta) * learner}: every hour the learner decides (it keeps its
     * own state: support labels, adaptation, online updates), and with probability {@code beta} the expert's controls
     * are applied instead.
     */
    static final class Mixture implements RecoveryPolicy {
        private final RecoveryPolicy learner;
        private final RecoveryPolicy expert;
        private final double beta;
        private final long coinSeed;
        private SplittableRandom coin;
        int expertHours;
        int hours;

        Mixture(RecoveryPolicy learner, RecoveryPolicy expert, double beta, long coinSeed) {
            this.learner = Objects.requireNonNull(learner, "learner");
            this.expert = Objects.requireNonNull(expert, "expert");
            if (!(beta >= 0 && beta <= 1)) throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
            this.beta = beta;
            this.coinSeed = coinSeed;
        }

        @Override
        public String name() {
            return "dagger-mixture";
        }

        @Override
        public void reset(Episode episode) {
            learner.reset(episode);
            expert.reset(episode); // a second reset of the learner's labeller forgets nothing: nothing is planned yet
            coin = new SplittableRandom(coinSeed);
            expertHours = 0;
            hours = 0;
        }

        @Override
        public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
            Controls own = learner.act(view, observed);
            hours++;
            if (beta > 0 && coin.nextDouble() < beta) {
                expertHours++;
                return expert.act(view, observed);
            }
            return own;
        }
    }
}
