package org.moca.kernel.protocol;

import io.github.spencerpark.jupyter.messages.ContentType;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel's broadcast channel: status, streams, display data, results and errors.
 *
 * <p>Several threads publish (the request loops, the evaluation thread, the output flusher); sends are serialized
 * by the underlying socket's lock, which is also what makes one ZeroMQ socket usable from several threads.
 */
public final class IOPub {
    private final Channel socket;

    /** @param socket the bound PUB channel */
    public IOPub(Channel socket) {
        this.socket = socket;
    }

    /** Publishes {@code content} as a {@code type} message whose parent is {@code parent}. */
    public void publish(MessageContext parent, String type, Map<String, ?> content) {
        socket.sendMessage(Messages.of(parent, type, content));
    }

    /** Publishes one of the base library's typed contents (display data, execute results). */
    public <T extends ContentType<T>> void publish(MessageContext parent, T content) {
        socket.sendMessage(new Message<>(parent, content.getType(), content));
    }

    /** Publishes {@code execution_state} ("starting", "busy" or "idle"). */
    public void status(MessageContext parent, String state) {
        publish(parent, "status", Map.of("execution_state", state));
    }

    /** Publishes text on {@code stdout} or {@code stderr}. */
    public void stream(MessageContext parent, String name, String text) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", name);
        content.put("text", text);
        publish(parent, "stream", content);
    }
}
