package io.wharf.core.codec;

import io.wharf.core.codec.LineDecoderFeed.Recorder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static io.wharf.core.codec.LineDecoderFeed.decode;
import static io.wharf.core.codec.LineDecoderFeed.decodeSplit;
import static org.assertj.core.api.Assertions.assertThat;

/** How input becomes lines: the terminators, lines across and within buffers, and every split of the input. */
class LineDecoderFramingTest {

    private final Recorder out = new Recorder();

    @Test
    void lfAndCrlfBothEndALine() {
        decode(new LineDecoder(64, out), "lf\ncrlf\r\n\n\r\nlast\n");
        assertThat(out.events).containsExactly("line:lf", "line:crlf", "line:", "line:", "line:last");
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
}
