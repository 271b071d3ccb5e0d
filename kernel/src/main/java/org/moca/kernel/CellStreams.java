package org.moca.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.moca.kernel.protocol.IOPub;
import org.moca.kernel.protocol.WireMessage;

/**
 * {@code System.out} and {@code System.err} of the kernel's JVM, routed to the running cell as Jupyter
 * {@code stream} messages.
 *
 * <p>Output is batched: sent when the cell calls {@code flush()}, when a batch reaches 8 KiB, every 50 ms while a
 * cell runs (so progress shows live), and at the end of the cell. A {@code println} per loop iteration thus costs
 * no message per line. Output while no cell runs (a background thread) goes to the kernel's original streams,
 * i.e. the Jupyter server's log.
 */
final class CellStreams implements AutoCloseable {
    private static final int BATCH_BYTES = 8 << 10;
    private static final long FLUSH_EVERY_MS = 50;

    private final Routed out;
    private final Routed err;
    private final ScheduledExecutorService flusher;
    private final ScheduledFuture<?> periodic;

    CellStreams(IOPub iopub) {
        this.out = new Routed(iopub, "stdout", System.out);
        this.err = new Routed(iopub, "stderr", System.err);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "moca-kernel-output");
            t.setDaemon(true);
            return t;
        });
        this.periodic =
                flusher.scheduleWithFixedDelay(this::flush, FLUSH_EVERY_MS, FLUSH_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** Replaces {@code System.out} and {@code System.err} for the rest of the kernel's life. */
    void install() {
        System.setOut(new PrintStream(out, false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, false, StandardCharsets.UTF_8));
    }

    /** From now on output belongs to the cell that {@code parent} started. */
    void begin(WireMessage parent) {
        out.parent = parent;
        err.parent = parent;
    }

    /** Sends what the cell printed and detaches the streams from it. */
    void end() {
        System.out.flush();
        System.err.flush();
        flush();
        out.parent = null;
        err.parent = null;
    }

    /** Sends what the cell printed so far, keeping the streams attached to it. */
    void flushNow() {
        System.out.flush();
        System.err.flush();
        flush();
    }

    private void flush() {
        out.flush();
        err.flush();
    }

    @Override
    public void close() {
        periodic.cancel(false);
        flusher.shutdownNow();
    }

    private static final class Routed extends OutputStream {
        private final IOPub iopub;
        private final String name;
        private final PrintStream fallback;
        private final ByteArrayOutputStream batch = new ByteArrayOutputStream();
        volatile WireMessage parent;

        Routed(IOPub iopub, String name, PrintStream fallback) {
            this.iopub = iopub;
            this.name = name;
            this.fallback = fallback;
        }

        @Override
        public synchronized void write(int b) {
            if (parent == null) {
                fallback.write(b);
                return;
            }
            batch.write(b);
            if (batch.size() >= BATCH_BYTES) {
                flush();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (parent == null) {
                fallback.write(b, off, len);
                return;
            }
            batch.write(b, off, len);
            if (batch.size() >= BATCH_BYTES) {
                flush();
            }
        }

        @Override
        public synchronized void flush() {
            WireMessage p = parent;
            if (batch.size() == 0) {
                return;
            }
            String text = batch.toString(StandardCharsets.UTF_8);
            batch.reset();
            if (p == null) {
                fallback.print(text);
            } else {
                iopub.stream(p, name, text);
            }
        }
    }
}
