package io.wharf.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDateTest {

    /** RFC 9110's example instant. */
    private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void formatsImfFixdate() {
        assertThat(HttpDate.format(EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDate.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
        assertThat(HttpDate.format(Instant.parse("2024-02-29T23:59:59Z"))).isEqualTo("Thu, 29 Feb 2024 23:59:59 GMT");
        assertThatThrownBy(() -> HttpDate.format(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesTheThreeFormats() {
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")).contains(EXAMPLE);
        assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")).contains(EXAMPLE);
        assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994")).contains(EXAMPLE);
        assertThat(HttpDate.parse("Sun Nov 16 08:49:37 1994")).contains(EXAMPLE.plus(10, ChronoUnit.DAYS));
    }

    @Test
    void leapSecondCountsAsTheSecondBefore() {
        assertThat(HttpDate.parse("Sat, 31 Dec 2016 23:59:60 GMT")).contains(Instant.parse("2016-12-31T23:59:59Z"));
    }

    @Test
    void rfc850YearsMoreThanFiftyYearsAheadAreInThePast() {
        Clock in2026 = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(HttpDate.parse("Thursday, 01-Jan-76 00:00:00 GMT", in2026))
                .contains(Instant.parse("2076-01-01T00:00:00Z"));
        assertThat(HttpDate.parse("Friday, 01-Jan-77 00:00:00 GMT", in2026))
                .contains(Instant.parse("1977-01-01T00:00:00Z"));
        assertThat(HttpDate.parse("Wednesday, 01-Jan-25 00:00:00 GMT", in2026))
                .contains(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 gmt",
        "sun, 06 Nov 1994 08:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 30 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun,  06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08-49-37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
        "Sunday, 06-Nov-1994 08:49:37 GMT", "Sonntag, 06-Nov-94 08:49:37 GMT", "Sun Nov 06 08:49:37 94",
        "Sun Nov  6 08:49:37  994", "Sun, 06 Nov 19x4 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:3\u0661 GMT",
        "1994-11-06T08:49:37Z"})
    void refusesAnythingElse(String text) {
        assertThat(HttpDate.parse(text)).isEmpty();
    }

    @Test
    void nowIsTheCurrentSecond() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String now = HttpDate.now();
        Instant after = Instant.now();
        assertThat(HttpDate.parse(now)).hasValueSatisfying(t -> assertThat(t).isBetween(before, after));
        String a = HttpDate.now();
        String b = HttpDate.now();
        if (a.equals(b)) {
            assertThat(b).as("formatted once per second").isSameAs(a);
        }
    }
}
