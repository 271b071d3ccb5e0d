package org.moca.kernel.protocol;

import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageContext;
import io.github.spencerpark.jupyter.messages.MessageType;
import java.util.Map;

/**
 * Builds outgoing messages whose content is a plain map, so that every field the Jupyter messaging spec asks for
 * is sent, whatever the base library's reply classes happen to carry (its kernel_info reply, for one, has no
 * {@code status}).
 */
public final class Messages {
    private Messages() {}

    /**
     * A message of {@code type} in reply to (or published on behalf of) {@code parent}.
     *
     * @param parent  the request this message answers; {@code null} for kernel-initiated messages
     * @param type    a message type name known to the protocol, e.g. {@code "execute_reply"}
     * @param content the JSON content as a map
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Message<?> of(MessageContext parent, String type, Map<String, ?> content) {
        MessageType messageType = MessageType.getType(type);
        if (messageType == MessageType.UNKNOWN) {
            throw new IllegalArgumentException("type: not a Jupyter message type known to the base library: " + type);
        }
        return new Message(parent, messageType, content);
    }
}
