package io.wharf.http.codec;

import static io.wharf.http.codec.Feed.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.http.HttpRequest;
import io.wharf.http.HttpVersion;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Valid requests, each fed whole, cut at every byte, and one byte at a time, with identical results. */
class RequestParserTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("GET without body",
                        "GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t/1\r\n\r\n",
                        List.of("GET /index.html?q=1 HTTP/1.1 cl=-1 [Host=example.com|User-Agent=t/1]", "end")),
                Arguments.of("GET with a body",
                        "GET /q HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
                        List.of("GET /q HTTP/1.1 cl=5 [Host=a|Content-Length=5]", "body: hello", "end")),
                Arguments.of("POST whose body holds CRLFs and a request line",
                        "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 26\r\n\r\n"
                                + "a=1\r\n\r\nGET /x HTTP/1.1\r\n\r\n",
                        List.of("POST /form HTTP/1.1 cl=26 [Host=a|Content-Length=26]",
                                "body: a=1\r\n\r\nGET /x HTTP/1.1\r\n\r\n", "end")),
                Arguments.of("Content-Length 0",
                        "POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
                        List.of("POST /e HTTP/1.1 cl=0 [Host=a|Content-Length=0]", "end")),
                Arguments.of("chunked with extensions and trailers",
                        "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "5;name=value\r\nhello\r\n"
                                + "6 ; q = \"a \\\"b\\\" c\" ;flag\r\n world\r\n"
                                + "000A\r\n0123456789\r\n"
                                + "0;last\r\nX-Trailer: t\r\nX-Other:\tu\r\n\r\n",
                        List.of("POST /up HTTP/1.1 cl=-1 chunked [Host=a|Transfer-Encoding=chunked]",
                                "body: hello world0123456789", "end")),
                Arguments.of("chunked with no data",
                        "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n",
                        List.of("POST /up HTTP/1.1 cl=-1 chunked [Host=a|Transfer-Encoding=Chunked]", "end")),
                Arguments.of("pipelined requests in one buffer",
                        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                                + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                                + "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
                                + "\r\nHEAD /4 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
                        List.of("GET /1 HTTP/1.1 cl=-1 [Host=a]", "end",
                                "POST /2 HTTP/1.1 cl=3 [Host=a|Content-Length=3]", "body: abc", "end",
                                "PUT /3 HTTP/1.1 cl=-1 chunked [Host=a|Transfer-Encoding=chunked]", "body: de", "end",
                                "HEAD /4 HTTP/1.1 cl=-1 [Host=a|Connection=close]", "end")),
                Arguments.of("HTTP/1.0 without Host",
                        "GET / HTTP/1.0\r\n\r\n",
                        List.of("GET / HTTP/1.0 cl=-1", "end")),
                Arguments.of("HTTP/1.0 with a body",
                        "POST /p HTTP/1.0\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok",
                        List.of("POST /p HTTP/1.0 cl=2 [Content-Length=2|Connection=keep-alive]", "body: ok", "end")),
                Arguments.of("a higher minor version of 1 is 1.1 (RFC 9110 section 2.5)",
                        "GET / HTTP/1.2\r\nHost: a\r\n\r\nGET / HTTP/1.9\r\nHost: a\r\n\r\n",
                        List.of("GET / HTTP/1.1 cl=-1 [Host=a]", "end", "GET / HTTP/1.1 cl=-1 [Host=a]", "end")),
                Arguments.of("empty lines before the request line",
                        "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
                        List.of("GET / HTTP/1.1 cl=-1 [Host=a]", "end")),
                Arguments.of("other target forms and methods",
                        "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"
                                + "GET http://example.com:8080/x?y HTTP/1.1\r\nHost: example.com:8080\r\n\r\n"
                                + "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"
                                + "PROPFIND /dav HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
                        List.of("OPTIONS * HTTP/1.1 cl=-1 [Host=a]", "end",
                                "GET http://example.com:8080/x?y HTTP/1.1 cl=-1 [Host=example.com:8080]", "end",
                                "CONNECT example.com:443 HTTP/1.1 cl=-1 [Host=example.com:443]", "end",
                                "PROPFIND /dav HTTP/1.1 cl=-1 [Host=[::1]:8080]", "end")),
                Arguments.of("field values: OWS trimmed, inner spaces kept, obs-text, empty values",
                        "GET / HTTP/1.1\r\nHost:\r\nX-A:  \t one  two \t\r\nX-B: caf\u00e9\r\nX-C:\r\n\r\n",
                        List.of("GET / HTTP/1.1 cl=-1 [Host=|X-A=one  two|X-B=caf\u00e9|X-C=]", "end")),
                Arguments.of("identical duplicate Content-Length",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\ncontent-length: 002\r\n\r\nhi",
                        List.of("POST / HTTP/1.1 cl=2 [Host=a|Content-Length=2|content-length=002]", "body: hi",
                                "end")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validRequestsParseAlikeHoweverSplit(String name, String input, List<String> expected) {
        Feed.assertSplitInvariant(bytes(input), ParserLimits.DEFAULTS, expected);
    }

    @Test
    void requestCarriesTheParsedHead() {
        Recorder r = new Recorder();
        Feed.run(new RequestParser(), r,
                bytes("POST /a%20b?x=1 HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nz"),
                new int[0], false);
        HttpRequest req = r.requests.get(0);
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.target()).isEqualTo("/a%20b?x=1");
        assertThat(req.rawPath()).isEqualTo("/a%20b");
        assertThat(req.version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(req.headers().get("host")).isEqualTo("h");
        assertThat(req.contentLength()).isEqualTo(1);
        assertThat(req.chunked()).isFalse();
        assertThat(req.keepAlive()).isTrue();
        assertThat(req.hasBody()).isTrue();
    }

    @Test
    void absoluteFormCarriesItsAuthorityWhichOverridesHost() {
        Recorder r = new Recorder();
        Feed.run(new RequestParser(), r, bytes("GET HTTP://B.example:8080/who.txt?x HTTP/1.1\r\nHost: a.example\r\n\r\n"
                + "GET https://c.example HTTP/1.1\r\nHost: a.example\r\n\r\n"
                + "GET /o HTTP/1.1\r\nHost: a.example\r\n\r\n"), new int[0], false);
        HttpRequest abs = r.requests.get(0);
        assertThat(abs.authority()).isEqualTo("B.example:8080");
        assertThat(abs.host()).isEqualTo("B.example:8080");
        assertThat(abs.rawPath()).isEqualTo("/who.txt");
        HttpRequest bare = r.requests.get(1);
        assertThat(bare.host()).isEqualTo("c.example");
        assertThat(bare.rawPath()).isEqualTo("/");
        HttpRequest origin = r.requests.get(2);
        assertThat(origin.authority()).isNull();
        assertThat(origin.host()).isEqualTo("a.example");
        assertThat(origin.rawPath()).isEqualTo("/o");
    }

    @Test
    void bodySlicesComeStraightFromTheInputWhenWhole() {
        byte[] body = new byte[50_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        byte[] head = bytes("PUT /big HTTP/1.1\r\nHost: a\r\nContent-Length: 50000\r\n\r\n");
        byte[] input = new byte[head.length + body.length];
        System.arraycopy(head, 0, input, 0, head.length);
        System.arraycopy(body, 0, input, head.length, body.length);
        List<String> events = Feed.pieces(input, ParserLimits.DEFAULTS, 4096);
        assertThat(events).hasSize(3);
        assertThat(bytes(events.get(1).substring("body: ".length()))).isEqualTo(body);
    }

    @Test
    void idleOnlyBetweenRequests() {
        RequestParser parser = new RequestParser();
        Recorder r = new Recorder();
        assertThat(parser.idle()).isTrue();
        parser.feed(java.nio.ByteBuffer.wrap(bytes("GE")), r);
        assertThat(parser.idle()).isFalse();
        parser.feed(java.nio.ByteBuffer.wrap(bytes("T / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nx")), r);
        assertThat(parser.idle()).isFalse();
        parser.feed(java.nio.ByteBuffer.wrap(bytes("y")), r);
        assertThat(parser.idle()).isTrue();
        assertThat(r.events).endsWith("end");
    }

    @Test
    void aLongLineDoesNotKeepItsBufferAfterTheRequest() {
        RequestParser parser = new RequestParser();
        byte[] input = bytes("GET / HTTP/1.1\r\nHost: a\r\nX: " + "v".repeat(6000) + "\r\n\r\n");
        Feed.run(parser, new Recorder(), input, new int[] {100}, false);
        assertThat(parser.idle()).isTrue();
        assertThat(parser.retainedBytes()).isZero();
    }
}
