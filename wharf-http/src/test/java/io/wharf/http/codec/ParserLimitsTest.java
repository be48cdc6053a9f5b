package io.wharf.http.codec;

import static io.wharf.http.codec.Feed.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 414, 431 and 413 exactly at their boundaries, and memory that stays bounded whatever the client sends. */
class ParserLimitsTest {

    private static final ParserLimits SMALL = new ParserLimits(40, 30, 4, 10);
    private static final ParserLimits DEFAULTS = ParserLimits.DEFAULTS;

    private static String requestLine(int length) {
        String fixed = "GET / HTTP/1.1";
        return "GET /" + "a".repeat(length - fixed.length()) + " HTTP/1.1";
    }

    private static String field(int length) {
        return "X: " + "v".repeat(length - 3);
    }

    private static String last(List<String> events) {
        return events.get(events.size() - 1);
    }

    @Test
    void requestLineAtTheLimitPassesOneMoreIs414() {
        for (ParserLimits limits : List.of(SMALL, DEFAULTS)) {
            String ok = requestLine(limits.maxRequestLine()) + "\r\nHost: a\r\n\r\n";
            String over = requestLine(limits.maxRequestLine() + 1) + "\r\nHost: a\r\n\r\n";
            assertThat(requestLine(limits.maxRequestLine())).hasSize(limits.maxRequestLine());
            assertThat(last(Feed.whole(bytes(ok), limits))).isEqualTo("end");
            assertThat(last(Feed.whole(bytes(over), limits))).startsWith("error: 414 ");
        }
        Feed.assertSplitInvariant(bytes(requestLine(41) + "\r\n"), SMALL, List.of("error: 414 request line too long"));
        Feed.assertSplitInvariant(bytes(requestLine(40) + "\r\nHost: a\r\n\r\n"), SMALL,
                List.of("GET /" + "a".repeat(26) + " HTTP/1.1 cl=-1 [Host=a]", "end"));
    }

    @Test
    void overlongRequestLineIsRefusedBeforeItsEnd() {
        assertThat(Feed.whole(bytes("GET /" + "a".repeat(50)), SMALL)).containsExactly("error: 414 request line too long");
    }

    @Test
    void headerFieldAtTheLimitPassesOneMoreIs431() {
        for (ParserLimits limits : List.of(SMALL, DEFAULTS)) {
            String ok = "GET / HTTP/1.1\r\nHost: a\r\n" + field(limits.maxHeaderField()) + "\r\n\r\n";
            String over = "GET / HTTP/1.1\r\nHost: a\r\n" + field(limits.maxHeaderField() + 1) + "\r\n\r\n";
            assertThat(last(Feed.whole(bytes(ok), limits))).isEqualTo("end");
            assertThat(last(Feed.whole(bytes(over), limits))).isEqualTo("error: 431 header field too long");
        }
        Feed.assertSplitInvariant(bytes("GET / HTTP/1.1\r\nHost: a\r\n" + field(31) + "\r\n\r\n"), SMALL,
                List.of("error: 431 header field too long"));
    }

    @Test
    void headerCountAtTheLimitPassesOneMoreIs431() {
        for (ParserLimits limits : List.of(SMALL, DEFAULTS)) {
            String fields = "Host: a\r\n" + "X: y\r\n".repeat(limits.maxHeaderCount() - 1);
            String ok = "GET / HTTP/1.1\r\n" + fields + "\r\n";
            String over = "GET / HTTP/1.1\r\n" + fields + "X: z\r\n\r\n";
            assertThat(last(Feed.whole(bytes(ok), limits))).isEqualTo("end");
            assertThat(last(Feed.whole(bytes(over), limits))).isEqualTo("error: 431 too many header fields");
        }
    }

    @Test
    void contentLengthAtTheLimitPassesOneMoreIs413AtOnce() {
        String ok = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789";
        assertThat(Feed.whole(bytes(ok), SMALL)).endsWith("body: 0123456789", "end");
        String over = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n";
        Feed.assertSplitInvariant(bytes(over), SMALL, List.of("error: 413 body larger than 10 bytes"));
        String huge = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n";
        assertThat(Feed.whole(huge)).containsExactly("error: 413 body larger than 1048576 bytes");
        String defaultOver = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n";
        assertThat(Feed.whole(defaultOver)).containsExactly("error: 413 body larger than 1048576 bytes");
    }

