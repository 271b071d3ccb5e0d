package org.moca.agent;

import java.util.List;
import java.util.Objects;

/**
 * The loss matrix of a continual run, and the workbench's one definition of each of the two standard measures of what
 * a stream of tasks did to the earlier ones: forgetting and backward transfer.
 *
 * <p>The stream is a sequence of T disruptions; each belongs to one of F families (a family may recur; with distinct
 * tasks, F = T and {@code stream[i] = i}: {@link #ofTasks}). {@code loss[i][f]} is the imitation loss (mean negative
 * log-likelihood of an expert's actions) on family {@code f}'s evaluation data after adapting through disruptions
 * {@code 0..i}. Lower is better; where the papers use a score (accuracy) it is {@code R = -loss}. Family {@code f} is
 * <em>met</em> by disruption {@code i} if {@code stream[l] == f} for some {@code l <= i}; {@code first(f)} is the
 * first such {@code l}. Only entries of met families enter a measure; the others may be NaN (a measure that
 * reads a NaN is NaN, never a silently wrong number).
 *
 * <ul>
 *   <li><b>Forgetting</b> (A. Chaudhry, P. K. Dokania, T. Ajanthan, P. H. S. Torr, "Riemannian walk for incremental
 *   learning: understanding forgetting and intransigence", ECCV 2018; arXiv:1801.10112): the forgetting of task j after
 *   task k is {@code f_j^k = max_{l < k} a_{l,j} - a_{k,j}}, the drop of j's score from the best it had, and the
 *   average forgetting after task k is the mean of {@code f_j^k} over the tasks j met before k. Here the tasks are
 *   the families, a the score R, and the best is taken since the family was first met (a task has no score before it
 *   is learned): after disruption {@code i}, for every family {@code f} met in {@code 0..i-1} other than
 *   {@code stream[i]} (the one being learned), {@code max_{first(f) <= l < i} R[l][f] - R[i][f] = loss[i][f] -
 *   min_{first(f) <= l < i} loss[l][f]}, averaged over those families. Positive: the family is worse than it has
 *   been; negative: the stream made it better than ever (not clipped at 0, as in the paper).</li>
 *   <li><b>Backward transfer</b> (D. Lopez-Paz, M. Ranzato, "Gradient episodic memory for continual learning",
 *   NeurIPS 2017): with the disruptions as the tasks, after disruption {@code i},
 *   {@code BWT_i = 1/i sum_{j<i} (R[i][stream[j]] - R[j][stream[j]])}: how the rest of the stream changed each
 *   earlier disruption's family since it was just learned; {@code BWT = BWT_(T-1)}. Negative = forgetting, positive
 *   = later disruptions helped the earlier families. Its negative, the mean rise of each earlier task's loss since
 *   it was learned, is sometimes also called forgetting; it is not Chaudhry's measure, which counts from the best
 *   score, not the just-learned one, so the two differ whenever a task improved after it was learned.</li>
 * </ul>
 *
 * <p>Running time: O(T F) for one forgetting value, O(T^2 F) for the whole curve, O(T) for one BWT value.
 *
 * @param families family names, one per column
 * @param stream   family index of each disruption, one per row
 * @param loss     {@code loss[i][f]}, T rows of F values
 */
public record ContinualScores(List<String> families, int[] stream, double[][] loss) {

    public ContinualScores {
        families = List.copyOf(Objects.requireNonNull(families, "families"));
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(loss, "loss");
        if (loss.length != stream.length)
            throw new IllegalArgumentException(
                    "loss must have one row per disruption (" + stream.length + "), got " + loss.length);
        for (int i = 0; i < loss.length; i++) {
            if (loss[i].length != families.size()) {
                throw new IllegalArgumentException("loss row " + i + " must have one value per family ("
                        + families.size() + "), got " + loss[i].length);
            }
            if (stream[i] < 0 || stream[i] >= families.size())
                throw new IllegalArgumentException("stream[" + i + "] is not a family index: " + stream[i]);
        }
    }

    /**
     * The scores of a stream of distinct tasks, each met once in order: {@code loss[i][j]} is the loss of task
     * {@code j} after task {@code i} (the upper triangle, {@code j > i}, is not used and may be NaN).
     *
     * @param tasks one name per task (its column and its row)
     */
    public static ContinualScores ofTasks(List<String> tasks, double[][] loss) {
        int[] stream = new int[tasks.size()];
        for (int i = 0; i < stream.length; i++) stream[i] = i;
        return new ContinualScores(tasks, stream, loss);
    }

    /** Number of disruptions T. */
    public int length() {
        return stream.length;
    }

    /** Chaudhry forgetting after disruption {@code i}: mean over the earlier families; NaN when there is none. */
    public double forgettingAfter(int i) {
        double sum = 0;
        int n = 0;
        for (int f = 0; f < families.size(); f++) {
            if (f == stream[i]) continue;
            double best = Double.POSITIVE_INFINITY;
            boolean met = false;
            for (int l = 0; l < i; l++) {
                met |= stream[l] == f;
                if (met) best = Math.min(best, loss[l][f]);
            }
            if (!met) continue;
            sum += loss[i][f] - best;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** {@link #forgettingAfter} for every disruption (NaN at 0). */
    public double[] forgetting() {
        double[] out = new double[length()];
        for (int i = 0; i < out.length; i++) out[i] = forgettingAfter(i);
        return out;
    }

    /** Lopez-Paz &amp; Ranzato's backward transfer after disruption {@code i}, in score units; NaN at 0. */
    public double backwardTransferAfter(int i) {
        if (i < 1) return Double.NaN;
        double sum = 0;
        for (int j = 0; j < i; j++) sum += loss[j][stream[j]] - loss[i][stream[j]];
        return sum / i;
    }

    /** The backward transfer of the whole stream, {@link #backwardTransferAfter} at T-1; NaN for one disruption. */
    public double backwardTransfer() {
        return backwardTransferAfter(length() - 1);
    }

    /** Mean loss over the families met in {@code 0..i}, after disruption {@code i}. */
    public double averageSeenLoss(int i) {
        boolean[] met = new boolean[families.size()];
        for (int l = 0; l <= i; l++) met[stream[l]] = true;
        double sum = 0;
        int n = 0;
        for (int f = 0; f < met.length; f++)
            if (met[f]) {
                sum += loss[i][f];
                n++;
            }
        return sum / n;
    }

    /** Mean loss of each disruption's family right after it (plasticity: how well each new disruption is fitted). */
    public double learnedLoss() {
        double sum = 0;
        for (int j = 0; j < length(); j++) sum += loss[j][stream[j]];
        return sum / length();
    }
}
