package io.wharf.core.codec;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineDecoderTest {

    /** Records what the decoder reports: {@code "line:<text>"} or {@code "overlong:<length>"}. */
    private static final class Recorder implements LineDecoder.Listener {
        final List<String> events = new ArrayList<>();
        ByteBuffer lastLine;

        @Override
        public void line(ByteBuffer line) {
            lastLine = line;
            events.add("line:" + StandardCharsets.ISO_8859_1.decode(line.duplicate()));
        }

        @Override
        public void overlong(long length) {
            events.add("overlong:" + length);
        }
    }

    private final Recorder out = new Recorder();

    @Test
    void lfAndCrlfBothEndALine() {
        decode(new LineDecoder(64, out), "lf\ncrlf\r\n\n\r\nlast\n");
        assertThat(out.events).containsExactly("line:lf", "line:crlf", "line:", "line:", "line:last");
    }

    @Test
    void aDiscardedLineIsForgottenWhereverItStood() {
        LineDecoder decoder = new LineDecoder(8, out);
        decode(decoder, "typed then Ctrl-C");
        decoder.discardLine();
        decode(decoder, "held CR\r");
        decoder.discardLine();
        decode(decoder, "\nnew\n");
        decode(decoder, "new");
        decoder.discardLine();
        decode(decoder, "ok\n");
        assertThat(out.events).containsExactly("line:", "line:new", "line:ok");
    }

    @Test
    void aCrNotFollowedByLfIsData() {
        decode(new LineDecoder(64, out), "a\rb\n\rc\r\r\n\r\r\r\n");
        assertThat(out.events).containsExactly("line:a\rb", "line:\rc\r", "line:\r\r");
    }

    @Test
    void crAtTheEndOfOneBufferAndLfAtTheStartOfTheNext() {
        LineDecoder decoder = new LineDecoder(64, out);
        decode(decoder, "abc\r");
        assertThat(out.events).isEmpty();
        decode(decoder, "\n");
        decode(decoder, "def\r");
        decode(decoder, "x\n");
        decode(decoder, "\r");
        decode(decoder, "\r");
        decode(decoder, "\n");
        assertThat(out.events).containsExactly("line:abc", "line:def\rx", "line:\r");
    }

    @Test
    void severalLinesInOneBufferAndAnUnfinishedTail() {
        LineDecoder decoder = new LineDecoder(64, out);
        decode(decoder, "one\ntwo\r\nthree\nfo");
        assertThat(out.events).containsExactly("line:one", "line:two", "line:three");
        assertThat(decoder.bufferedBytes()).isEqualTo(2);
        decode(decoder, "ur\n");
        assertThat(out.events).endsWith("line:four");
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    void aLineInsideTheInputIsASliceOfItNotACopy() {
        ByteBuffer in = ByteBuffer.wrap("hello\nwor".getBytes(StandardCharsets.US_ASCII));
        LineDecoder decoder = new LineDecoder(64, out);
        decoder.decode(in);
        assertThat(out.lastLine.array()).isSameAs(in.array());
        assertThat(in.hasRemaining()).isFalse();

        decode(decoder, "ld\n");
        assertThat(out.events).containsExactly("line:hello", "line:world");
    }

    @Test
    void aLineOfExactlyTheMaximumIsAcceptedWhateverItsTerminator() {
        LineDecoder decoder = new LineDecoder(8, out);
        decode(decoder, "12345678\n12345678\r\n1234");
        decode(decoder, "5678\r");
        decode(decoder, "\n");
        assertThat(out.events).containsExactly("line:12345678", "line:12345678", "line:12345678");
    }

    @Test
    void aLineOverTheMaximumIsReportedWithItsLengthAndDecodingStaysInSync() {
        LineDecoder decoder = new LineDecoder(8, out);
        decode(decoder, "123456789\nok\n1234567890\r\n12345678\r\rx\n1234");
        decode(decoder, "5678\r");
        decode(decoder, "x\nafter\n");
        assertThat(out.events).containsExactly("overlong:9", "line:ok", "overlong:10", "overlong:11",
                "overlong:10", "line:after");
    }

    @Test
    void memoryStaysBoundedWhileAHugeLineIsDiscarded() {
        LineDecoder decoder = new LineDecoder(1024, out);
        byte[] chunk = new byte[4096];
        Arrays.fill(chunk, (byte) 'x');
        chunk[100] = '\r';
        for (int i = 0; i < 256; i++) {
            decoder.decode(ByteBuffer.wrap(chunk));
            assertThat(decoder.capacity()).isLessThanOrEqualTo(1024);
            assertThat(decoder.bufferedBytes()).isZero();
        }
        decode(decoder, "\r");
        decode(decoder, "\nnext\n");
        assertThat(out.events).containsExactly("overlong:" + 256 * 4096, "line:next");
    }

    @Test
    void aLongLineThatFitsGrowsTheBufferOnlyUpToTheMaximumAndReleasesIt() {
        int max = 64 * 1024;
        LineDecoder decoder = new LineDecoder(max, out);
        String line = "y".repeat(max);
        for (int i = 0; i < max; i += 1000) {
            decode(decoder, line.substring(i, Math.min(max, i + 1000)));
            assertThat(decoder.capacity()).isLessThanOrEqualTo(max);
        }
        decode(decoder, "\n");
        assertThat(out.events).containsExactly("line:" + line);
        assertThat(decoder.capacity()).isLessThan(max);
    }

    @Test
    void everySplitGivesTheSameResultAsOneBuffer() {
        String input = "alpha\r\nbe\rta\n\r\n0123456789AB\r\nnear\r\r\nxy\r\n0123456789\r\r\nz\n";
        List<String> expected = List.of("line:alpha", "line:be\rta", "line:", "overlong:12", "line:near\r",
                "line:xy", "overlong:11", "line:z");
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);

        assertThat(decodeSplit(bytes, 10)).as("whole").isEqualTo(expected);
        assertThat(decodeSplit(bytes, 10, IntStream.range(1, bytes.length).toArray()))
                .as("one byte at a time").isEqualTo(expected);
        for (int i = 0; i <= bytes.length; i++) {
            for (int j = i; j <= bytes.length; j++) {
                assertThat(decodeSplit(bytes, 10, i, j)).as("split at %d and %d", i, j).isEqualTo(expected);
            }
        }
    }

    /**
     * An overlong line is reported as soon as it passes the maximum, once, whatever the splits; its end comes as
     * before. The decoder knows when it is between lines.
     */
    @Test
    void overlongStartsOnceAtTheByteThatPassesTheMaximum() {
        String input = "0123456789A\nok\n0123456789AB\r\n01234567890\r\r\n";
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        for (int cut = 1; cut <= bytes.length; cut++) {
            List<String> events = new ArrayList<>();
            int[] fed = {0};
            LineDecoder decoder = new LineDecoder(10, new LineDecoder.Listener() {
                @Override
                public void line(ByteBuffer line) {
                    events.add("line");
                }

                @Override
                public void overlong(long length) {
                    events.add("overlong:" + length);
                }

                @Override
                public void overlongStarted() {
                    events.add("started@" + fed[0]);
                }
            });
            for (int from = 0; from < bytes.length; from += cut) {
                int to = Math.min(bytes.length, from + cut);
                fed[0] = to;
                decoder.decode(ByteBuffer.wrap(bytes, from, to - from));
            }
            assertThat(decoder.midLine()).isFalse();
            if (cut == 1) {
                // byte 11 ('A') passes 10; the second overlong line passes at byte 26, the third at 40
                assertThat(events).containsExactly("started@11", "overlong:11", "line", "started@26", "overlong:12",
                        "started@40", "overlong:12");
            } else {
                assertThat(events).as("cut every %d bytes", cut).filteredOn(e -> !e.startsWith("started"))
                        .containsExactly("overlong:11", "line", "overlong:12", "overlong:12");
                assertThat(events).as("cut every %d bytes", cut).filteredOn(e -> e.startsWith("started")).hasSize(3);
            }
        }
        LineDecoder d = new LineDecoder(10, out);
        d.decode(ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)));
        assertThat(d.midLine()).isTrue();
        d.decode(ByteBuffer.wrap("\r".getBytes(StandardCharsets.US_ASCII)));
        assertThat(d.midLine()).isTrue();
        d.decode(ByteBuffer.wrap("\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(d.midLine()).isFalse();
    }

    @Test
    void randomInputAndRandomSplitsAgreeWithASimpleReference() {
        Random random = new Random(42);
        byte[] alphabet = {'a', 'b', '\r', '\n'};
        for (int round = 0; round < 500; round++) {
            byte[] bytes = new byte[random.nextInt(80)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int max = 1 + random.nextInt(8);
            int[] cuts = random.ints(random.nextInt(6), 0, bytes.length + 1).sorted().toArray();
            assertThat(decodeSplit(bytes, max, cuts))
                    .as("input %s, max %d, cuts %s", Arrays.toString(bytes), max, Arrays.toString(cuts))
                    .isEqualTo(reference(bytes, max));
        }
    }

    @Test
    void aStoppedDecodeLeavesTheRestJustPastTheLineThatStoppedIt() {
        List<String> events = new ArrayList<>();
        LineDecoder[] decoder = new LineDecoder[1];
        decoder[0] = new LineDecoder(64, new LineDecoder.Listener() {
            @Override
            public void line(ByteBuffer line) {
                events.add("line:" + StandardCharsets.ISO_8859_1.decode(line.duplicate()));
                decoder[0].stop();
            }

            @Override
            public void overlong(long length) {
                events.add("overlong:" + length);
            }
        });
        ByteBuffer in = ByteBuffer.wrap("one\r\ntwo\nthr".getBytes(StandardCharsets.US_ASCII));

        assertThat(decoder[0].decode(in)).isFalse();
        assertThat(events).containsExactly("line:one");
        assertThat(in.position()).isEqualTo(5);
        assertThat(decoder[0].decode(in)).isFalse();
        assertThat(in.position()).isEqualTo(9);
        assertThat(decoder[0].decode(in)).as("the tail is consumed: no line ends in it").isTrue();
        assertThat(events).containsExactly("line:one", "line:two");
        assertThat(decoder[0].bufferedBytes()).isEqualTo(3);
    }

    @Test
    void stoppingAfterEveryEventAndResumingGivesTheSameResultAtEverySplit() {
        String input = "alpha\r\nbe\rta\n\r\n0123456789AB\r\nnear\r\r\nxy\r\n0123456789\r\r\nz\n";
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        List<String> expected = decodeSplit(bytes, 10);

        assertThat(decodeStopping(bytes, 10, IntStream.range(1, bytes.length).toArray()))
                .as("one byte at a time").isEqualTo(expected);
        for (int i = 0; i <= bytes.length; i++) {
            for (int j = i; j <= bytes.length; j++) {
                assertThat(decodeStopping(bytes, 10, i, j)).as("split at %d and %d", i, j).isEqualTo(expected);
            }
        }
    }

    @Test
    void rejectsANonPositiveMaximum() {
        assertThatThrownBy(() -> new LineDecoder(0, out)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void decode(LineDecoder decoder, String text) {
        ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        decoder.decode(in);
        assertThat(in.hasRemaining()).isFalse();
    }

    /**
     * Decodes {@code bytes} cut at the given (ascending) offsets, through one reused input buffer that is
     * scribbled over after each call, as a transport does.
     */
    private static List<String> decodeSplit(byte[] bytes, int max, int... cuts) {
        Recorder recorder = new Recorder();
        LineDecoder decoder = new LineDecoder(max, recorder);
        ByteBuffer reused = ByteBuffer.allocate(bytes.length + 1);
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : bytes.length;
            reused.clear().put(bytes, from, to - from).flip();
            decoder.decode(reused);
            Arrays.fill(reused.array(), (byte) '#');
            from = to;
        }
        return recorder.events;
    }

    /**
     * As {@link #decodeSplit}, but the listener stops the decoder after every line and every overlong line,
     * and the rest is fed again from a copy, as a connection hands kept input over after a pause.
     */
    private static List<String> decodeStopping(byte[] bytes, int max, int... cuts) {
        List<String> events = new ArrayList<>();
        LineDecoder[] decoder = new LineDecoder[1];
        decoder[0] = new LineDecoder(max, new LineDecoder.Listener() {
            @Override
            public void line(ByteBuffer line) {
                events.add("line:" + StandardCharsets.ISO_8859_1.decode(line.duplicate()));
                decoder[0].stop();
            }

            @Override
            public void overlong(long length) {
                events.add("overlong:" + length);
                decoder[0].stop();
            }
        });
        ByteBuffer reused = ByteBuffer.allocate(bytes.length + 1);
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : bytes.length;
            ByteBuffer in = reused.clear().put(bytes, from, to - from).flip();
            while (!decoder[0].decode(in)) {
                ByteBuffer kept = ByteBuffer.allocate(in.remaining()).put(in).flip();
                Arrays.fill(reused.array(), (byte) '#');
                in = kept;
            }
            assertThat(in.hasRemaining()).isFalse();
            Arrays.fill(reused.array(), (byte) '#');
            from = to;
        }
        return events;
    }

    /** The specification, the obvious way: LF ends a line, one CR right before it is dropped. */
    private static List<String> reference(byte[] bytes, int max) {
        List<String> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                int n = end - start;
                events.add(n > max ? "overlong:" + n
                        : "line:" + new String(bytes, start, n, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        return events;
    }

    @Test
    void theEndOfInputEndsAnUnfinishedLineAtEverySplit() {
        String input = "one\r\ntwo\nthree";
        for (int cut = 0; cut <= input.length(); cut++) {
            List<String> lines = new ArrayList<>();
            LineDecoder d = new LineDecoder(100, new LineDecoder.Listener() {
                @Override
                public void line(ByteBuffer line) {
                    lines.add(StandardCharsets.UTF_8.decode(line).toString());
                }

                @Override
                public void overlong(long length) {
                    lines.add("overlong " + length);
                }
            });
            d.decode(ByteBuffer.wrap(input.substring(0, cut).getBytes(StandardCharsets.UTF_8)));
            d.decode(ByteBuffer.wrap(input.substring(cut).getBytes(StandardCharsets.UTF_8)));
            d.endOfInput();
            assertThat(lines).as("cut at " + cut).containsExactly("one", "two", "three");
            assertThat(d.midLine()).isFalse();
            d.endOfInput();
            assertThat(lines).hasSize(3);
        }
    }

    @Test
    void theEndOfInputAfterACrOrInsideAnOverlongLine() {
        List<String> lines = new ArrayList<>();
        LineDecoder d = new LineDecoder(4, new LineDecoder.Listener() {
            @Override
            public void line(ByteBuffer line) {
                lines.add(StandardCharsets.UTF_8.decode(line).toString());
            }

            @Override
            public void overlong(long length) {
                lines.add("overlong " + length);
            }
        });
        d.decode(ByteBuffer.wrap("ab\r".getBytes(StandardCharsets.UTF_8)));
        d.endOfInput();
        d.decode(ByteBuffer.wrap("toolongline".getBytes(StandardCharsets.UTF_8)));
        d.endOfInput();
        assertThat(lines).containsExactly("ab");
        assertThat(d.midLine()).isFalse();
    }
}
