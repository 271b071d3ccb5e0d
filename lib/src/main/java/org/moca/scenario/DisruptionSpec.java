package org.moca.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.moca.infra.ConfigLoader;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;

/**
 * A distribution over one disruption: its type, a target drawn uniformly from {@code targets}, and severity, duration
 * and onset delay (hours after the episode's onset) drawn uniformly from their closed ranges.
 *
 * @param type          the kind of disruption
 * @param targets       facility or lane ids to draw the target from (non-empty)
 * @param severity      [min, max] severity
 * @param duration      [min, max] duration in hours
 * @param onsetDelay    [min, max] hours after the scenario's onset at which this disruption starts ([0, 0] when
 *                      absent from a family file)
 */
public record DisruptionSpec(
        DisruptionType type,
        List<String> targets,
        double[] severity,
        int[] duration,
        @ConfigLoader.Default("[0, 0]") int[] onsetDelay) {

    public DisruptionSpec {
        Objects.requireNonNull(type, "type");
        targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
        if (targets.isEmpty()) throw new IllegalArgumentException("targets must list at least one facility or lane id");
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).isBlank())
                throw new IllegalArgumentException("targets[" + i + "] must be a facility or lane id, got ''");
        }
        if (targets.stream().distinct().count() != targets.size())
            throw new IllegalArgumentException(
                    "targets must not repeat an id (a repeat doubles its chance), got " + targets);
        severity = range("severity", severity);
        duration = intRange("duration", duration, 1);
        onsetDelay = onsetDelay == null ? new int[] {0, 0} : intRange("onsetDelay", onsetDelay, 0);
        // a disruption with extreme parameters must still be valid: check both ends now, not at sampling time
        for (int end = 0; end < 2; end++) {
            try {
                new Disruption(type, targets.get(0), 0, duration[end], severity[end]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "severity " + Arrays.toString(severity) + " is out of range for " + type + " (" + e.getMessage()
                                + ")",
                        e);
            }
        }
    }

    private static double[] range(String field, double[] r) {
        if (r == null || r.length != 2 || !(r[0] <= r[1]) || !Double.isFinite(r[0]) || !Double.isFinite(r[1])) {
            throw new IllegalArgumentException(
                    field + " must be [min, max] with min <= max, got " + (r == null ? "nothing" : Arrays.toString(r)));
        }
        return r.clone();
    }

    private static int[] intRange(String field, int[] r, int lowest) {
        if (r == null || r.length != 2 || r[0] > r[1] || r[0] < lowest) {
            throw new IllegalArgumentException(field + " must be [min, max] whole hours with " + lowest
                    + " <= min <= max, got " + (r == null ? "nothing" : Arrays.toString(r)));
        }
        return r.clone();
    }

    /** Draws one disruption starting {@code onset} hours (plus the drawn delay) into the episode. */
    public Disruption sample(int onset, SplittableRandom rng) {
        String target = targets.get(rng.nextInt(targets.size()));
        double sev =
                severity[0] == severity[1] ? severity[0] : severity[0] + (severity[1] - severity[0]) * rng.nextDouble();
        int dur = duration[0] + rng.nextInt(duration[1] - duration[0] + 1);
        int delay = onsetDelay[0] + rng.nextInt(onsetDelay[1] - onsetDelay[0] + 1);
        return new Disruption(type, target, onset + delay, dur, sev);
    }
}
