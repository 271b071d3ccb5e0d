package org.moca.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.moca.kernel.protocol.RouterChannel;
import org.moca.kernel.protocol.WireCodec;
import org.moca.kernel.protocol.WireMessage;
import org.moca.kernel.runtime.CellGuard;
import org.moca.kernel.runtime.CellInterruptedError;

/**
 * {@code System.in} of the kernel's JVM: a read by the running cell asks the front end for a line of input
 * (messaging spec 5.3, "Messages on the stdin ROUTER/DEALER channel": an {@code input_request} on the stdin
 * channel, addressed to the client that sent the execute request, answered by an {@code input_reply} whose
 * {@code value} is the line typed, without its newline; the kernel appends one). This is how {@code new Scanner(System.in).nextInt()} or
 * {@code BufferedReader.readLine()} in a notebook gets a text box in JupyterLab, as in IJava.
 *
 * <p>A line is asked for only when the bytes of the last one are used up, and {@link #available()} counts only
 * those, so a reader that buffers ({@code Scanner}, {@code InputStreamReader}) gets one line per request and never
 * blocks for a second one it did not need. With no cell running, or a request sent with {@code allow_stdin} false
 * (nbconvert, nbclient), reads see end-of-file at once. An interrupt ends a wait for input like any other cell
 * code ({@link CellInterruptedError}). What is left of a line when the cell ends is dropped.
 */
final class CellStdin extends InputStream {
    private static final Logger LOG = Logger.getLogger(CellStdin.class.getName());
    /** How often a wait for input checks whether the cell was interrupted. */
    private static final long INTERRUPT_CHECK_MS = 50;

    private final RouterChannel channel;
    private final WireCodec codec;
    private final Runnable flushOutput;
    private final BlockingQueue<WireMessage> replies = new LinkedBlockingQueue<>();

    /** The execute request that may ask for input, or {@code null}. */
    private volatile WireMessage parent;
    /** The input_request waiting for its reply: its msg_id, or {@code null}. */
    private volatile String pendingId;

    private byte[] line = new byte[0];
    private int position;

    /**
     * @param channel     the stdin channel
     * @param codec       builds and signs the requests
     * @param flushOutput sends what the cell printed so far (a prompt printed with {@code System.out.print} must
     *                    show before the text box)
     */
    CellStdin(RouterChannel channel, WireCodec codec, Runnable flushOutput) {
        this.channel = channel;
        this.codec = codec;
        this.flushOutput = flushOutput;
    }

    /** Replaces {@code System.in} for the rest of the kernel's life. */
    void install() {
        System.setIn(this);
    }

    /** From now on reads belong to the cell {@code request} started, asking its client if {@code allowStdin}. */
    synchronized void begin(WireMessage request, boolean allowStdin) {
        parent = allowStdin ? request : null;
        line = new byte[0];
        position = 0;
        replies.clear();
    }

    /** The cell ended: reads see end-of-file until the next one. */
    synchronized void end() {
        parent = null;
        pendingId = null;
        line = new byte[0];
        position = 0;
    }

    /** A message that arrived on the stdin channel (from its I/O thread). */
    void received(WireMessage m) {
        // jupyter_client's KernelClient.input() sends no parent header; JupyterLab names the input_request it
        // answers. A reply naming another request (one that was interrupted) is stale.
        String answered = value(m.parentHeader(), "msg_id");
        String pending = pendingId;
        if (!"input_reply".equals(m.type()) || pending == null || !(answered.isEmpty() || pending.equals(answered))) {
            LOG.info("ignored a " + m.type() + " on stdin that answers no pending input request");
            return;
        }
        replies.add(m);
    }

    @Override
    public synchronized int read() {
        if (!fill()) {
            return -1;
        }
        return line[position++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, line.length - position);
        System.arraycopy(line, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - position;
    }

    /** Makes sure unread bytes are there, asking the front end for a line if needed; false at end-of-file. */
    private boolean fill() {
        if (position < line.length) {
            return true;
        }
        WireMessage request = parent;
        if (request == null) {
            return false;
        }
        flushOutput.run();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("prompt", "");
        content.put("password", false);
        WireMessage ask = codec.message(request, request.identities(), "input_request", content);
        replies.clear();
        pendingId = ask.id();
        channel.send(ask);
        try {
            WireMessage reply = null;
            while (reply == null) {
                if (CellGuard.stopRequested()) {
                    throw new CellInterruptedError();
                }
                try {
                    reply = replies.poll(INTERRUPT_CHECK_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // the kernel interrupts the evaluation thread along with the stop request: checked above
                }
            }
            line = (value(reply.content(), "value") + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
            return true;
        } finally {
            pendingId = null;
        }
    }

    private static String value(JsonObject object, String field) {
        JsonElement v = object.get(field);
        return v != null && v.isJsonPrimitive() ? v.getAsString() : "";
    }
}
