package io.wharf.http.files;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The layout of a {@code multipart/byteranges} body (RFC 9110 §14.6), so it can be streamed straight from
 * the file: each part is a small header block, then the file region, then CRLF; a closing delimiter ends
 * the body. {@link #contentLength()} is exact, so no chunking is needed.
 *
 * <pre>
 * --BOUNDARY\r\n
 * Content-Type: text/plain; charset=utf-8\r\n
 * Content-Range: bytes 0-4/100\r\n
 * \r\n
 * (bytes 0-4 of the file)\r\n
 * --BOUNDARY--\r\n
 * </pre>
 *
 * <p>Threading: immutable and thread-safe.
 */
public final class MultipartByteranges {

    /** One piece of the body to write in order: bytes held here, or a region of the file. */
    public sealed interface Segment {
        long length();
    }

    /** Header or delimiter bytes; shared, so write them without modifying the array. */
    public record Bytes(byte[] bytes) implements Segment {
        @Override
        public long length() {
            return bytes.length;
        }
    }

    /** {@code count} bytes of the file from {@code position}: send with {@code FileChannel.transferTo}. */
    public record FileRegion(long position, long count) implements Segment {
        @Override
        public long length() {
            return count;
        }
    }

    private final String boundary;
    private final List<Segment> segments;
    private final long contentLength;

    /**
     * @param contentType    the file's Content-Type, repeated in each part
     * @param completeLength the file's length, for each Content-Range
     */
    public MultipartByteranges(List<ByteRange> ranges, String contentType, long completeLength) {
        this(ranges, contentType, completeLength, randomBoundary());
    }

    MultipartByteranges(List<ByteRange> ranges, String contentType, long completeLength, String boundary) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("no ranges");
        }
        this.boundary = boundary;
        List<Segment> out = new ArrayList<>(ranges.size() * 2 + 1);
        String separator = "";
        for (ByteRange range : ranges) {
            String head = separator + "--" + boundary + "\r\n"
                    + "Content-Type: " + contentType + "\r\n"
                    + "Content-Range: " + range.contentRange(completeLength) + "\r\n"
                    + "\r\n";
            out.add(new Bytes(head.getBytes(StandardCharsets.ISO_8859_1)));
            out.add(new FileRegion(range.first(), range.length()));
            separator = "\r\n";
        }
        out.add(new Bytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        this.segments = List.copyOf(out);
        this.contentLength = segments.stream().mapToLong(Segment::length).sum();
    }

    public String boundary() {
        return boundary;
    }

    /** The response's Content-Type field value. */
    public String contentType() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    /** The exact body length, for Content-Length. */
    public long contentLength() {
        return contentLength;
    }

    /** The body, in order: header bytes and file regions alternate, closing delimiter last. */
    public List<Segment> segments() {
        return segments;
    }

    /** 24 random hex digits: a valid boundary that is vanishingly unlikely to occur inside the file. */
    private static String randomBoundary() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%08x", random.nextLong(), random.nextInt());
    }
}
