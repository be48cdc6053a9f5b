package io.wharf.http.codec;

import static io.wharf.http.codec.Feed.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Pausing after a head (100-continue, or a response still in flight) and resuming with what arrived since. */
class RequestParserPauseTest {

    private final RequestParser parser = new RequestParser();
    private final Recorder r = new Recorder();

    private void feed(String s) {
        ByteBuffer in = ByteBuffer.wrap(bytes(s));
        parser.feed(in, r);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void pausedAfterTheHeadReportsNothingMoreUntilResumed() {
        r.goOn = false;
        feed("POST /a HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(parser.isPaused()).isTrue();
        assertThat(r.events).containsExactly("POST /a HTTP/1.1 cl=3 [Host=h|Expect=100-continue|Content-Length=3]");

        parser.resume(r);
        assertThat(r.events).hasSize(4).endsWith("body: abc", "end", "GET /b HTTP/1.1 cl=-1 [Host=h]");
        assertThat(parser.isPaused()).isTrue();

        r.goOn = true;
        parser.resume(r);
        assertThat(r.events).hasSize(5).endsWith("end");
        assertThat(parser.isPaused()).isFalse();
        assertThat(parser.idle()).isTrue();
    }

    @Test
    void inputFedWhilePausedIsKeptInOrder() {
        r.goOn = false;
        feed("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n");
        feed("abc");
        feed("def");
        feed("GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(r.events).hasSize(1);
        r.goOn = true;
        parser.resume(r);
        assertThat(r.events).containsExactly("POST /a HTTP/1.1 cl=6 [Host=h|Content-Length=6]", "body: abcdef", "end",
                "GET /b HTTP/1.1 cl=-1 [Host=h]", "end");
    }

    @Test
    void aRequestWithoutBodyEndsOnlyAfterResume() {
        r.goOn = false;
        feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(r.events).hasSize(1);
        assertThat(parser.idle()).isFalse();
        parser.resume(r);
        assertThat(r.events).endsWith("end");
        assertThat(parser.isPaused()).isFalse();
    }

    @Test
    void resumeWhenNotPausedDoesNothing() {
        parser.resume(r);
        feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        parser.resume(r);
        assertThat(r.events).containsExactly("GET / HTTP/1.1 cl=-1 [Host=h]", "end");
    }

    @Test
    void tooMuchInputWhilePausedFailsWith503() {
        r.goOn = false;
        feed("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000\r\n\r\n");
        byte[] piece = new byte[RequestParser.MAX_PAUSED_BYTES / 4];
        for (int i = 0; i < 4; i++) {
            parser.feed(ByteBuffer.wrap(piece), r);
        }
        assertThat(r.events).hasSize(1);
        assertThat(parser.retainedBytes()).isLessThanOrEqualTo(RequestParser.MAX_PAUSED_BYTES + 256);
        parser.feed(ByteBuffer.wrap(new byte[1]), r);
        assertThat(r.events).endsWith("error: 503 too much input while paused");
        assertThat(parser.failed()).isTrue();
        assertThat(parser.isPaused()).isFalse();
        assertThat(parser.retainedBytes()).isLessThanOrEqualTo(256);
    }

    @Test
    void anErrorInKeptInputIsReportedOnResume() {
        r.goOn = false;
        feed("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost : h\r\n\r\n");
        parser.resume(r);
        assertThat(r.events).containsExactly("GET / HTTP/1.1 cl=-1 [Host=h]", "end",
                "error: 400 malformed header field name");
    }

    @Test
    void pausedFromRequestEndKeepsThePipelinedRestForResume() {
        String two = "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n";
        for (int split = 0; split <= two.length(); split++) {
            RequestParser p = new RequestParser();
            Recorder rec = new Recorder();
            rec.atEnd = p::pause;
            ByteBuffer first = ByteBuffer.wrap(bytes(two.substring(0, split)));
            ByteBuffer second = ByteBuffer.wrap(bytes(two.substring(split)));
            p.feed(first, rec);
            p.feed(second, rec);
            assertThat(first.hasRemaining() || second.hasRemaining()).as("split %d", split).isFalse();
            assertThat(rec.events).as("split %d", split).containsExactly("GET /a HTTP/1.1 cl=-1 [Host=h]", "end");
            assertThat(p.isPaused()).isTrue();

            p.resume(rec);
            assertThat(rec.events).as("split %d", split).hasSize(4).endsWith("GET /b HTTP/1.1 cl=-1 [Host=h]", "end");
            assertThat(p.isPaused()).isTrue();
            p.resume(rec);
            assertThat(p.isPaused()).isFalse();
            assertThat(p.idle()).isTrue();
        }
    }

    @Test
    void pauseAfterAFailureDoesNothing() {
        feed("GET / HTTP/1.1\r\nHost : h\r\n\r\n");
        parser.pause();
        assertThat(parser.isPaused()).isFalse();
        assertThat(parser.failed()).isTrue();
    }
}
