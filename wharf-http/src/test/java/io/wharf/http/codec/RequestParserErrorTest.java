package io.wharf.http.codec;

import static io.wharf.http.codec.Feed.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed requests: each ends in one error with its status, the same however the bytes are split. */
class RequestParserErrorTest {

    private static final String GOOD_HEAD = "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    static Stream<Arguments> malformed() {
        return Stream.of(
                // request line
                Arguments.of("two spaces", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("trailing space", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400),
                Arguments.of("no version (HTTP/0.9)", "GET /\r\n\r\n", 400),
                Arguments.of("tab as separator", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("method not a token", "G@T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("empty method", " / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("version in lower case", "GET / http/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("version with letters", "GET / HTTP/1.x\r\nHost: a\r\n\r\n", 400),
                Arguments.of("version too long", "GET / HTTP/1.11\r\nHost: a\r\n\r\n", 400),
                Arguments.of("space in target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("control in target", "GET /a\u0001 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("DEL in target", "GET /a\u007f HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("non-ASCII in target", "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("relative target", "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("asterisk on GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("CONNECT without port", "CONNECT example.com HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                // target forms and lax targets (RFC 9112 section 3.2)
                Arguments.of("CONNECT with origin-form", "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("authority-form on GET", "GET example.com:443 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("asterisk-form on HEAD", "HEAD * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("asterisk and more on OPTIONS", "OPTIONS *x HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("userinfo in absolute-form", "GET http://u:p@x/f HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Arguments.of("user in absolute-form", "GET http://u@x/f HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Arguments.of("ftp scheme", "GET ftp://x/f HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Arguments.of("mailto scheme", "GET mailto:a@x HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Arguments.of("http without //", "GET http:x/f HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Arguments.of("empty authority", "GET http:///f HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Arguments.of("port only authority", "GET http://:80/f HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Arguments.of("fragment", "GET /f#frag HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("fragment in absolute-form", "GET http://x/f#a HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("malformed percent", "GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("truncated percent", "GET /a%2 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("malformed percent in query", "GET /a?q=%g1 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("bare CR in request line", "GET / HTTP/1.1\rHost: a\r\n\r\n", 400),
                Arguments.of("bare LF ends request line", "GET / HTTP/1.1\nHost: a\r\n\r\n", 400),
                Arguments.of("bare LF only", "\n", 400),
                Arguments.of("17 empty lines first", "\r\n".repeat(17) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                // versions
                Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
                Arguments.of("HTTP/3.0", "GET / HTTP/3.0\r\nHost: a\r\n\r\n", 505),
                Arguments.of("HTTP/0.9 with version", "GET / HTTP/0.9\r\n\r\n", 505),
                // header syntax
                Arguments.of("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
                Arguments.of("tab before colon", "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", 400),
                Arguments.of("space in name", "GET / HTTP/1.1\r\nHost: a\r\nX Y: z\r\n\r\n", 400),
                Arguments.of("empty name", "GET / HTTP/1.1\r\nHost: a\r\n: z\r\n\r\n", 400),
                Arguments.of("no colon", "GET / HTTP/1.1\r\nHost: a\r\nJustText\r\n\r\n", 400),
                Arguments.of("non-token name", "GET / HTTP/1.1\r\nHost: a\r\nX(y): z\r\n\r\n", 400),
                Arguments.of("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n  continued\r\n\r\n", 400),
                Arguments.of("obs-fold with tab", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n\tcontinued\r\n\r\n", 400),
                Arguments.of("whitespace before first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),
                Arguments.of("bare CR in value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400),
                Arguments.of("bare CR ends field", "GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", 400),
                Arguments.of("bare LF ends field", "GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", 400),
                Arguments.of("bare LF ends head", "GET / HTTP/1.1\r\nHost: a\r\n\n", 400),
                Arguments.of("CR CR LF", "GET / HTTP/1.1\r\nHost: a\r\r\n\r\n", 400),
                Arguments.of("NUL in value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n", 400),
                Arguments.of("DEL in value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u007fb\r\n\r\n", 400),
                Arguments.of("vertical tab in value", "GET / HTTP/1.1\r\nHost: a\r\nX: \u000bb\r\n\r\n", 400),
                // Host
                Arguments.of("missing Host on 1.1", "GET / HTTP/1.1\r\nX: a\r\n\r\n", 400),
                Arguments.of("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400),
                Arguments.of("two Hosts on 1.0", "GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", 400),
                Arguments.of("Host with a path", "GET / HTTP/1.1\r\nHost: a/../b\r\n\r\n", 400),
                Arguments.of("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", 400),
                Arguments.of("Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
                Arguments.of("Host with a backslash", "GET / HTTP/1.1\r\nHost: a\\b\r\n\r\n", 400),
                Arguments.of("Host with a bad port", "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", 400),
                Arguments.of("Host port only", "GET / HTTP/1.1\r\nHost: :80\r\n\r\n", 400),
                // framing
                Arguments.of("Content-Length not digits", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n", 400),
                Arguments.of("Content-Length empty", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", 400),
                Arguments.of("Content-Length negative", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
                Arguments.of("Content-Length hex", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\n", 400),
                Arguments.of("Content-Length identical list",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello", 400),
                Arguments.of("TE on HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("TE other coding only", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
                Arguments.of("TE chunked twice",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400),
                Arguments.of("TE with a parameter",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;q=1\r\n\r\n", 400),
                Arguments.of("TE empty", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n", 400),
                Arguments.of("TE empty element",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , chunked\r\n\r\n", 400),
                Arguments.of("TE coding before chunked",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
                // chunked body
                Arguments.of("chunk size not hex", GOOD_HEAD + "zz\r\n", 400),
                Arguments.of("chunk size empty", GOOD_HEAD + "\r\n", 400),
                Arguments.of("chunk size negative", GOOD_HEAD + "-1\r\n", 400),
                Arguments.of("chunk size 0x", GOOD_HEAD + "0x5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("chunk size overflow", GOOD_HEAD + "1" + "0".repeat(16) + "\r\n", 400),
                Arguments.of("chunk size trailing space", GOOD_HEAD + "5 \r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("chunk size leading space", GOOD_HEAD + " 5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("chunk extension without name", GOOD_HEAD + "5;\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("chunk extension without value", GOOD_HEAD + "5;a=\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("chunk extension open quote", GOOD_HEAD + "5;a=\"x\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("chunk extension too long", GOOD_HEAD + "5;a=" + "b".repeat(4093) + "\r\n", 400),
                Arguments.of("chunk size with bare LF", GOOD_HEAD + "5\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("no CRLF after chunk data", GOOD_HEAD + "5\r\nhelloX\r\n0\r\n\r\n", 400),
                Arguments.of("CR then junk after chunk data", GOOD_HEAD + "5\r\nhello\rX0\r\n\r\n", 400),
                Arguments.of("bare LF after chunk data", GOOD_HEAD + "5\r\nhello\n0\r\n\r\n", 400),
                Arguments.of("malformed trailer", GOOD_HEAD + "0\r\nX : y\r\n\r\n", 400),
                Arguments.of("folded trailer", GOOD_HEAD + "0\r\nX: y\r\n z\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedRequestsFailAlikeHoweverSplit(String name, String input, int status) {
        List<String> events = Feed.whole(input);
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1)).startsWith("error: " + status + " ");
        assertThat(events).filteredOn(e -> e.startsWith("error:")).hasSize(1);
        Feed.assertSplitInvariant(bytes(input), ParserLimits.DEFAULTS, events);
    }

    @Test
    void framingErrorsComeBeforeTheRequestIsReported() {
        assertThat(Feed.whole("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: x\r\n\r\n"))
                .containsExactly("error: 400 chunked is not the final transfer coding");
        assertThat(Feed.whole("GET / HTTP/1.1\r\n\r\n")).containsExactly("error: 400 missing Host");
    }

    @Test
    void aDeadParserIgnoresInput() {
        RequestParser parser = new RequestParser();
        Recorder r = new Recorder();
        parser.feed(ByteBuffer.wrap(bytes("BAD LINE\r\n")), r);
        assertThat(parser.failed()).isTrue();
        ByteBuffer more = ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        parser.feed(more, r);
        assertThat(more.hasRemaining()).isFalse();
        assertThat(r.events).containsExactly("error: 400 malformed request line");
    }

    @Test
    void aRequestBeforeTheBadOneIsStillServed() {
        assertThat(Feed.whole("GET /ok HTTP/1.1\r\nHost: a\r\n\r\nGET /bad HTTP/1.1\r\nHost : a\r\n\r\n"))
                .containsExactly("GET /ok HTTP/1.1 cl=-1 [Host=a]", "end", "error: 400 malformed header field name");
    }
}
