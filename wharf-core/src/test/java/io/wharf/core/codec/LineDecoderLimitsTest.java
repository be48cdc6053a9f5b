package io.wharf.core.codec;

import io.wharf.core.codec.LineDecoderFeed.Recorder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.wharf.core.codec.LineDecoderFeed.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The line length limit: overlong lines reported and skipped, at every split, in bounded memory. */
class LineDecoderLimitsTest {

    private final Recorder out = new Recorder();

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
    void rejectsANonPositiveMaximum() {
        assertThatThrownBy(() -> new LineDecoder(0, out)).isInstanceOf(IllegalArgumentException.class);
    }
}
