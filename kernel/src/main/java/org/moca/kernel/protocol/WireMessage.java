package org.moca.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One Jupyter message as it travels on the wire (messaging spec 5.3, "The Wire Protocol"): the routing identities,
 * then the delimiter {@code <IDS|MSG>}, the HMAC signature, four JSON dicts (header, parent header, metadata,
 * content) and optional binary buffers.
 *
 * @param identities   ZeroMQ routing prefix (the client's socket identity on ROUTER sockets; the topic on IOPub)
 * @param header       {@code msg_id}, {@code session}, {@code username}, {@code date}, {@code msg_type},
 *                     {@code version}
 * @param parentHeader the header of the request this message answers, or {@code {}}
 * @param metadata     free-form metadata, usually {@code {}}
 * @param content      the message type's content
 * @param buffers      extra binary frames after the content
 */
public record WireMessage(
        List<byte[]> identities,
        JsonObject header,
        JsonObject parentHeader,
        JsonObject metadata,
        JsonObject content,
        List<byte[]> buffers) {
    /** Copies the lists; every dict must be present (use {@code new JsonObject()} for an empty one). */
    public WireMessage {
        identities = List.copyOf(identities);
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(parentHeader, "parentHeader");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(content, "content");
        buffers = List.copyOf(buffers);
    }

    /** The header's {@code msg_type}, e.g. {@code "execute_request"}; {@code ""} when absent. */
    public String type() {
        return string(header, "msg_type");
    }

    /** The header's {@code msg_id}; {@code ""} when absent. */
    public String id() {
        return string(header, "msg_id");
    }

    /** A string field of {@code object}, or {@code ""} when it is absent or not a string. */
    static String string(JsonObject object, String field) {
        JsonElement e = object.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : "";
    }
}
