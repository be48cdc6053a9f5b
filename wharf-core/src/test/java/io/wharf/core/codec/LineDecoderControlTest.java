package io.wharf.core.codec;

import io.wharf.core.codec.LineDecoderFeed.Recorder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static io.wharf.core.codec.LineDecoderFeed.decode;
import static io.wharf.core.codec.LineDecoderFeed.decodeSplit;
import static org.assertj.core.api.Assertions.assertThat;

/** What the connection does to the decoder: discarding a line, stopping and resuming, the end of input. */
class LineDecoderControlTest {

    private final Recorder out = new Recorder();

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
    void aStoppedDecodeLeavesTheRestJustPastTheLineThatStoppedIt() {
        List<String> events = new ArrayList<>();
        LineDecoder[] decoder = new LineDecoder[1];
        decoder[0] = new LineDecoder(64, stopping(events, decoder));
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
    void theEndOfInputEndsAnUnfinishedLineAtEverySplit() {
        String input = "one\r\ntwo\nthree";
        for (int cut = 0; cut <= input.length(); cut++) {
            List<String> lines = new ArrayList<>();
            LineDecoder d = new LineDecoder(100, texts(lines));
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
        LineDecoder d = new LineDecoder(4, texts(lines));
        d.decode(ByteBuffer.wrap("ab\r".getBytes(StandardCharsets.UTF_8)));
        d.endOfInput();
        d.decode(ByteBuffer.wrap("toolongline".getBytes(StandardCharsets.UTF_8)));
        d.endOfInput();
        assertThat(lines).containsExactly("ab");
        assertThat(d.midLine()).isFalse();
    }

    /**
     * As {@link LineDecoderFeed#decodeSplit}, but the listener stops the decoder after every line and every
     * overlong line, and the rest is fed again from a copy, as a connection hands kept input over after a pause.
     */
    private static List<String> decodeStopping(byte[] bytes, int max, int... cuts) {
        List<String> events = new ArrayList<>();
        LineDecoder[] decoder = new LineDecoder[1];
        decoder[0] = new LineDecoder(max, stopping(events, decoder));
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

    /** A listener that adds each line's text, or {@code "overlong <length>"}, to {@code lines}. */
    private static LineDecoder.Listener texts(List<String> lines) {
        return new LineDecoder.Listener() {
            @Override
            public void line(ByteBuffer line) {
                lines.add(StandardCharsets.UTF_8.decode(line).toString());
            }

            @Override
            public void overlong(long length) {
                lines.add("overlong " + length);
            }
        };
    }

    /**
     * A listener that adds {@code "line:<text>"} or {@code "overlong:<length>"} to {@code events}, and stops
     * {@code decoder[0]} after each.
     */
    private static LineDecoder.Listener stopping(List<String> events, LineDecoder[] decoder) {
        return new LineDecoder.Listener() {
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
        };
    }
}