    @Test
    void chunkedBodyAtTheLimitPassesOneMoreIs413() {
        String head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        String ok = head + "4\r\n0123\r\n6\r\n456789\r\n0\r\n\r\n";
        assertThat(Feed.whole(bytes(ok), SMALL)).endsWith("body: 0123456789", "end");
        String over = head + "4\r\n0123\r\n7\r\n4567890\r\n0\r\n\r\n";
        List<String> events = Feed.whole(bytes(over), SMALL);
        assertThat(events.subList(1, events.size())).containsExactly("body: 0123", "error: 413 body larger than 10 bytes");
        Feed.assertSplitInvariant(bytes(over), SMALL, events);
    }

    @Test
    void trailersHaveTheirOwnLimits() {
        String head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
        assertThat(last(Feed.whole(bytes(head + "T: u\r\n".repeat(4) + "\r\n"), SMALL))).isEqualTo("end");
        assertThat(last(Feed.whole(bytes(head + "T: u\r\n".repeat(5) + "\r\n"), SMALL)))
                .isEqualTo("error: 431 too many trailer fields");
        assertThat(last(Feed.whole(bytes(head + field(30) + "\r\n\r\n"), SMALL))).isEqualTo("end");
        assertThat(last(Feed.whole(bytes(head + field(31) + "\r\n\r\n"), SMALL)))
                .isEqualTo("error: 431 trailer field too long");
    }

    @Test
    void limitsBelowAUsableMinimumAreRefused() {
        assertThatThrownBy(() -> new ParserLimits(8, 8192, 100, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParserLimits(8192, 8192, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // bounded memory: a megabyte of hostile input, fed as a transport would, never grows the parser past its limits

    private static final int MIB = 1 << 20;
    private static final int READ = 16 * 1024;

    /** Feeds {@code head} then {@code filler} repeated to a mebibyte, tracking the parser's largest footprint. */
    private static int feedMebibyte(RequestParser parser, Recorder r, String head, String filler) {
        parser.feed(ByteBuffer.wrap(bytes(head)), r);
        byte[] piece = bytes(filler.repeat(READ / filler.length()));
        int most = parser.retainedBytes();
        for (int sent = 0; sent < MIB; sent += piece.length) {
            parser.feed(ByteBuffer.wrap(piece), r);
            most = Math.max(most, parser.retainedBytes());
        }
        return most;
    }

    @Test
    void oneEndlessHeaderFieldStaysWithinItsLimit() {
        RequestParser parser = new RequestParser();
        Recorder r = new Recorder();
        int most = feedMebibyte(parser, r, "GET / HTTP/1.1\r\nHost: a\r\nX: ", "v");
        assertThat(r.events).containsExactly("error: 431 header field too long");
        assertThat(most).isLessThanOrEqualTo(DEFAULTS.maxHeaderField() + 1);
    }

    @Test
    void endlessHeaderFieldsStopAtTheCount() {
        RequestParser parser = new RequestParser();
        Recorder r = new Recorder();
        int most = feedMebibyte(parser, r, "GET / HTTP/1.1\r\nHost: a\r\n", "X-Field: value\r\n");
        assertThat(r.events).containsExactly("error: 431 too many header fields");
        assertThat(most).isLessThanOrEqualTo(DEFAULTS.maxHeaderField() + 1);
    }

    @Test
    void endlessRequestLineAndEmptyLinesStayBounded() {
        RequestParser parser = new RequestParser();
        Recorder r = new Recorder();
        assertThat(feedMebibyte(parser, r, "GET /", "a")).isLessThanOrEqualTo(DEFAULTS.maxHeaderField() + 1);
        assertThat(r.events).containsExactly("error: 414 request line too long");
        Recorder r2 = new Recorder();
        assertThat(feedMebibyte(new RequestParser(), r2, "", "\r\n")).isLessThanOrEqualTo(256);
        assertThat(r2.events).containsExactly("error: 400 too many empty lines before the request line");
    }

    @Test
    void aLargeChunkedBodyStreamsThroughWithoutBeingKept() {
        RequestParser parser = new RequestParser(new ParserLimits(8192, 8192, 100, 4L * MIB));
        Recorder r = new Recorder();
        r.keepBodies = false;
        String chunk = "3e8\r\n" + "b".repeat(1000) + "\r\n";
        int most = feedMebibyte(parser, r,
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", chunk);
        assertThat(r.bodyBytes).isGreaterThan(MIB / 2);
        assertThat(r.events).hasSize(1);
        assertThat(most).isLessThanOrEqualTo(MIB / 64);
    }
}
