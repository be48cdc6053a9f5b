package io.wharf.http.codec;

import static io.wharf.http.codec.Feed.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkedEncoderTest {

    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void wrapsDataInAChunk() {
        ByteBuffer data = ByteBuffer.wrap(bytes("hello"));
        assertThat(text(ChunkedEncoder.chunk(data))).isEqualTo("5\r\nhello\r\n");
        assertThat(data.hasRemaining()).isFalse();
        assertThat(text(ChunkedEncoder.chunk(ByteBuffer.wrap(new byte[300])))).startsWith("12c\r\n").endsWith("\r\n");
    }

    @Test
    void emptyDataNeverMakesTheLastChunk() {
        assertThat(ChunkedEncoder.chunk(ByteBuffer.allocate(0)).remaining()).isZero();
        assertThatThrownBy(() -> ChunkedEncoder.header(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerCrlfAndLast() {
        assertThat(text(ChunkedEncoder.header(255))).isEqualTo("ff\r\n");
        assertThat(text(ChunkedEncoder.header(1L << 40))).isEqualTo("10000000000\r\n");
        assertThat(text(ChunkedEncoder.crlf())).isEqualTo("\r\n");
        assertThat(text(ChunkedEncoder.last())).isEqualTo("0\r\n\r\n");
    }

    @Test
    void whatItEncodesOurParserDecodes() {
        Random random = new Random(42);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        wire.writeBytes(bytes("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"));
        for (int i = 0; i < 40; i++) {
            byte[] piece = new byte[random.nextInt(3000)];
            random.nextBytes(piece);
            body.writeBytes(piece);
            wire.writeBytes(text(ChunkedEncoder.chunk(ByteBuffer.wrap(piece))).getBytes(StandardCharsets.ISO_8859_1));
        }
        wire.writeBytes(bytes(text(ChunkedEncoder.last())));
        var events = Feed.pieces(wire.toByteArray(), ParserLimits.DEFAULTS, 1000);
        assertThat(events).hasSize(3).endsWith("end");
        assertThat(bytes(events.get(1).substring("body: ".length()))).isEqualTo(body.toByteArray());
    }
}
