package io.wharf.ws.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** permessage-deflate: what we compress inflates back, with and without context takeover, and limits hold. */
class PerMessageDeflateTest {

    @ParameterizedTest(name = "client_no_context_takeover={0}, server_no_context_takeover={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void roundTripsMessagesInOrder(boolean clientNct, boolean serverNct) throws Exception {
        PerMessageDeflate server = new PerMessageDeflate(clientNct, serverNct);
        PerMessageDeflate peer = new PerMessageDeflate(serverNct, clientNct); // the same rules, seen from the other end
        for (String m : new String[]{"hello hello hello", "", "hello again, hello", "x".repeat(100_000)}) {
            ByteBuffer compressed = server.deflate(ByteBuffer.wrap(m.getBytes(StandardCharsets.UTF_8)));
            byte[] c = new byte[compressed.remaining()];
            compressed.get(c);
            assertThat(c.length).as("the 00 00 ff ff tail is taken off").isLessThanOrEqualTo(Math.max(8, m.length()));
            ByteBuffer back = peer.inflate(ByteBuffer.wrap(c), 1 << 20);
            assertThat(StandardCharsets.UTF_8.decode(back).toString()).isEqualTo(m);
        }
    }

    @Test
    void aMessageInflatingPastTheLimitIs1009() {
        PerMessageDeflate server = new PerMessageDeflate(false, false);
        ByteBuffer bomb = server.deflate(ByteBuffer.wrap(new byte[200_000]));
        assertThatThrownBy(() -> new PerMessageDeflate(false, false).inflate(bomb, 100_000))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(CloseCodes.TOO_BIG));
    }

    @Test
    void garbageIs1007() {
        assertThatThrownBy(() -> new PerMessageDeflate(false, false).inflate(ByteBuffer.wrap(new byte[]{(byte) 0xFF, 1, 2}), 100))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(CloseCodes.INVALID_PAYLOAD));
    }

    /** A peer compressing with a smaller window (client_max_window_bits=9) is still read by our 15-bit inflater. */
    @Test
    void inflatesWhatASmallWindowCompressed() throws Exception {
        byte[] text = "abcdefghij".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        Deflater small = new Deflater(Deflater.DEFAULT_COMPRESSION, true); // a 32 KiB window reads any smaller one
        small.setInput(text);
        byte[] out = new byte[4096];
        int n = small.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        ByteBuffer back = new PerMessageDeflate(false, false).inflate(ByteBuffer.wrap(out, 0, n - 4), 1 << 20);
        assertThat(back.remaining()).isEqualTo(text.length);
    }
}
