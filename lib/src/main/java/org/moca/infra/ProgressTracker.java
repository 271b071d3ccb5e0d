package org.moca.infra;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts the units of a long loop and tells a {@link ProgressListener}, at most every 100 ms and once at the end.
 * {@link #step()} is thread-safe and cheap (one atomic add and a clock read), so workers may call it directly.
 *
 * <pre>
 *   try (ProgressTracker bar = ProgressTracker.console("episodes", n)) {
 *       for (...) { ...; bar.step(); }
 *   }
 * </pre>
 * {@link #console} redraws one line with a carriage return on a terminal ({@code System.console() != null}) and
 * otherwise (CI logs, notebooks, redirected output) prints a plain line at every 10% so that logs stay readable.
 */
public final class ProgressTracker implements AutoCloseable {

    /** Least time between two notifications of the listener. */
    public static final long DEFAULT_INTERVAL_MILLIS = 100;

    private final String label;
    private final long total;
    private final ProgressListener listener;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final long startNanos;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastNotice;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A bar that tells {@code listener}, timed by {@link System#nanoTime()}. */
    public ProgressTracker(String label, long total, ProgressListener listener) {
        this(label, total, listener, System::nanoTime, TimeUnit.MILLISECONDS.toNanos(DEFAULT_INTERVAL_MILLIS));
    }

    /** For tests and special displays: an explicit clock (nanoseconds) and least interval between notifications. */
    public ProgressTracker(
            String label, long total, ProgressListener listener, LongSupplier clock, long intervalNanos) {
        this.label = Objects.requireNonNull(label, "label");
        if (total < 1) throw new IllegalArgumentException("total must be a positive count, got " + total);
        this.total = total;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (intervalNanos < 0)
            throw new IllegalArgumentException("intervalNanos must be non-negative, got " + intervalNanos);
        this.intervalNanos = intervalNanos;
        this.startNanos = clock.getAsLong();
        this.lastNotice = new AtomicLong(startNanos - intervalNanos);
    }

    /** A bar on standard error: a redrawn line on a terminal, a line every 10% otherwise. */
    public static ProgressTracker console(String label, long total) {
        return new ProgressTracker(label, total, consoleListener());
    }

    /** The listener of {@link #console}: a bar redrawn in place on a terminal, else a line every tenth (logs, CI). */
    public static ProgressListener consoleListener() {
        return isTerminal() ? terminal(System.err, 30) : everyTenth(System.err);
    }

    /**
     * Whether this JVM talks to a terminal. Up to JDK 21 that is {@code System.console() != null}; from JDK 22 the
     * console is never null and {@code Console.isTerminal()} (looked up reflectively: the code targets Java 17) tells.
     */
    @SuppressWarnings("SystemConsoleNull") // handled: JDK 22+ asks isTerminal() below
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17-21: a console exists only for a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Redraws one line in place with a carriage return, with a bar of {@code barWidth}; ends it on finish. */
    public static ProgressListener terminal(PrintStream out, int barWidth) {
        Objects.requireNonNull(out, "out");
        return new ProgressListener() {
            private int previousLength;

            @Override
            public void onProgress(Progress p) {
                String line = p.render(barWidth);
                // pad with spaces so that a shorter line wipes the end of a longer previous one
                out.print("\r" + line + " ".repeat(Math.max(0, previousLength - line.length())));
                out.flush();
                previousLength = line.length();
            }

            @Override
            public void onFinish(Progress p) {
                onProgress(p);
                out.println();
            }
        };
    }

    /** Prints one plain line each time another 10% is done, and a last line on finish. */
    public static ProgressListener everyTenth(PrintStream out) {
        Objects.requireNonNull(out, "out");
        return new ProgressListener() {
            private long printedTenths = 0;
            private boolean finished;

            @Override
            public void onProgress(Progress p) {
                long tenths = (long) Math.floor(10 * p.fraction());
                if (tenths > printedTenths) {
                    printedTenths = tenths;
                    out.println(p.render(0));
                }
            }

            @Override
            public void onFinish(Progress p) {
                if (finished) return;
                finished = true;
                if ((long) Math.floor(10 * p.fraction()) > printedTenths || p.done() < p.total())
                    out.println(p.render(0));
            }
        };
    }

    /** One unit done. */
    public void step() {
        step(1);
    }

    /** {@code n} units done; thread-safe. */
    public void step(long n) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative, got " + n);
        long now = done.addAndGet(n);
        long time = clock.getAsLong();
        long last = lastNotice.get();
        boolean reachedTotal = now >= total && now - n < total; // always shown, once, whatever the interval
        if ((time - last >= intervalNanos || reachedTotal) && lastNotice.compareAndSet(last, time))
            notifyListener(false);
    }

    /** Units done so far. */
    public long done() {
        return done.get();
    }

    /** The progress now. */
    public Progress progress() {
        return new Progress(label, done.get(), total, Math.max(0, clock.getAsLong() - startNanos));
    }

    /** Tells the listener the loop has ended; only the first call does anything. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) notifyListener(true);
    }

    // serialized so that listeners need no locking and see counts that never go back
    private synchronized void notifyListener(boolean finish) {
        if (!finish && closed.get()) return;
        Progress p = progress();
        if (finish) listener.onFinish(p);
        else listener.onProgress(p);
    }
}
