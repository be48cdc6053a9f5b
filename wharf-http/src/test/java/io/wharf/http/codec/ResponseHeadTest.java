package io.wharf.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseHeadTest {

    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesStatusLineFieldsAndBlankLine() {
        ByteBuffer head = ResponseHead.of(HttpVersion.HTTP_1_1, 200)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Content-Length", 5)
                .header("X-Empty", "")
                .encode();
        assertThat(head.position()).isZero();
        assertThat(text(head)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 5\r\nX-Empty: \r\n\r\n");
    }

    @Test
    void versionAndReasonAsAsked() {
        assertThat(text(ResponseHead.of(HttpVersion.HTTP_1_0, 404).encode()))
                .isEqualTo("HTTP/1.0 404 Not Found\r\n\r\n");
        assertThat(text(ResponseHead.of(HttpVersion.HTTP_1_1, 599).encode())).startsWith("HTTP/1.1 599 ");
        assertThat(text(ResponseHead.of(HttpVersion.HTTP_1_1, 200).reason("Fine").encode()))
                .isEqualTo("HTTP/1.1 200 Fine\r\n\r\n");
        assertThat(ResponseHead.of(HttpVersion.HTTP_1_1, 304).status()).isEqualTo(304);
    }

    @Test
    void latin1ValuesAreOneBytePerChar() {
        ByteBuffer head = ResponseHead.of(HttpVersion.HTTP_1_1, 200).header("X", "caf\u00e9").encode();
        assertThat(head.remaining()).isEqualTo("HTTP/1.1 200 OK\r\nX: caf\u00e9\r\n\r\n".length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "\u20ac"})
    void refusesValuesThatCouldSplitTheResponse(String value) {
        ResponseHead head = ResponseHead.of(HttpVersion.HTTP_1_1, 200);
        assertThatThrownBy(() -> head.header("X", value)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> head.reason(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X Y", "X:", "X\r\n", "\u00e9"})
    void refusesNamesThatAreNotTokens(String name) {
        assertThatThrownBy(() -> ResponseHead.of(HttpVersion.HTTP_1_1, 200).header(name, "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesStatusOutOfRange() {
        assertThatThrownBy(() -> ResponseHead.of(HttpVersion.HTTP_1_1, 99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseHead.of(HttpVersion.HTTP_1_1, 1000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
