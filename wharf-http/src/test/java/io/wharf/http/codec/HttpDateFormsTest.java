package io.wharf.http.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The date cases the files package relied on, now served by the one HttpDate. */
class HttpDateFormsTest {

    private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");
    private static final java.time.Clock NOW = java.time.Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);

    @Test
    void formatsImfFixdate() {
        assertThat(HttpDate.format(EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDate.format(Instant.parse("2024-02-29T23:05:09.999Z")))
                .isEqualTo("Thu, 29 Feb 2024 23:05:09 GMT");
    }

    @Test
    void parsesAllThreeForms() {
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).contains(EXAMPLE);
        assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).contains(EXAMPLE);
        assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994", NOW)).contains(EXAMPLE);
        assertThat(HttpDate.parse("Sun Nov 06 08:49:37 1994", NOW)).contains(EXAMPLE);
    }

    @Test
    void roundTrips() {
        Instant t = Instant.parse("2031-07-04T12:00:01Z");
        assertThat(HttpDate.parse(HttpDate.format(t))).contains(t);
    }

    @Test
    void rfc850TwoDigitYearsMoreThanFiftyYearsAheadAreLastCentury() {
        assertThat(HttpDate.parse("Tuesday, 01-Jan-74 00:00:00 GMT", NOW))
                .contains(Instant.parse("2074-01-01T00:00:00Z"));
        assertThat(HttpDate.parse("Wednesday, 01-Jan-76 00:00:00 GMT", NOW))
                .contains(Instant.parse("1976-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "yesterday",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 +0000",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 1994 08-49-37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 19x4 08:49:37 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Funday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 94",
            "1994-11-06T08:49:37Z",
    })
    void rejectsMalformedDates(String value) {
        assertThat(HttpDate.parse(value, NOW)).as(value).isEmpty();
    }
}
