package io.wharf.http.codec;

import static io.wharf.http.codec.Feed.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request smuggling: requests a proxy and this server could frame differently. Each must be refused before
 * anything of it is reported, so no byte of a smuggled request is ever taken for a request of its own.
 */
class SmugglingTest {

    private static final String SMUGGLED = "GET /admin HTTP/1.1\r\nHost: a\r\n\r\n";

    static Stream<Arguments> attacks() {
        String post = "POST / HTTP/1.1\r\nHost: a\r\n";
        String chunkedBody = "\r\n\r\n0\r\n\r\n" + SMUGGLED;
        return Stream.of(
                Arguments.of("CL.TE", post + "Content-Length: 40\r\nTransfer-Encoding: chunked" + chunkedBody, false),
                Arguments.of("TE.CL", post + "Transfer-Encoding: chunked\r\nContent-Length: 3" + chunkedBody, false),
                Arguments.of("CL.TE, TE with a tab", post + "Content-Length: 4\r\nTransfer-Encoding:\tchunked"
                        + chunkedBody, false),
                Arguments.of("TE: xchunked", post + "Transfer-Encoding: xchunked" + chunkedBody, false),
                Arguments.of("TE: chunkedx", post + "Transfer-Encoding: chunkedx" + chunkedBody, false),
                Arguments.of("TE: chunked, identity", post + "Transfer-Encoding: chunked, identity" + chunkedBody, false),
                Arguments.of("TE: identity", post + "Transfer-Encoding: identity" + chunkedBody, false),
                Arguments.of("space before colon", post + "Transfer-Encoding : chunked" + chunkedBody, false),
                Arguments.of("tab before colon", post + "Transfer-Encoding\t: chunked" + chunkedBody, false),
                Arguments.of("TE twice, then x", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: x"
                        + chunkedBody, false),
                Arguments.of("TE twice, chunked both", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked"
                        + chunkedBody, false),
                Arguments.of("TE folded", post + "Transfer-Encoding:\r\n chunked" + chunkedBody, false),
                Arguments.of("TE as a folded line", post + "X: y\r\n Transfer-Encoding: chunked" + chunkedBody, false),
                Arguments.of("TE with vertical tab", post + "Transfer-Encoding: \u000bchunked" + chunkedBody, false),
                Arguments.of("TE with form feed", post + "Transfer-Encoding: chunked\u000c" + chunkedBody, false),
                Arguments.of("TE quoted", post + "Transfer-Encoding: \"chunked\"" + chunkedBody, false),
                Arguments.of("TE after bare LF", post + "X: y\nTransfer-Encoding: chunked" + chunkedBody, false),
                Arguments.of("TE after bare CR", post + "X: y\rTransfer-Encoding: chunked" + chunkedBody, false),
                Arguments.of("TE on HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked" + chunkedBody, false),
                Arguments.of("CL: +5", post + "Content-Length: +5\r\n\r\nhello" + SMUGGLED, false),
                Arguments.of("CL: 5, 6", post + "Content-Length: 5, 6\r\n\r\nhello" + SMUGGLED, false),
                Arguments.of("CL: 5 6", post + "Content-Length: 5 6\r\n\r\nhello" + SMUGGLED, false),
                Arguments.of("CL duplicate, differing", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello"
                        + SMUGGLED, false),
                Arguments.of("CL with space before colon", post + "Content-Length : 5\r\n\r\nhello" + SMUGGLED, false),
                Arguments.of("CL in a folded line", post + "X: y\r\n Content-Length: 5\r\n\r\nhello" + SMUGGLED, false),
                Arguments.of("chunk size with bare LF", post + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n"
                        + SMUGGLED, true),
                Arguments.of("chunk size 0x", post + "Transfer-Encoding: chunked\r\n\r\n0x0\r\n\r\n" + SMUGGLED, true),
                Arguments.of("chunk size overflowing to 0",
                        post + "Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\n\r\n" + SMUGGLED, true),
                Arguments.of("chunk data longer than its size",
                        post + "Transfer-Encoding: chunked\r\n\r\n1\r\nAB\r\n0\r\n\r\n" + SMUGGLED, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refused(String name, String input, boolean headValid) {
        List<String> events = Feed.whole(input);
        assertThat(events).noneMatch(e -> e.startsWith("GET /admin"));
        assertThat(events.get(events.size() - 1)).startsWith("error: 400 ");
        // a bad head is refused before it is reported; a bad body after its head, and nothing after it
        assertThat(events.get(0)).startsWith(headValid ? "POST / HTTP/1.1" : "error: 400");
        Feed.assertSplitInvariant(bytes(input), ParserLimits.DEFAULTS, events);
    }
}
