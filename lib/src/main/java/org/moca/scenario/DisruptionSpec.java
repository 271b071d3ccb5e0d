package org.moca.scenario;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
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
 * @param onsetDelay    [min, max] hours after the scenario's onset at which this disruption starts
 */
public record DisruptionSpec(
        DisruptionType type, List<String> targets, double[] severity, int[] duration, int[] onsetDelay) {

    public DisruptionSpec {
        Objects.requireNonNull(type, "type");
        targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
        if (targets.isEmpty()) throw new IllegalArgumentException("targets: expected at least one facility or lane id");
        severity = range("severity", severity);
        duration = intRange("duration", duration, 1);
        onsetDelay = onsetDelay == null ? new int[] {0, 0} : intRange("onsetDelay", onsetDelay, 0);
        // a disruption with extreme parameters must still be valid: check both ends now, not at sampling time
        new Disruption(type, targets.get(0), 0, duration[0], severity[0]);
        new Disruption(type, targets.get(0), 0, duration[1], severity[1]);
    }

    private static double[] range(String field, double[] r) {
        if (r == null || r.length != 2 || !(r[0] <= r[1])) {
            throw new IllegalArgumentException(field + ": expected [min, max] with min <= max");
        }
        return r.clone();
    }

    private static int[] intRange(String field, int[] r, int lowest) {
        if (r == null || r.length != 2 || r[0] > r[1] || r[0] < lowest) {
            throw new IllegalArgumentException(
                    field + ": expected [min, max] whole hours with " + lowest + " <= min <= max");
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
