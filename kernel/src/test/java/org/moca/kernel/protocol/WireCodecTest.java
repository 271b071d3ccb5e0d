package org.moca.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Messaging spec 5.3, "The Wire Protocol": one multipart message at a time, signed with HMAC-SHA256. */
class WireCodecTest {
    private final WireCodec codec = new WireCodec("secret", "hmac-sha256");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageRoundTripsWithItsIdentitiesAndSignature() throws Exception {
        WireMessage m = codec.message(null, List.of(bytes("client-1")), "execute_request", Map.of("code", "1 + 1"));
        List<byte[]> frames = codec.encode(m);
        assertArrayEquals(bytes("client-1"), frames.get(0));
        assertArrayEquals(WireCodec.DELIMITER, frames.get(1));
        assertEquals(64, frames.get(2).length, "hex HMAC-SHA256");
        WireMessage back = codec.decode(frames);
        assertEquals("execute_request", back.type());
        assertEquals("1 + 1", back.content().get("code").getAsString());
        assertEquals("5.3", back.header().get("version").getAsString());
    }

    @Test
    void theSignatureIsTheSpecsHmacOverTheFourDicts() throws Exception {
        // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'secret',
        // b'{\"a\":1}{}{}{}', hashlib.sha256).hexdigest())"
        byte[][] dicts = {bytes("{\"a\":1}"), bytes("{}"), bytes("{}"), bytes("{}")};
        assertEquals("5439160579203ae5952244a353b0f81b6ca58a3fb44727217799b393ee79601c", codec.sign(dicts));
    }

    @Test
    void aMessageWithoutTheDelimiterIsRejectedWhole() {
        // A single stray frame must not make the kernel read on into the next client's message.
        MalformedMessageException e = assertThrows(
                MalformedMessageException.class, () -> codec.decode(List.of(bytes("client"), bytes("garbage"))));
        assertTrue(e.getMessage().contains("<IDS|MSG>"), e.getMessage());
    }

    @Test
    void wrongOrMissingSignaturesAndBrokenJsonAreRejected() {
        List<byte[]> frames =
                new ArrayList<>(codec.encode(codec.message(null, List.of(), "kernel_info_request", Map.of())));
        frames.set(1, bytes("0".repeat(64)));
        assertThrows(MalformedMessageException.class, () -> codec.decode(frames));
        frames.set(1, new byte[0]);
        assertThrows(MalformedMessageException.class, () -> codec.decode(frames));
        WireCodec unsigned = new WireCodec("", "hmac-sha256");
        List<byte[]> broken =
                new ArrayList<>(unsigned.encode(unsigned.message(null, List.of(), "x", new JsonObject())));
        broken.set(2, bytes("{not json"));
        assertThrows(MalformedMessageException.class, () -> unsigned.decode(broken));
        assertThrows(
                MalformedMessageException.class,
                () -> unsigned.decode(List.of(WireCodec.DELIMITER, new byte[0], bytes("{}"))),
                "too few frames");
    }

    @Test
    void anEmptyKeyMeansUnsignedMessages() throws Exception {
        WireCodec unsigned = new WireCodec("", "hmac-sha256");
        List<byte[]> frames = unsigned.encode(unsigned.message(null, List.of(), "kernel_info_request", Map.of()));
        assertEquals(0, frames.get(1).length);
        assertEquals("kernel_info_request", unsigned.decode(frames).type());
    }

    @Test
    void anUnknownSignatureSchemeIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WireCodec("k", "rsa-sha1"));
        assertTrue(e.getMessage().contains("rsa-sha1"), e.getMessage());
    }
}
