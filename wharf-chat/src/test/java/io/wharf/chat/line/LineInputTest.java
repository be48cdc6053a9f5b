package io.wharf.chat.line;

import io.wharf.core.codec.LineDecoder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The input side of the line front-end: telnet commands out, lines split, UTF-8 decoded, however cut. */
class LineInputTest {

    private static final byte IAC = (byte) 255;

    /** A telnet client's opening, CRLF and LF lines, multi-byte UTF-8, a subnegotiation mid-line. */
    private static byte[] input() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {IAC, (byte) 253, 1, IAC, (byte) 251, 31, IAC, (byte) 250, 31, 0, 80, 0, 24, IAC, (byte) 240});
        b.writeBytes("hello\r\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes("/nick Zoë".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {IAC, (byte) 241, IAC, IAC});
        b.writeBytes("\n日本語 ok\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {IAC, (byte) 250, 24, IAC, IAC, 1, IAC, (byte) 240});
        b.writeBytes("tab\there\r\n".getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static final List<String> LINES = List.of("hello", "/nick Zoë", "日本語 ok", "tab here");

    @Test
    void theSameLinesHoweverTheInputIsCut() {
        byte[] in = input();
        assertThat(decode(in)).isEqualTo(LINES);
        for (int i = 0; i <= in.length; i++) {
            for (int j = i; j <= in.length; j++) {
                assertThat(decode(in, i, j)).as("cut at %d and %d", i, j).isEqualTo(LINES);
            }
        }
        int[] everyByte = new int[in.length - 1];
        Arrays.setAll(everyByte, k -> k + 1);
        assertThat(decode(in, everyByte)).as("a byte at a time").isEqualTo(LINES);
    }

    @Test
    void textWithoutTelnetCommandsPassesThroughUncopied() {
        TelnetFilter filter = new TelnetFilter();
        ByteBuffer plain = ByteBuffer.wrap("plain\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(filter.filter(plain)).isSameAs(plain);
    }

    @Test
    void controlCharactersAreRemovedAndMalformedUtf8Replaced() {
        assertThat(LineHandler.clean("a\u001b[2Jb\u0007c\u009bd")).isEqualTo("a[2Jbcd");
        assertThat(LineHandler.clean("  padded\t ")).isEqualTo("padded");
        ByteBuffer bad = ByteBuffer.wrap(new byte[] {'o', (byte) 0xC3, 'k'});
        assertThat(LineHandler.clean(StandardCharsets.UTF_8.decode(bad).toString())).isEqualTo("o\uFFFDk");
    }

    /** Feeds {@code in} cut at {@code cuts} through one reused buffer, scribbled over after each call. */
    private static List<String> decode(byte[] in, int... cuts) {
        List<String> lines = new ArrayList<>();
        TelnetFilter telnet = new TelnetFilter();
        LineDecoder decoder = new LineDecoder(64, new LineDecoder.Listener() {
            @Override
            public void line(ByteBuffer line) {
                lines.add(LineHandler.clean(StandardCharsets.UTF_8.decode(line).toString()));
            }

            @Override
            public void overlong(long length) {
                lines.add("overlong " + length);
            }
        });
        ByteBuffer reused = ByteBuffer.allocate(in.length);
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : in.length;
            reused.clear().put(in, from, to - from).flip();
            decoder.decode(telnet.filter(reused));
            assertThat(reused.hasRemaining()).isFalse();
            Arrays.fill(reused.array(), (byte) '#');
            from = to;
        }
        return lines;
    }
}
