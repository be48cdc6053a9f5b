package io.wharf.http.files;

import io.wharf.http.HttpHeaders;
import io.wharf.http.files.Preconditions.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PreconditionsTest {

    private static final String TAG = "\"1f-abc\"";
    private static final Instant MODIFIED = Instant.parse("2024-03-10T12:00:00.750Z");
    private static final String AT = "Sun, 10 Mar 2024 12:00:00 GMT";
    private static final String BEFORE = "Sun, 10 Mar 2024 11:59:59 GMT";
    private static final String AFTER = "Sun, 10 Mar 2024 12:00:01 GMT";
    private static final Validators CURRENT = new Validators(Optional.of(TAG), MODIFIED);
    private static final Validators NO_ETAG = new Validators(Optional.empty(), MODIFIED);

    @Test
    void noConditionsProceed() {
        assertThat(get(new HttpHeaders())).isEqualTo(Outcome.PROCEED);
    }

    @Test
    void ifNoneMatchWithCurrentTagIs304ForGetAndHead() {
        assertThat(get(h("If-None-Match", TAG))).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(evaluate("HEAD", h("If-None-Match", TAG))).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(get(h("If-None-Match", "W/" + TAG))).as("weak comparison").isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(get(h("If-None-Match", "\"x\", " + TAG))).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(get(h("If-None-Match", "*"))).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void ifNoneMatchAcrossRepeatedFields() {
        HttpHeaders headers = h("If-None-Match", "\"x\"").add("if-none-match", TAG);
        assertThat(get(headers)).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void ifNoneMatchWithOtherTagProceeds() {
        assertThat(get(h("If-None-Match", "\"other\""))).isEqualTo(Outcome.PROCEED);
        assertThat(get(h("If-None-Match", "garbage"))).isEqualTo(Outcome.PROCEED);
    }

    @Test
    void ifNoneMatchOnOtherMethodsIs412() {
        assertThat(evaluate("POST", h("If-None-Match", TAG))).isEqualTo(Outcome.PRECONDITION_FAILED);
        assertThat(evaluate("DELETE", h("If-None-Match", "*"))).isEqualTo(Outcome.PRECONDITION_FAILED);
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
        HttpHeaders headers = h("If-None-Match", "\"other\"").add("If-Modified-Since", AFTER);
        assertThat(get(headers)).isEqualTo(Outcome.PROCEED);
        headers = h("If-None-Match", TAG).add("If-Modified-Since", BEFORE);
        assertThat(get(headers)).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void ifModifiedSinceComparesWholeSeconds() {
        assertThat(get(h("If-Modified-Since", AT))).as("same second").isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(get(h("If-Modified-Since", AFTER))).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(get(h("If-Modified-Since", BEFORE))).isEqualTo(Outcome.PROCEED);
    }

    @Test
    void ifModifiedSinceIsIgnoredWhenInvalidRepeatedOrNotGet() {
        assertThat(get(h("If-Modified-Since", "yesterday"))).isEqualTo(Outcome.PROCEED);
        assertThat(get(h("If-Modified-Since", AT).add("If-Modified-Since", AT))).isEqualTo(Outcome.PROCEED);
        assertThat(evaluate("POST", h("If-Modified-Since", AFTER))).isEqualTo(Outcome.PROCEED);
    }

    @Test
    void ifMatchNeedsAStrongMatch() {
        assertThat(get(h("If-Match", TAG))).isEqualTo(Outcome.PROCEED);
        assertThat(get(h("If-Match", "\"a\", " + TAG))).isEqualTo(Outcome.PROCEED);
        assertThat(get(h("If-Match", "*"))).isEqualTo(Outcome.PROCEED);
        assertThat(get(h("If-Match", "W/" + TAG))).isEqualTo(Outcome.PRECONDITION_FAILED);
        assertThat(get(h("If-Match", "\"other\""))).isEqualTo(Outcome.PRECONDITION_FAILED);
        assertThat(get(h("If-Match", ""))).isEqualTo(Outcome.PRECONDITION_FAILED);
    }

    @Test
    void ifMatchWithoutEtagsMatchesOnlyTheStar() {
        assertThat(Preconditions.evaluate("GET", h("If-Match", TAG), NO_ETAG)).isEqualTo(Outcome.PRECONDITION_FAILED);
        assertThat(Preconditions.evaluate("GET", h("If-Match", "*"), NO_ETAG)).isEqualTo(Outcome.PROCEED);
        assertThat(Preconditions.evaluate("GET", h("If-None-Match", TAG), NO_ETAG)).isEqualTo(Outcome.PROCEED);
    }

    @Test
    void ifUnmodifiedSince() {
        assertThat(get(h("If-Unmodified-Since", AT))).isEqualTo(Outcome.PROCEED);
        assertThat(get(h("If-Unmodified-Since", AFTER))).isEqualTo(Outcome.PROCEED);
        assertThat(get(h("If-Unmodified-Since", BEFORE))).isEqualTo(Outcome.PRECONDITION_FAILED);
        assertThat(get(h("If-Unmodified-Since", "not a date"))).isEqualTo(Outcome.PROCEED);
    }

    @Test
    void ifMatchTakesPrecedenceOverIfUnmodifiedSince() {
        assertThat(get(h("If-Match", TAG).add("If-Unmodified-Since", BEFORE))).isEqualTo(Outcome.PROCEED);
        assertThat(get(h("If-Match", "\"x\"").add("If-Unmodified-Since", AFTER)))
                .isEqualTo(Outcome.PRECONDITION_FAILED);
    }

    @Test
    void a412FromIfMatchWinsOverA304() {
        HttpHeaders headers = h("If-Match", "\"x\"").add("If-None-Match", TAG);
        assertThat(get(headers)).isEqualTo(Outcome.PRECONDITION_FAILED);
        headers = h("If-Match", TAG).add("If-None-Match", TAG);
        assertThat(get(headers)).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void lastModifiedHeaderIsAnImfFixdate() {
        assertThat(CURRENT.lastModifiedHeader()).isEqualTo(AT);
    }

    private static Outcome get(HttpHeaders headers) {
        return evaluate("GET", headers);
    }

    private static Outcome evaluate(String method, HttpHeaders headers) {
        return Preconditions.evaluate(method, headers, CURRENT);
    }

    private static HttpHeaders h(String name, String value) {
        return new HttpHeaders().add(name, value);
    }
}
