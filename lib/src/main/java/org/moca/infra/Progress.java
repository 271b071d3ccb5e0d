package org.moca.infra;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a loop's progress, and its one-line rendering:
 * <pre>
 *   meta-train [##########----------] 50/100  50%  12.5/s  elapsed 0:04  ETA 0:04
 * </pre>
 *
 * @param label        what is being counted
 * @param done         units done, 0 to total
 * @param total        units in all, positive
 * @param elapsedNanos time since the loop started
 */
public record Progress(String label, long done, long total, long elapsedNanos) {

    public Progress {
        Objects.requireNonNull(label, "label");
        if (total < 1) throw new IllegalArgumentException("total must be a positive count, got " + total);
        if (done < 0) throw new IllegalArgumentException("done must be non-negative, got " + done);
        if (elapsedNanos < 0)
            throw new IllegalArgumentException("elapsedNanos must be non-negative, got " + elapsedNanos);
    }

    /** Share done, in [0, 1] (a loop may overshoot its announced total; the share is then capped). */
    public double fraction() {
        return Math.min(1.0, (double) done / total);
    }

    /** Units per second so far; 0 before any time has passed. */
    public double ratePerSecond() {
        return elapsedNanos == 0 ? 0 : done / (elapsedNanos / 1e9);
    }

    /** Estimated time left at the average rate so far; empty before the first unit is done. */
    public Optional<Duration> eta() {
        if (done == 0 || elapsedNanos == 0) return Optional.empty();
        long left = Math.max(0, total - done);
        return Optional.of(Duration.ofNanos((long) (elapsedNanos * ((double) left / done))));
    }

    /** The line, with a bar of {@code barWidth} characters (0 for no bar). */
    public String render(int barWidth) {
        StringBuilder s = new StringBuilder(label);
        if (barWidth > 0) {
            int filled = (int) Math.floor(fraction() * barWidth);
            s.append(" [")
                    .append("#".repeat(filled))
                    .append("-".repeat(barWidth - filled))
                    .append(']');
        }
        s.append(String.format(
                Locale.ROOT,
                " %d/%d %3d%%  %s/s  elapsed %s  ETA %s",
                done,
                total,
                (int) Math.floor(100 * fraction()),
                rate(ratePerSecond()),
                clock(Duration.ofNanos(elapsedNanos)),
                eta().map(Progress::clock).orElse("--:--")));
        return s.toString();
    }

    private static String rate(double r) {
        if (r >= 100) return String.format(Locale.ROOT, "%.0f", r);
        if (r >= 10) return String.format(Locale.ROOT, "%.1f", r);
        return String.format(Locale.ROOT, "%.2f", r);
    }

    /** H:MM:SS, or M:SS under an hour. */
    static String clock(Duration d) {
        long seconds = d.toSeconds();
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long sec = seconds % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
