package io.wharf.load.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load client's frame reader: server frames split at every byte, fragments, control frames, violations. */
class WsFrameReaderTest {

    /** A server's (unmasked) frame. */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            b.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            b.write(126);
            b.write(payload.length >>> 8);
            b.write(payload.length & 0xFF);
        } else {
            b.write(127);
            for (int i = 7; i >= 0; i--) {
                b.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
            }
        }
        b.writeBytes(payload);
        return b.toByteArray();
    }

    static byte[] text(String s) {
        return frame(true, WsFrames.TEXT, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static final class Seen implements WsFrameReader.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void message(int opcode, long length, byte[] payload, int kept) {
            events.add("message " + opcode + " " + length + " " + new String(payload, 0, kept, StandardCharsets.UTF_8));
        }

        @Override
        public void control(int opcode, byte[] payload, int length) {
            events.add("control " + opcode + " " + new String(payload, 0, length, StandardCharsets.UTF_8));
        }
    }

    private static final byte[] STREAM = concat(
            text("hello"),
            frame(true, WsFrames.PING, "hb".getBytes(StandardCharsets.US_ASCII)),
            frame(false, WsFrames.TEXT, "frag".getBytes(StandardCharsets.US_ASCII)),
            frame(true, WsFrames.PING, new byte[0]),
            frame(true, WsFrames.CONTINUATION, "ment".getBytes(StandardCharsets.US_ASCII)),
            text("x".repeat(300)),
            frame(true, WsFrames.BINARY, new byte[0]),
            frame(true, WsFrames.CLOSE, new byte[] {0x03, (byte) 0xE8}));

    @Test
    void everyFrameIsReadAlikeWhereverTheBytesSplit() throws IOException {
        List<String> expected = List.of("message 1 5 hello", "control 9 hb", "control 9 ", "message 1 8 fragment",
                "message 1 300 " + "x".repeat(64), "message 2 0 ", "control 8 \u0003\ufffd");
        for (int split = 0; split <= STREAM.length; split++) {
            WsFrameReader reader = new WsFrameReader(64);
            Seen seen = new Seen();
            reader.feed(ByteBuffer.wrap(STREAM, 0, split), seen);
            reader.feed(ByteBuffer.wrap(STREAM, split, STREAM.length - split), seen);
            assertThat(seen.events).as("split at %d", split).isEqualTo(expected);
        }
        WsFrameReader reader = new WsFrameReader(64);
        Seen seen = new Seen();
        for (byte b : STREAM) {
            reader.feed(ByteBuffer.wrap(new byte[] {b}), seen);
        }
        assertThat(seen.events).as("a byte at a time").isEqualTo(expected);
    }

    @Test
    void longLengthsAreCountedNotKept() throws IOException {
        byte[] big = frame(true, WsFrames.TEXT, new byte[70_000]);
        Seen seen = new Seen();
        new WsFrameReader(0).feed(ByteBuffer.wrap(big), seen);
        assertThat(seen.events).containsExactly("message 1 70000 ");
    }

    @Test
    void whatAServerMustNotSendIsAnErrorNamingIt() {
        assertRejected(new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x'}, "masked");
        assertRejected(new byte[] {(byte) 0xC1, 0}, "reserved bits");
        assertRejected(new byte[] {(byte) 0x83, 0}, "unknown opcode 3");
        assertRejected(new byte[] {(byte) 0x8B, 0}, "unknown opcode 11");
        assertRejected(new byte[] {(byte) 0x09, 0}, "fragmented control");
        assertRejected(new byte[] {(byte) 0x89, 126, 0, (byte) 200}, "control frame of 126 bytes");
        assertRejected(new byte[] {(byte) 0x80, 0}, "continuation frame outside");
        assertRejected(concat(frame(false, WsFrames.TEXT, new byte[1]), text("a")), "inside a fragmented");
        assertRejected(new byte[] {(byte) 0x81, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0}, "top bit");
    }

    private static void assertRejected(byte[] bytes, String why) {
        assertThatThrownBy(() -> new WsFrameReader(16).feed(ByteBuffer.wrap(bytes), new Seen()))
                .isInstanceOf(IOException.class).hasMessageContaining(why);
    }
}
