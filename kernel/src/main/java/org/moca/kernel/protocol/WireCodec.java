package org.moca.kernel.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encodes and decodes Jupyter messages (messaging spec 5.3, "The Wire Protocol"), one ZeroMQ multipart message at
 * a time.
 *
 * <p>{@link #decode} is handed exactly the frames of one multipart message (the socket reads them with
 * {@code RCVMORE}); a message without the {@code <IDS|MSG>} delimiter is rejected whole, so it can never swallow
 * the frames of the next client's message. The signature is HMAC over the four JSON frames, compared in constant
 * time; with an empty key (the connection file says so) messages are unsigned.
 */
public final class WireCodec {
    /** The frame that separates routing identities from the message proper. */
    public static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    /** The protocol version the kernel speaks. */
    public static final String PROTOCOL_VERSION = "5.3";

    private static final Gson GSON =
            new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private final SecretKeySpec key;
    private final String algorithm;
    private final String session = UUID.randomUUID().toString();

    /**
     * @param key             the connection file's {@code key}; empty for unsigned messages
     * @param signatureScheme the connection file's {@code signature_scheme}, e.g. {@code hmac-sha256}
     */
    public WireCodec(String key, String signatureScheme) {
        if (!signatureScheme.toLowerCase(Locale.ROOT).startsWith("hmac-")) {
            throw new IllegalArgumentException(
                    "signature_scheme: expected hmac-<digest> (e.g. hmac-sha256), got " + signatureScheme);
        }
        this.algorithm = "Hmac" + signatureScheme.substring("hmac-".length()).toUpperCase(Locale.ROOT);
        this.key = key.isEmpty() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm);
        if (this.key != null) {
            mac(); // fail now, naming the scheme, rather than on the first message
        }
    }

    /** The kernel's session id (the {@code session} of every header it sends). */
    public String session() {
        return session;
    }

    /** The shared JSON mapper (no HTML escaping, nulls kept). */
    public static Gson gson() {
        return GSON;
    }

    /**
     * Parses the frames of one multipart message.
     *
     * @throws MalformedMessageException when the delimiter or a JSON frame is missing or unreadable, or the
     *     signature does not match
     */
    public WireMessage decode(List<byte[]> frames) throws MalformedMessageException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new MalformedMessageException("no <IDS|MSG> delimiter in a message of " + frames.size() + " frames");
        }
        if (frames.size() < delimiter + 6) {
            throw new MalformedMessageException("expected signature, header, parent header, metadata and content after"
                    + " <IDS|MSG>, got " + (frames.size() - delimiter - 1) + " frames");
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[][] dicts = new byte[4][];
        for (int i = 0; i < 4; i++) {
            dicts[i] = frames.get(delimiter + 2 + i);
        }
        if (key != null) {
            byte[] expected = sign(dicts).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, signature)) {
                throw new MalformedMessageException(
                        signature.length == 0 ? "unsigned message (the kernel has a key)" : "bad HMAC signature");
            }
        }
        return new WireMessage(
                frames.subList(0, delimiter),
                object(dicts[0], "header"),
                object(dicts[1], "parent header"),
                object(dicts[2], "metadata"),
                object(dicts[3], "content"),
                frames.subList(delimiter + 6, frames.size()));
    }

    private static JsonObject object(byte[] frame, String what) throws MalformedMessageException {
        try {
            JsonElement e = GSON.fromJson(new String(frame, StandardCharsets.UTF_8), JsonElement.class);
            if (!e.isJsonObject()) {
                throw new MalformedMessageException(what + " is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new MalformedMessageException(what + " is not valid JSON: " + e.getMessage());
        }
    }

    /** The frames of {@code message}: identities, delimiter, signature, the four dicts, buffers. */
    public List<byte[]> encode(WireMessage message) {
        byte[][] dicts = {
            json(message.header()), json(message.parentHeader()), json(message.metadata()), json(message.content())
        };
        List<byte[]> frames = new ArrayList<>(message.identities());
        frames.add(DELIMITER);
        frames.add(key == null ? new byte[0] : sign(dicts).getBytes(StandardCharsets.US_ASCII));
        frames.addAll(Arrays.asList(dicts));
        frames.addAll(message.buffers());
        return frames;
    }

    private static byte[] json(JsonObject o) {
        return GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
    }

    /** Hex HMAC of the four JSON frames, as the spec computes it. */
    String sign(byte[][] dicts) {
        Mac mac = mac();
        for (byte[] d : dicts) {
            mac.update(d);
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalArgumentException("signature_scheme: this JVM has no " + algorithm + ": " + e, e);
        }
    }

    /**
     * A new message of {@code type}, in reply to (or published on behalf of) {@code parent}.
     *
     * @param parent     the request; {@code null} for messages the kernel starts itself
     * @param identities the routing prefix: the parent's identities on ROUTER sockets, the topic on IOPub
     * @param content    any object Gson maps to a JSON object (a map, a {@link JsonObject}, a display bundle)
     */
    public WireMessage message(WireMessage parent, List<byte[]> identities, String type, Object content) {
        JsonObject header = new JsonObject();
        header.addProperty("msg_id", UUID.randomUUID().toString());
        header.addProperty("session", session);
        header.addProperty("username", "kernel");
        header.addProperty("date", Instant.now().toString());
        header.addProperty("msg_type", type);
        header.addProperty("version", PROTOCOL_VERSION);
        JsonElement body = content instanceof JsonObject o ? o : GSON.toJsonTree(content);
        if (!body.isJsonObject()) {
            throw new IllegalArgumentException("content of a " + type + " must be a JSON object, got " + body);
        }
        return new WireMessage(
                identities,
                header,
                parent == null ? new JsonObject() : parent.header().deepCopy(),
                new JsonObject(),
                body.getAsJsonObject(),
                List.of());
    }
}
