package io.wharf.core.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the {@link LineDecoder} tests feed it input, and the listener that records what it reports. */
final class LineDecoderFeed {

    private LineDecoderFeed() {
    }

    /** Records what the decoder reports: {@code "line:<text>"} or {@code "overlong:<length>"}. */
    static final class Recorder implements LineDecoder.Listener {
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

    /** Feeds all of {@code text} in one buffer, which the decoder must consume. */
    static void decode(LineDecoder decoder, String text) {
        ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        decoder.decode(in);
        assertThat(in.hasRemaining()).isFalse();
    }

    /**
     * Decodes {@code bytes} cut at the given (ascending) offsets, through one reused input buffer that is
     * scribbled over after each call, as a transport does.
     */
    static List<String> decodeSplit(byte[] bytes, int max, int... cuts) {
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
}
