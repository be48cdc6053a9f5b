package io.wharf.http.files;

import org.junit.jupiter.api.Test;

import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ETagsTest {

    private static final FileTime T = FileTime.from(Instant.parse("2024-01-01T00:00:00.123456789Z"));

    @Test
    void strongTagIsQuotedHexOfSizeAndMtime() {
        String tag = ETags.strong(255, T);
        assertThat(tag).matches("\"ff-[0-9a-f]+\"");
        assertThat(ETags.isWeak(tag)).isFalse();
    }

    @Test
    void tagChangesWithSizeOrMtimeEvenWithinOneSecond() {
        assertThat(ETags.strong(255, T)).isEqualTo(ETags.strong(255, T));
        assertThat(ETags.strong(256, T)).isNotEqualTo(ETags.strong(255, T));
        FileTime later = FileTime.from(Instant.parse("2024-01-01T00:00:00.123456790Z"));
        assertThat(ETags.strong(255, later)).isNotEqualTo(ETags.strong(255, T));
    }

    @Test
    void comparisons() {
        assertThat(ETags.strongMatch("\"a\"", "\"a\"")).isTrue();
        assertThat(ETags.strongMatch("W/\"a\"", "\"a\"")).isFalse();
        assertThat(ETags.strongMatch("W/\"a\"", "W/\"a\"")).isFalse();
        assertThat(ETags.strongMatch("\"a\"", "\"b\"")).isFalse();
        assertThat(ETags.weakMatch("W/\"a\"", "\"a\"")).isTrue();
        assertThat(ETags.weakMatch("W/\"a\"", "W/\"a\"")).isTrue();
        assertThat(ETags.weakMatch("\"a\"", "\"b\"")).isFalse();
    }

    @Test
    void weakenIsIdempotent() {
        assertThat(ETags.weaken("\"a\"")).isEqualTo("W/\"a\"");
        assertThat(ETags.weaken("W/\"a\"")).isEqualTo("W/\"a\"");
    }

    @Test
    void parsesLists() {
        assertThat(ETags.parseList("\"a\", W/\"b\",\"c,d\"")).containsExactly("\"a\"", "W/\"b\"", "\"c,d\"");
        assertThat(ETags.parseList("*")).containsExactly("*");
        assertThat(ETags.parseList(" , ,\"x\" ,")).containsExactly("\"x\"");
        assertThat(ETags.parseList("\"\"")).containsExactly("\"\"");
    }

    @Test
    void dropsWhatIsNotAnEntityTag() {
        assertThat(ETags.parseList("abc, \"ok\"")).containsExactly("\"ok\"");
        assertThat(ETags.parseList("\"unterminated")).isEmpty();
        assertThat(ETags.parseList("W/abc")).isEmpty();
        assertThat(ETags.parseList("")).isEmpty();
    }
}
