package io.wharf.chat.line;

import io.wharf.core.codec.LineDecoder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static io.wharf.chat.line.TelnetFilter.BINARY;
import static io.wharf.chat.line.TelnetFilter.DO;
import static io.wharf.chat.line.TelnetFilter.DONT;
import static io.wharf.chat.line.TelnetFilter.TIMING_MARK;
import static io.wharf.chat.line.TelnetFilter.WILL;
import static io.wharf.chat.line.TelnetFilter.WONT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input side of the line front-end: telnet commands out (and answered), lines split, UTF-8 decoded,
 * however the input is cut: every case is fed whole, cut at every pair of places and a byte at a time.
 */
class LineInputTest {

    private static final int IAC = 255;
    private static final int ECHO = 1;
    private static final int NAWS = 31;
    private static final String ASK_BINARY = "reply DO 0";
    private static final String TIMING_MARK_ANSWER = "reply WILL 6";

    /** A telnet client's opening, CRLF and LF lines, multi-byte UTF-8, subnegotiations mid-line. */
    @Test
    void theSameLinesHoweverTheInputIsCut() {
        byte[] in = bytes(IAC, DO, ECHO, IAC, WILL, NAWS, IAC, 250, NAWS, 0, 80, 0, 24, IAC, 240,
                "hello\r\n", "/nick Zoë", IAC, 241, "\n日本語 ok\n", IAC, 250, 24, IAC, IAC, 1, IAC, 240, "tab\there\r\n");
        assertEveryCut(in, ASK_BINARY, "reply WONT 1", "reply DONT 31", "line hello", "line /nick Zoë",
                "line 日本語 ok", "line tab here");
    }

    /** What inetutils telnet sends for Ctrl-C after "partial" was typed in character mode, then a line. */
    @Test
    void ctrlCIsAnsweredAndDiscardsTheLineBeingTyped() {
        byte[] in = bytes("partial", IAC, 244, IAC, DO, TIMING_MARK, "after\r\n", IAC, 244, IAC, DO, TIMING_MARK);
        assertEveryCut(in, ASK_BINARY, "interrupt", TIMING_MARK_ANSWER, "line after", "interrupt",
                TIMING_MARK_ANSWER);
    }

    /**
     * Before BINARY, telnet strips the eighth bit to find its special characters: 本 (E6 9C AC) leaves as
     * E6, {@code IAC BRK IAC DO TM}, AC (captured from inetutils telnet). The character is restored, the mark
     * answered, nothing interrupted; once the client agrees to BINARY it sends the byte as it is.
     */
    @Test
    void aCharacterTelnetTurnedIntoACommandIsRestored() {
        byte[] in = bytes(0xE6, 0x97, 0xA5, 0xE6, IAC, 243, IAC, DO, TIMING_MARK, 0xAC, 0xE8, 0xAA, 0x9E, "\r\n",
                0xE2, IAC, 244, 0xBC, "\n", // 0x83 as IAC IP: ⃼ U+20FC
                IAC, WILL, BINARY, "日本語\n", 0xE6, IAC, 243, 0xAC, "\n");
        assertEveryCut(in, ASK_BINARY, TIMING_MARK_ANSWER, "line 日本語", "line \u20FC", "line 日本語",
                "interrupt", "line \uFFFD");
    }

    @Test
    void iacIacIsTheDataByte255AndAnIncompleteCommandIsData() {
        // 255 255 -> 255; 255 'A' is not a command: both are data; 255 254 'B' is a complete IAC DONT 66
        byte[] in = bytes("a", IAC, IAC, "b\n", "c", IAC, 'A', "d\n", "e", IAC, DONT, 'B', "f\n");
        assertEveryCut(in, "line a\uFFFDb", "line c\uFFFDAd", ASK_BINARY, "line ef");
    }

    @Test
    void optionsAreRefusedOnceEachWithoutLoops() {
        byte[] in = bytes(IAC, WILL, NAWS, IAC, WONT, NAWS, IAC, DO, ECHO, IAC, DONT, ECHO, IAC, DONT, ECHO,
                IAC, WONT, BINARY, IAC, WONT, BINARY, IAC, WILL, BINARY, IAC, WILL, BINARY, IAC, WONT, BINARY,
                IAC, DO, TIMING_MARK, IAC, DONT, TIMING_MARK, IAC, DO, BINARY, "ok\n");
        assertEveryCut(in, ASK_BINARY, "reply DONT 31", "reply WONT 1",
                // refused, then offered: accepted; then withdrawn: acknowledged
                "reply DO 0", "reply DONT 0", TIMING_MARK_ANSWER, "reply WONT 0", "line ok");
    }

    @Test
    void areYouThereIsAnsweredAndAStraySubnegotiationIsDataAfterAll() {
        byte[] sb = new byte[TelnetFilter.MAX_SUBNEGOTIATION];
        Arrays.fill(sb, (byte) 'x');
        byte[] in = bytes(IAC, 246, "q\n", IAC, 250, new String(sb, 0, sb.length - 3, StandardCharsets.US_ASCII),
                "!\nz\n");
        assertEveryCut(in, ASK_BINARY, "are you there", "line q", "line \uFFFD\uFFFD" + "x".repeat(sb.length - 3) + "!",
                "line z");
    }

