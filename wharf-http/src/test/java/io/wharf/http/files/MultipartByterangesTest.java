package io.wharf.http.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MultipartByterangesTest {

    @TempDir
    Path tmp;

    @Test
    void layoutMatchesRfc9110AndLengthIsExact() throws IOException {
        Path file = Files.writeString(tmp.resolve("abc.txt"), "0123456789abcdefghij");
        var body = new MultipartByteranges(List.of(new ByteRange(0, 3), new ByteRange(10, 12)),
                "text/plain; charset=utf-8", 20, "BOUNDARY");

        String expected = """
                --BOUNDARY\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Range: bytes 0-3/20\r
                \r
                0123\r
                --BOUNDARY\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Range: bytes 10-12/20\r
                \r
                abc\r
                --BOUNDARY--\r
                """;
        String streamed = stream(body, file);
        assertThat(streamed).isEqualTo(expected);
        assertThat(body.contentLength()).isEqualTo(expected.getBytes(StandardCharsets.ISO_8859_1).length);
        assertThat(body.contentType()).isEqualTo("multipart/byteranges; boundary=BOUNDARY");
    }

    @Test
    void segmentsAlternateHeaderBytesAndFileRegions() {
        var body = new MultipartByteranges(List.of(new ByteRange(0, 0), new ByteRange(5, 9), new ByteRange(20, 29)),
                "image/png", 100);
        List<MultipartByteranges.Segment> segments = body.segments();
        assertThat(segments).hasSize(7);
        assertThat(segments.get(1)).isEqualTo(new MultipartByteranges.FileRegion(0, 1));
        assertThat(segments.get(3)).isEqualTo(new MultipartByteranges.FileRegion(5, 5));
        assertThat(segments.get(5)).isEqualTo(new MultipartByteranges.FileRegion(20, 10));
        assertThat(segments.get(6)).isInstanceOf(MultipartByteranges.Bytes.class);
        assertThat(body.contentLength())
                .isEqualTo(segments.stream().mapToLong(MultipartByteranges.Segment::length).sum());
    }

    @Test
    void boundariesAreRandomTokens() {
        var a = new MultipartByteranges(List.of(new ByteRange(0, 1)), "text/plain", 10);
        var b = new MultipartByteranges(List.of(new ByteRange(0, 1)), "text/plain", 10);
        assertThat(a.boundary()).matches("[0-9a-f]{24}");
        assertThat(a.boundary()).isNotEqualTo(b.boundary());
    }

    /** Writes the body the way a server would: bytes as they are, regions with transferTo. */
    private static String stream(MultipartByteranges body, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel channel = FileChannel.open(file); WritableByteChannel sink = Channels.newChannel(out)) {
            for (MultipartByteranges.Segment segment : body.segments()) {
                switch (segment) {
                    case MultipartByteranges.Bytes bytes -> sink.write(ByteBuffer.wrap(bytes.bytes()));
                    case MultipartByteranges.FileRegion region -> {
                        long done = 0;
                        while (done < region.count()) {
                            done += channel.transferTo(region.position() + done, region.count() - done, sink);
                        }
                    }
                }
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
