package io.wharf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every response is fed whole, split at every byte boundary, and one byte at a time: same verdict each way. */
class HttpResponseParserTest {

    private static final String FIXED = "HTTP/1.1 200 OK\r\nServer: test\r\nContent-Length: 5\r\n\r\nhello";
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
            + "5;name=\"v\"\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n";

    /** Parses {@code response} delivered as the given pieces; returns the final verdict. */
    private static Exchange.Reply parse(HttpResponseParser p, String response, int... cuts) {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        int from = 0;
        Exchange.Reply last = Exchange.Reply.INCOMPLETE;
        int[] ends = java.util.stream.IntStream.concat(java.util.Arrays.stream(cuts),
                java.util.stream.IntStream.of(bytes.length)).toArray();
        for (int end : ends) {
            ByteBuffer piece = ByteBuffer.wrap(bytes, from, end - from);
            last = p.parse(piece);
            if (last != Exchange.Reply.INCOMPLETE) {
                assertThat(end).as("verdict %s before the last byte", last).isEqualTo(bytes.length);
                assertThat(piece.hasRemaining()).as("bytes left after the response").isFalse();
            }
            from = end;
        }
        return last;
    }

    private static void sameVerdictAtEverySplit(String response, Exchange.Reply expected) {
        HttpResponseParser p = new HttpResponseParser();
        assertThat(parse(p, response)).isEqualTo(expected);
        for (int cut = 1; cut < response.length(); cut++) {
            p.reset();
            assertThat(parse(p, response, cut)).as("split at %d", cut).isEqualTo(expected);
        }
        p.reset();
        int[] everyByte = java.util.stream.IntStream.range(1, response.length()).toArray();
        assertThat(parse(p, response, everyByte)).as("one byte at a time").isEqualTo(expected);
    }

    @Test
    void aHeadReplyEndsWithItsHeadWhateverItsLengthSays() {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 1024\r\n\r\n";
        HttpResponseParser p = new HttpResponseParser(true);
        assertThat(parse(p, head)).isEqualTo(Exchange.Reply.COMPLETE);
        for (int cut = 1; cut < head.length(); cut++) {
            p.reset();
            assertThat(parse(p, head, cut)).as("split at %d", cut).isEqualTo(Exchange.Reply.COMPLETE);
        }
        p.reset();
        assertThat(parse(p, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")).isEqualTo(Exchange.Reply.COMPLETE);
        assertThat(parse(new HttpResponseParser(), head)).isEqualTo(Exchange.Reply.INCOMPLETE); // a GET's waits
    }

    @Test
    void contentLength() {
        sameVerdictAtEverySplit(FIXED, Exchange.Reply.COMPLETE);
    }

    @Test
    void chunkedWithExtensionsAndTrailers() {
        sameVerdictAtEverySplit(CHUNKED, Exchange.Reply.COMPLETE);
    }

    @Test
    void interimResponseIsSkipped() {
        sameVerdictAtEverySplit("HTTP/1.1 100 Continue\r\n\r\n" + FIXED, Exchange.Reply.COMPLETE);
    }

    @Test
    void connectionCloseAndHttp10MeanNoReuse() {
        sameVerdictAtEverySplit("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", Exchange.Reply.COMPLETE_CLOSE);
        sameVerdictAtEverySplit("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", Exchange.Reply.COMPLETE_CLOSE);
        sameVerdictAtEverySplit("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok",
                Exchange.Reply.COMPLETE);
    }

    @Test
    void errorStatusIsAWrongReplyOnceWhole() {
        sameVerdictAtEverySplit("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnot", Exchange.Reply.WRONG_REPLY);
        sameVerdictAtEverySplit("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n", Exchange.Reply.WRONG_REPLY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELLO WORLD\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nNo colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"})
    void garbageIsAProtocolError(String response) {
        HttpResponseParser p = new HttpResponseParser();
        assertThat(p.parse(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1))))
                .isEqualTo(Exchange.Reply.PROTOCOL_ERROR);
    }

    @Test
    void bodyWithoutLengthRunsUntilClose() {
        HttpResponseParser p = new HttpResponseParser();
        String response = "HTTP/1.1 200 OK\r\n\r\nsome bytes";
        assertThat(p.parse(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1))))
                .isEqualTo(Exchange.Reply.INCOMPLETE);
        assertThat(p.bodyEndsAtClose()).isTrue();
    }
}