    @Test
    void textWithoutTelnetCommandsPassesThroughUncopied() {
        List<ByteBuffer> seen = new ArrayList<>();
        TelnetFilter filter = new TelnetFilter(new Recorder(null, new ArrayList<>()) {
            @Override
            public void data(ByteBuffer text) {
                seen.add(text);
                text.position(text.limit());
            }
        });
        ByteBuffer plain = ByteBuffer.wrap("plain\n".getBytes(StandardCharsets.US_ASCII));
        filter.feed(plain);
        assertThat(seen).singleElement().isSameAs(plain);
    }

    @Test
    void controlCharactersAreRemovedAndMalformedUtf8Replaced() {
        assertThat(LineHandler.clean("a\u001b[2Jb\u0007c\u009bd")).isEqualTo("a[2Jbcd");
        assertThat(LineHandler.clean("  padded\t ")).isEqualTo("padded");
        ByteBuffer bad = ByteBuffer.wrap(new byte[] {'o', (byte) 0xC3, 'k'});
        assertThat(LineHandler.clean(StandardCharsets.UTF_8.decode(bad).toString())).isEqualTo("o\uFFFDk");
    }

    /** {@code in} gives {@code expected} fed whole, cut at any two places, and a byte at a time. */
    private static void assertEveryCut(byte[] in, String... expected) {
        List<String> want = List.of(expected);
        assertThat(decode(in)).isEqualTo(want);
        for (int i = 0; i <= in.length; i++) {
            for (int j = i; j <= in.length; j++) {
                assertThat(decode(in, i, j)).as("cut at %d and %d", i, j).isEqualTo(want);
            }
        }
        int[] everyByte = new int[in.length - 1];
        Arrays.setAll(everyByte, k -> k + 1);
        assertThat(decode(in, everyByte)).as("a byte at a time").isEqualTo(want);
    }

    /** Ints are bytes, strings their UTF-8, byte arrays themselves. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) {
            switch (p) {
                case Integer i -> b.write(i);
                case Character c -> b.write(c);
                case String s -> b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                case byte[] a -> b.writeBytes(a);
                default -> throw new IllegalArgumentException(p.toString());
            }
        }
        return b.toByteArray();
    }

    /** What the filter and the decoder report, as text: {@code line ...}, {@code reply VERB option}, ... */
    private static class Recorder implements TelnetFilter.Listener, LineDecoder.Listener {
        final LineDecoder decoder;
        final List<String> events;

        Recorder(LineDecoder decoder, List<String> events) {
            this.decoder = decoder;
            this.events = events;
        }

        @Override
        public void data(ByteBuffer text) {
            decoder.decode(text);
        }

        @Override
        public void reply(byte[] bytes) {
            assertThat(bytes.length % 3).as("whole answers").isZero();
            for (int i = 0; i < bytes.length; i += 3) {
                assertThat(bytes[i]).isEqualTo((byte) IAC);
                String verb = switch (bytes[i + 1] & 0xFF) {
                    case WILL -> "WILL";
                    case WONT -> "WONT";
                    case DO -> "DO";
                    case DONT -> "DONT";
                    default -> HexFormat.of().toHexDigits(bytes[i + 1]);
                };
                events.add("reply " + verb + " " + (bytes[i + 2] & 0xFF));
            }
        }

        @Override
        public void interrupt() {
            events.add("interrupt");
            decoder.discardLine();
        }

        @Override
        public void areYouThere() {
            events.add("are you there");
        }

        @Override
        public void line(ByteBuffer line) {
            events.add("line " + LineHandler.clean(StandardCharsets.UTF_8.decode(line).toString()));
        }

        @Override
        public void overlong(long length) {
            events.add("overlong " + length);
        }
    }

    /** Feeds {@code in} cut at {@code cuts} through one reused buffer, scribbled over after each call. */
    private static List<String> decode(byte[] in, int... cuts) {
        List<String> events = new ArrayList<>();
        Recorder[] recorder = new Recorder[1];
        LineDecoder decoder = new LineDecoder(1024, new LineDecoder.Listener() {
            @Override
            public void line(ByteBuffer line) {
                recorder[0].line(line);
            }

            @Override
            public void overlong(long length) {
                recorder[0].overlong(length);
            }
        });
        recorder[0] = new Recorder(decoder, events);
        TelnetFilter telnet = new TelnetFilter(recorder[0]);
        ByteBuffer reused = ByteBuffer.allocate(in.length);
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : in.length;
            reused.clear().put(in, from, to - from).flip();
            telnet.feed(reused);
            assertThat(reused.hasRemaining()).isFalse();
            Arrays.fill(reused.array(), (byte) '#');
            from = to;
        }
        return events;
    }
}
