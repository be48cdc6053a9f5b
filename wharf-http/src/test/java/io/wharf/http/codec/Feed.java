package io.wharf.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds bytes to a fresh parser the way a transport does: through one reused buffer, scribbled over after
 * each call, so a parser that kept a reference instead of a copy shows up as corrupted events.
 */
final class Feed {

    private Feed() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<String> whole(String input) {
        return whole(bytes(input), ParserLimits.DEFAULTS);
    }

    static List<String> whole(byte[] input, ParserLimits limits) {
        return cut(input, limits, new int[0]);
    }

    /** Two pieces, cut before byte {@code at}. */
    static List<String> split(byte[] input, ParserLimits limits, int at) {
        return cut(input, limits, new int[] {at});
    }

    /** Pieces of {@code size} bytes (the last may be shorter). */
    static List<String> pieces(byte[] input, ParserLimits limits, int size) {
        int[] cuts = new int[Math.max(0, (input.length - 1) / size)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * size;
        }
        return cut(input, limits, cuts);
    }

    /** Feeds {@code input} cut before each offset in {@code cuts} (ascending), through one reused buffer. */
    static List<String> cut(byte[] input, ParserLimits limits, int[] cuts) {
        return run(new RequestParser(limits), new Recorder(), input, cuts, false).events;
    }

    static Recorder run(RequestParser parser, Recorder recorder, byte[] input, int[] cuts, boolean direct) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(Math.max(1, input.length))
                : ByteBuffer.allocate(Math.max(1, input.length));
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            buffer.clear();
            buffer.put(input, from, to - from).flip();
            parser.feed(buffer, recorder);
            assertThat(buffer.hasRemaining()).as("feed consumes everything").isFalse();
            buffer.clear();
            byte[] junk = new byte[buffer.capacity()];
            Arrays.fill(junk, (byte) '#');
            buffer.put(junk);
            from = to;
        }
        return recorder;
    }

    /** Asserts that every way of cutting {@code input} gives {@code expected}; returns it for chaining. */
    static List<String> assertSplitInvariant(byte[] input, ParserLimits limits, List<String> expected) {
        assertThat(whole(input, limits)).as("whole").isEqualTo(expected);
        assertThat(run(new RequestParser(limits), new Recorder(), input, new int[0], true).events)
                .as("whole, direct buffer").isEqualTo(expected);
        for (int at = 1; at < input.length; at++) {
            assertThat(split(input, limits, at)).as("split at %d", at).isEqualTo(expected);
        }
        assertThat(pieces(input, limits, 1)).as("one byte at a time").isEqualTo(expected);
        assertThat(pieces(input, limits, 7)).as("seven bytes at a time").isEqualTo(expected);
        return expected;
    }
}
