package io.wharf.http.files;

import io.wharf.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class IfRangeTest {

    private static final String TAG = "\"64-5f\"";
    private static final Validators CURRENT =
            new Validators(Optional.of(TAG), Instant.parse("2024-03-10T12:00:00.400Z"));

    @Test
    void absentIfRangeAllowsTheRange() {
        assertThat(IfRange.allowsRange(new HttpHeaders(), CURRENT)).isTrue();
    }

    @Test
    void strongTagMustMatchStrongly() {
        assertThat(allows(TAG)).isTrue();
        assertThat(allows("\"other\"")).isFalse();
        assertThat(allows("W/" + TAG)).as("weak tags never match").isFalse();
        assertThat(IfRange.allowsRange(h(TAG), new Validators(Optional.of("W/" + TAG), CURRENT.lastModified())))
                .isFalse();
        assertThat(IfRange.allowsRange(h(TAG), new Validators(Optional.empty(), CURRENT.lastModified()))).isFalse();
    }

    @Test
    void dateMustEqualLastModifiedExactly() {
        assertThat(allows("Sun, 10 Mar 2024 12:00:00 GMT")).isTrue();
        assertThat(allows("Sun, 10 Mar 2024 12:00:01 GMT")).as("later is not equal").isFalse();
        assertThat(allows("Sun, 10 Mar 2024 11:59:59 GMT")).isFalse();
    }

    @Test
    void garbageOrRepeatedMeansFull() {
        assertThat(allows("garbage")).isFalse();
        assertThat(allows("")).isFalse();
        assertThat(IfRange.allowsRange(h(TAG).add("If-Range", TAG), CURRENT)).isFalse();
    }

    private static boolean allows(String value) {
        return IfRange.allowsRange(h(value), CURRENT);
    }

    private static HttpHeaders h(String value) {
        return new HttpHeaders().add("If-Range", value);
    }
}
