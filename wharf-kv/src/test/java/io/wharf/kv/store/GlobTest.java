package io.wharf.kv.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis's glob, including its edge cases (an unclosed class, escapes, runs of stars). */
class GlobTest {

    private static boolean m(String pattern, String s) {
        return Glob.matches(pattern.getBytes(StandardCharsets.ISO_8859_1), s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void matchesAsRedis() {
        // as stringmatchlen: a pattern never matches the empty string (KEYS * and MATCH * skip matching)
        assertThat(m("*", "")).isFalse();
        assertThat(m("*", "x")).isTrue();
        assertThat(m("h?llo", "hello")).isTrue();
        assertThat(m("h*llo", "heeeello")).isTrue();
        assertThat(m("h[ae]llo", "hallo")).isTrue();
        assertThat(m("h[^e]llo", "hello")).isFalse();
        assertThat(m("h[a-b]llo", "hbllo")).isTrue();
        assertThat(m("h[b-a]llo", "hallo")).isTrue();
        assertThat(m("h\\*llo", "h*llo")).isTrue();
        assertThat(m("h\\*llo", "hello")).isFalse();
        assertThat(m("a**b", "axxb")).isTrue();
        assertThat(m("a*", "a")).isTrue();
        assertThat(m("a*b", "a")).isFalse();
        assertThat(m("[abc", "a")).isTrue();
        assertThat(m("[\\]]", "]")).isTrue();
        assertThat(m("?", "")).isFalse();
        assertThat(m("*a*a*a*a*a*a*a*a*b", "a".repeat(60))).isFalse();
    }
}
