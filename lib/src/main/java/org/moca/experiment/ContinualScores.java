package org.moca.experiment;

import java.util.List;
import java.util.Objects;

/**
 * The loss matrix of a continual run over a stream of disruptions from a few families, and the two standard measures
 * of what the stream did to the earlier families.
 *
 * <p>{@code loss[i][f]} is the imitation loss (mean negative log-likelihood of the oracle's actions) on family
 * {@code f}'s held-out episodes after adapting through disruptions {@code 0..i}; {@code stream[i]} is the family of
 * disruption {@code i}. Lower is better; where a score is needed it is {@code R = -loss}.
 *
 * <ul>
 *   <li><b>Forgetting</b> (A. Chaudhry, P. Dokania, T. Ajanthan, P. Torr, "Riemannian walk for incremental learning",
 *   ECCV 2018): after disruption {@code i}, for every earlier family {@code f} (met in {@code 0..i-1}, other than
 *   {@code stream[i]}), the drop of its score from the best it had since it was first met,
 *   {@code max_{first(f) <= l < i} R[l][f] - R[i][f] = loss[i][f] - min_l loss[l][f]}, averaged over those families.
 *   Positive: the family is worse than it has been; negative: the stream made it better than ever (a family's
 *   forgetting is not clipped at 0, as in Chaudhry et al.).</li>
 *   <li><b>Backward transfer</b> (D. Lopez-Paz, M. Ranzato, "Gradient episodic memory for continual learning",
 *   NeurIPS 2017): with tasks = the disruptions, {@code BWT = 1/(T-1) sum_{j<T-1} (R[T-1][stream[j]] - R[j][stream[j]])}:
 *   how much the rest of the stream changed each disruption's family since it was just learned. Negative = forgetting,
 *   positive = later disruptions helped the earlier families.</li>
 * </ul>
 *
 * <p>Running time: O(T^2 F) for the whole forgetting curve, O(T) for BWT.
 *
 * @param families family names, one per column
 * @param stream   family index of each disruption, one per row
 * @param loss     {@code loss[i][f]}, T rows of F finite values
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

    /** {@link #forgettingAfter} for every disruption. */
    public double[] forgetting() {
        double[] out = new double[length()];
        for (int i = 0; i < out.length; i++) out[i] = forgettingAfter(i);
        return out;
    }

    /** Lopez-Paz &amp; Ranzato's backward transfer in score units ({@code R = -loss}); NaN for a single disruption. */
    public double backwardTransfer() {
        int last = length() - 1;
        if (last < 1) return Double.NaN;
        double sum = 0;
        for (int j = 0; j < last; j++) sum += loss[j][stream[j]] - loss[last][stream[j]];
        return sum / last;
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
