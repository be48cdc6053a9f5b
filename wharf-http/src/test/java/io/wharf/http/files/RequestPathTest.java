package io.wharf.http.files;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathTest {

    @Test
    void rootAndTrailingSlash() {
        assertThat(valid("/")).isEqualTo(new RequestPath(List.of(), true));
        assertThat(valid("/a/b/")).isEqualTo(new RequestPath(List.of("a", "b"), true));
        assertThat(valid("/a/b")).isEqualTo(new RequestPath(List.of("a", "b"), false));
    }

    @Test
    void dotSegmentsAreRemovedAndAFinalOneMeansADirectory() {
        assertThat(valid("/a/./b/../c")).isEqualTo(new RequestPath(List.of("a", "c"), false));
        assertThat(valid("/a/b/..")).isEqualTo(new RequestPath(List.of("a"), true));
        assertThat(valid("/a/.")).isEqualTo(new RequestPath(List.of("a"), true));
        assertThat(valid("/a/%2e%2E")).isEqualTo(new RequestPath(List.of(), true));
        assertThat(valid("/a//b")).isEqualTo(new RequestPath(List.of("a", "b"), false));
    }

    @Test
    void decodesOnceAndKeepsPlusAndOtherDelimitersLiteral() {
        assertThat(valid("/a%20b/c%3Fd/e+f/%2541;x=1").segments()).containsExactly("a b", "c?d", "e+f", "%41;x=1");
    }

    @Test
    void encodedIsCanonicalAndDecodedIsForDisplay() {
        RequestPath p = valid("/caf%c3%a9/a%20b/");
        assertThat(p.encoded()).isEqualTo("/caf%C3%A9/a%20b/");
        assertThat(p.decoded()).isEqualTo("/café/a b/");
        assertThat(valid("/").encoded()).isEqualTo("/");
        assertThat(valid("/").decoded()).isEqualTo("/");
        assertThat(valid("/x").encoded()).isEqualTo("/x");
    }

    @Test
    void dotSegmentDetection() {
        assertThat(valid("/a/.b/c").hasDotSegment()).isTrue();
        assertThat(valid("/a/b.c").hasDotSegment()).isFalse();
        assertThat(valid("/.a/../b").hasDotSegment()).isFalse();
    }

    @Test
    void rejectionsSayWhy() {
        assertThat(RequestPath.parse("/..")).isEqualTo(new RequestPath.Rejected("'..' above the root"));
        assertThat(RequestPath.parse("/a%2fb")).isEqualTo(new RequestPath.Rejected("encoded '/' in a segment"));
        assertThat(RequestPath.parse("/a%00")).isEqualTo(new RequestPath.Rejected("NUL in the path"));
        assertThat(RequestPath.parse("/a%5cb")).isEqualTo(new RequestPath.Rejected("backslash in the path"));
        assertThat(RequestPath.parse("/%c0%ae")).isEqualTo(new RequestPath.Rejected("bad percent-encoding or UTF-8"));
    }

    @Test
    void percentEncodingOfSegments() {
        assertThat(PathEncoding.encodeSegment("aZ09-._~")).isEqualTo("aZ09-._~");
        assertThat(PathEncoding.encodeSegment("a b/c?d#e%f:g")).isEqualTo("a%20b%2Fc%3Fd%23e%25f%3Ag");
        assertThat(PathEncoding.encodeSegment("é😀")).isEqualTo("%C3%A9%F0%9F%98%80");
    }

    private static RequestPath valid(String raw) {
        RequestPath.Parsed parsed = RequestPath.parse(raw);
        assertThat(parsed).as(raw).isInstanceOf(RequestPath.Valid.class);
        return ((RequestPath.Valid) parsed).path();
    }
}
