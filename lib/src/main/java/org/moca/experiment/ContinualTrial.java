package org.moca.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.moca.agent.ContinualScores;
import org.moca.infra.Stats;

/**
 * What one (arm, seed) of the continual experiment measured: the held-out losses at the meta-parameters, the loss
 * matrix after every disruption, and (with closed-loop episodes) what the frozen weights did right after each
 * disruption on its family and, after the last one, on every family.
 *
 * @param start     held-out loss of every family at the meta-parameters, before the stream
 * @param scores    the loss matrix after each disruption, with the stream's families
 * @param afterEach closed loop on disruption {@code i}'s family right after it, one per disruption (empty: off)
 * @param atEnd     closed loop on every family after the last disruption, one per family (empty: off)
 */
record ContinualTrial(
        double[] start,
        ContinualScores scores,
        List<ContinualClosedLoop.Outcome> afterEach,
        List<ContinualClosedLoop.Outcome> atEnd) {

    ContinualTrial {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(scores, "scores");
        afterEach = List.copyOf(afterEach);
        atEnd = List.copyOf(atEnd);
        int nf = scores.families().size();
        if (start.length != nf)
            throw new IllegalArgumentException("start must hold one loss per family (" + nf + "), got " + start.length);
        if (afterEach.isEmpty() != atEnd.isEmpty()
                || (!afterEach.isEmpty() && (afterEach.size() != scores.length() || atEnd.size() != nf))) {
            throw new IllegalArgumentException("closed loop: expected one outcome per disruption (" + scores.length()
                    + ") and one per family (" + nf + "), or none, got " + afterEach.size() + " and " + atEnd.size());
        }
    }

    boolean hasClosedLoop() {
        return !atEnd.isEmpty();
    }

    /** Mean of the start row: the loss at the meta-parameters averaged over the families. */
    double startLoss() {
        return Stats.mean(start);
    }

    /**
     * The closed-loop counterpart of the loss matrix, for {@link ContinualScores#backwardTransfer()} with R = fulfilled
     * share: row {@code j < T-1} holds {@code -share} of disruption j's family right after it, the last row
     * {@code -share} of every family at the end (the loss is {@code -R}); the other entries are NaN, which that measure
     * does not read.
     */
    ContinualScores closedLoopScores() {
        int t = scores.length(), nf = scores.families().size();
        double[][] negatedShare = new double[t][nf];
        for (double[] row : negatedShare) Arrays.fill(row, Double.NaN);
        for (int j = 0; j < t - 1; j++)
            negatedShare[j][scores.stream()[j]] = -afterEach.get(j).fulfilledShare();
        for (int f = 0; f < nf; f++) negatedShare[t - 1][f] = -atEnd.get(f).fulfilledShare();
        return new ContinualScores(scores.families(), scores.stream(), negatedShare);
    }
}
