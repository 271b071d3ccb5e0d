package org.moca.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.moca.agent.Training;
import org.moca.infra.ProgressTracker;
import org.moca.meta.LearningTask;
import org.moca.policy.GaussianPolicy;
import org.moca.scenario.Episode;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the arms of one seed of the continual experiment share, so that they see the same data: the meta-training
 * tasks (oracle labels), the stream's labelled disruptions, and per family the held-out evaluation set (oracle labels)
 * and the episodes run closed loop.
 *
 * <p>Every labelling is {@link Training#tasks}: the expert acts in its own trajectory through the window, its
 * controls averaged over {@code labelHours} are the labels, the first {@code supportHours} after onset are the support
 * set and the rest of the window the query set. The stream's disruption {@code i} is the next unused episode of family
 * {@code i mod F}, labelled by the configured labeller (the MPC by default: only what is known at each hour). Seeds:
 * {@link ContinualSeeds}.
 *
 * <p>Running time: one expert run per meta-training episode, per disruption and per held-out episode (an MPC run is
 * one LP solve per hour of the window, an oracle run one LP).
 */
final class ContinualData {

    /**
     * One family's held-out evaluation data.
     *
     * @param states     the support and query states of every held-out episode, stacked
     * @param actions    the oracle's actions for them
     * @param closedLoop the first {@code closedLoopEpisodes} held-out episodes, run closed loop
     */
    record HeldOut(INDArray states, INDArray actions, List<Episode> closedLoop) {
        /** The imitation loss of {@code policy} on this family (mean NLL of the oracle's actions). */
        double loss(GaussianPolicy policy) {
            return policy.negativeLogLikelihood(states, actions);
        }
    }

    final List<LearningTask> training;
    final List<LearningTask> stream;
    final List<HeldOut> heldOut;

    private ContinualData(List<LearningTask> training, List<LearningTask> stream, List<HeldOut> heldOut) {
        this.training = List.copyOf(training);
        this.stream = List.copyOf(stream);
        this.heldOut = List.copyOf(heldOut);
    }

    /** Samples and labels one seed's data; one progress step per labelled episode. */
    static ContinualData prepare(
            Testbed bed,
            ContinualConfig config,
            ExperimentRunner.Experts experts,
            ContinualSeeds seeds,
            ProgressTracker bar) {
        Objects.requireNonNull(experts, "experts");
        int nf = config.families().size();
        List<ScenarioFamily> families = new ArrayList<>();
        ScenarioFamilies.Use use = new ScenarioFamilies.Use(
                config.topology(), bed.network(), bed.criteria().windowHours());
        for (int f = 0; f < nf; f++)
            families.add(ScenarioFamilies.resolve(config.families().get(f), "families[" + f + "]", use));
        Labelling oracle = new Labelling(bed, config, experts.oracle(), bar);
        List<LearningTask> training = oracle.tasks(bed.episodes(
                ScenarioFamilies.resolve(config.trainFamily(), "trainFamily", use),
                config.trainEpisodes(),
                seeds.trainEpisodes()));

        List<List<Episode>> streamEpisodes = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            int occurrences = (config.disruptions() - f + nf - 1) / nf; // disruptions i < T with i mod F == f
            streamEpisodes.add(
                    bed.episodes(families.get(f), occurrences, seeds.stream().get(f)));
        }
        Labelling labeller = new Labelling(
                bed, config, config.labeller() == ContinualConfig.Labeller.MPC ? experts.mpc() : experts.oracle(), bar);
        int[] met = new int[nf];
        List<LearningTask> stream = new ArrayList<>();
        for (int i = 0; i < config.disruptions(); i++) {
            int f = config.familyOf(i);
            stream.add(labeller.task(streamEpisodes.get(f).get(met[f]++)));
        }

        List<HeldOut> heldOut = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            List<Episode> episodes = bed.episodes(
                    families.get(f), config.heldOutEpisodes(), seeds.heldOut().get(f));
            INDArray[] labelled = stack(episodes.stream().map(oracle::task).toList());
            heldOut.add(new HeldOut(labelled[0], labelled[1], episodes.subList(0, config.closedLoopEpisodes())));
        }
        return new ContinualData(training, stream, heldOut);
    }

    /** The held-out loss of every family, in the config's order. */
    double[] losses(GaussianPolicy policy) {
        double[] out = new double[heldOut.size()];
        for (int f = 0; f < out.length; f++) out[f] = heldOut.get(f).loss(policy);
        return out;
    }

    /** The meta-training tasks' support and query data, stacked: {states, actions} (EWC's Fisher is taken on it). */
    INDArray[] trainingData() {
        return stack(training);
    }

    /** Every task's support and query rows, stacked: {states, actions}. */
    private static INDArray[] stack(List<LearningTask> tasks) {
        List<INDArray> s = new ArrayList<>(), a = new ArrayList<>();
        for (LearningTask task : tasks) {
            s.add(task.supportStates());
            s.add(task.queryStates());
            a.add(task.supportActions());
            a.add(task.queryActions());
        }
        return new INDArray[] {Nd4j.vstack(s.toArray(INDArray[]::new)), Nd4j.vstack(a.toArray(INDArray[]::new))};
    }

    /** One expert labelling episodes the experiment's way. */
    private record Labelling(
            Testbed bed, ContinualConfig config, Supplier<RecoveryPolicy> expert, ProgressTracker bar) {
        List<LearningTask> tasks(List<Episode> episodes) {
            return Training.tasks(
                    bed.runner(),
                    episodes,
                    expert,
                    config.supportHours(),
                    bed.criteria().windowHours(),
                    config.labelHours(),
                    DataType.FLOAT,
                    bar);
        }

        /** The task of one episode, which must have labelled support and query hours. */
        LearningTask task(Episode e) {
            List<LearningTask> tasks = tasks(List.of(e));
            if (tasks.size() != 1)
                throw new IllegalStateException(
                        "episode " + e.scenario().label() + " gave no labelled support and query hours");
            return tasks.get(0);
        }
    }
}
