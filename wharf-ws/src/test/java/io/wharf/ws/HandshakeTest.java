package io.wharf.ws;

import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.HttpVersion;
import io.wharf.http.spi.Answer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The opening handshake's checks, the accept key and the negotiations, without a socket. */
class HandshakeTest {

    private static HttpHeaders valid() {
        return new HttpHeaders().add("Host", "chat.example:8080").add("Upgrade", "websocket")
                .add("Connection", "keep-alive, Upgrade").add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .add("Sec-WebSocket-Version", "13");
    }

    private static Optional<Answer> refusal(String method, HttpHeaders h, List<String> origins) {
        return Handshake.refusal(new HttpRequest(method, "/chat", HttpVersion.HTTP_1_1, h, -1, false), origins);
    }

    private static int status(Optional<Answer> a) {
        return ((Answer.Respond) a.orElseThrow()).status();
    }

    @Test
    void theRfcAcceptKey() {
        assertThat(Handshake.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void aValidRequestPasses() {
        assertThat(refusal("GET", valid(), List.of())).isEmpty();
    }

    @Test
    void aPlainGetOrAnotherVersionIs426NamingVersion13() {
        HttpHeaders plain = new HttpHeaders().add("Host", "a");
        Answer.Respond r = (Answer.Respond) refusal("GET", plain, List.of()).orElseThrow();
        assertThat(r.status()).isEqualTo(426);
        assertThat(r.headers().get("Sec-WebSocket-Version")).isEqualTo("13");
        HttpHeaders v8 = valid();
        v8.set("Sec-WebSocket-Version", "8");
        assertThat(status(refusal("GET", v8, List.of()))).isEqualTo(426);
    }

    @Test
    void badRequestsAreRefused() {
        assertThat(status(refusal("POST", valid(), List.of()))).isEqualTo(405);
        HttpHeaders noConnection = valid();
        noConnection.set("Connection", "keep-alive");
        assertThat(status(refusal("GET", noConnection, List.of()))).isEqualTo(400);
        HttpHeaders shortKey = valid();
        shortKey.set("Sec-WebSocket-Key", "c2hvcnQ=");
        assertThat(status(refusal("GET", shortKey, List.of()))).isEqualTo(400);
        assertThat(status(Handshake.refusal(new HttpRequest("GET", "/", HttpVersion.HTTP_1_0, valid(), -1, false),
                List.of()))).isEqualTo(400);
    }

    @Test
    void originsAreCheckedAgainstTheListOrTheHost() {
        HttpHeaders same = valid().add("Origin", "http://chat.example:8080");
        assertThat(refusal("GET", same, List.of())).as("same origin").isEmpty();
        HttpHeaders other = valid().add("Origin", "https://evil.example");
        assertThat(status(refusal("GET", other, List.of()))).isEqualTo(403);
        assertThat(refusal("GET", other, List.of("https://evil.example"))).isEmpty();
        assertThat(refusal("GET", other, List.of("*"))).isEmpty();
        assertThat(status(refusal("GET", same, List.of("https://other.example")))).as("a list replaces same-origin")
                .isEqualTo(403);
        assertThat(Handshake.originAllowed("http://a.example", "a.example:80", List.of())).isTrue();
        assertThat(Handshake.originAllowed("https://a.example", "a.example:443", List.of())).isTrue();
    }

    @Test
    void theFirstOfferedSubprotocolWeSpeakWins() {
        HttpHeaders h = valid().add("Sec-WebSocket-Protocol", "mqtt, wharf-chat.v1").add("Sec-WebSocket-Protocol", "x");
        assertThat(Handshake.subprotocol(h, List.of("x", "wharf-chat.v1"))).isEqualTo("wharf-chat.v1");
        assertThat(Handshake.subprotocol(h, List.of("stomp"))).isEmpty();
    }

    @Test
    void deflateOffersWeCannotHonourAreDeclined() {
        assertThat(DeflateNegotiation.accept("permessage-deflate; client_max_window_bits").orElseThrow().response())
                .isEqualTo("permessage-deflate");
        assertThat(DeflateNegotiation.accept("permessage-deflate; server_max_window_bits=10")).isEmpty();
        assertThat(DeflateNegotiation.accept("permessage-deflate; server_max_window_bits=15")).isPresent();
        assertThat(DeflateNegotiation.accept("permessage-deflate; client_max_window_bits=9; server_no_context_takeover")
                .orElseThrow().response()).isEqualTo("permessage-deflate; server_no_context_takeover");
        assertThat(DeflateNegotiation.accept("permessage-deflate; client_no_context_takeover").orElseThrow()
                .clientNoContextTakeover()).isTrue();
        assertThat(DeflateNegotiation.accept("permessage-deflate; foo")).isEmpty();
        assertThat(DeflateNegotiation.accept("permessage-deflate; server_no_context_takeover; server_no_context_takeover"))
                .isEmpty();
        assertThat(DeflateNegotiation.accept("x-webkit-deflate-frame")).isEmpty();
        HttpHeaders h = new HttpHeaders().add("Sec-WebSocket-Extensions",
                "permessage-deflate; server_max_window_bits=9, permessage-deflate; client_max_window_bits");
        assertThat(DeflateNegotiation.negotiate(h)).as("the second offer, once the first is declined").isPresent();
    }
}
