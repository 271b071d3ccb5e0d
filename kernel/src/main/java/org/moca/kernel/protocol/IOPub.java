package org.moca.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The kernel's broadcast channel: status, streams, display data, results and errors (a ZeroMQ PUB socket).
 *
 * <p>Several threads publish (the request handlers, the evaluation thread, the output flusher); sends are
 * serialized by a lock, which is also what makes one ZeroMQ socket usable from several threads (the lock is a
 * full memory barrier between them).
 */
public final class IOPub {
    private final ZMQ.Socket socket;
    private final WireCodec codec;

    /**
     * Binds the PUB socket.
     *
     * @param context  the kernel's ZeroMQ context
     * @param codec    message encoding and signatures
     * @param endpoint where to bind
     */
    public IOPub(ZMQ.Context context, WireCodec codec, String endpoint) {
        this.codec = codec;
        this.socket = context.socket(SocketType.PUB);
        socket.setLinger(1000);
        socket.bind(endpoint);
    }

    /** Publishes {@code content} as a {@code type} message whose parent is {@code parent} ({@code null}: none). */
    public void publish(WireMessage parent, String type, Object content) {
        byte[] topic = ("kernel." + codec.session() + "." + type).getBytes(StandardCharsets.UTF_8);
        List<byte[]> frames = codec.encode(codec.message(parent, List.of(topic), type, content));
        synchronized (socket) {
            for (int i = 0; i < frames.size(); i++) {
                socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
            }
        }
    }

    /** Publishes {@code execution_state} ("starting", "busy" or "idle"). */
    public void status(WireMessage parent, String state) {
        publish(parent, "status", Map.of("execution_state", state));
    }

    /** Publishes text on {@code stdout} or {@code stderr}. */
    public void stream(WireMessage parent, String name, String text) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", name);
        content.put("text", text);
        publish(parent, "stream", content);
    }

    /** Closes the socket (queued messages get the linger time to leave). */
    public void close() {
        synchronized (socket) {
            socket.close();
        }
    }
}
