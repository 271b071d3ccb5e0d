package org.moca.experiment;

import java.util.ArrayList;
import java.util.List;
import org.moca.agent.ContinualRun;
import org.moca.agent.ContinualScores;
import org.moca.infra.ProgressTracker;
import org.moca.meta.ConsolidationPenalty;
import org.moca.meta.EwcConsolidation;
import org.moca.meta.L2Consolidation;
import org.moca.policy.GaussianPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One arm of the continual experiment on one seed's data: from the meta-parameters, a {@link ContinualRun} through the
 * stream under the arm's consolidation penalty (anchored at the meta-parameters), the held-out losses of every family
 * after each disruption, and the closed-loop evaluation. Running time: {@code T (K + onlineSteps)} SGD steps,
 * {@code (T + 1) F} loss evaluations and {@code (T + F) closedLoopEpisodes} simulated episodes.
 */
final class ContinualStream {

    private ContinualStream() {}

    /** Runs {@code arm} through the stream from {@code meta} (not modified); one progress step per disruption. */
    static ContinualTrial run(
            ContinualConfig config,
            Testbed bed,
            ContinualData data,
            GaussianPolicy meta,
            ContinualConfig.Arm arm,
            ProgressTracker bar) {
        ContinualRun run = new ContinualRun(meta, config.onsetSteps(), config.onlineConfig(), penalty(arm, meta, data));
        int t = config.disruptions(), nf = config.families().size();
        boolean closedLoop = config.closedLoopEpisodes() > 0;
        double[] start = data.losses(run.policy());
        double[][] loss = new double[t][];
        int[] stream = new int[t];
        List<ContinualClosedLoop.Outcome> afterEach = new ArrayList<>(), atEnd = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            stream[i] = config.familyOf(i);
            run.adaptTo(data.stream.get(i));
            loss[i] = data.losses(run.policy());
            if (closedLoop) afterEach.add(closedLoop(bed, data, run.policy(), stream[i]));
            if (bar != null) bar.step();
        }
        for (int f = 0; closedLoop && f < nf; f++) atEnd.add(closedLoop(bed, data, run.policy(), f));
        return new ContinualTrial(start, new ContinualScores(config.families(), stream, loss), afterEach, atEnd);
    }

    private static ContinualClosedLoop.Outcome closedLoop(
            Testbed bed, ContinualData data, GaussianPolicy policy, int family) {
        return ContinualClosedLoop.evaluate(
                bed.runner(), policy, data.heldOut.get(family).closedLoop());
    }

    /** The arm's penalty anchored at the meta-parameters, or null for plain fine-tuning. */
    static ConsolidationPenalty penalty(ContinualConfig.Arm arm, GaussianPolicy meta, ContinualData data) {
        return switch (arm.consolidation()) {
            case NONE -> null;
            case L2 -> L2Consolidation.anchoredAt(meta, arm.lambda());
            case EWC -> {
                INDArray[] fisherData = data.trainingData();
                yield EwcConsolidation.anchoredAt(meta, fisherData[0], fisherData[1], arm.lambda());
            }
        };
    }
}
