package io.wharf.http.files;

import io.wharf.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentNegotiationTest {

    private static final AcceptEncoding GZIP = AcceptEncoding.parse("gzip, deflate, br");

    @Test
    void gzipsCompressibleTypesAboveTheThreshold() {
        assertThat(ContentNegotiation.gzipOnTheFly("text/css; charset=utf-8", 10_000, GZIP)).isTrue();
        assertThat(ContentNegotiation.gzipOnTheFly("application/json", 256, GZIP)).isTrue();
        assertThat(ContentNegotiation.gzipOnTheFly("application/json", 255, GZIP)).isFalse();
        assertThat(ContentNegotiation.gzipOnTheFly("text/html", 100, GZIP, 50)).isTrue();
    }

    @Test
    void doesNotGzipIncompressibleTypesOrUnwillingClients() {
        assertThat(ContentNegotiation.gzipOnTheFly("image/png", 10_000, GZIP)).isFalse();
        assertThat(ContentNegotiation.gzipOnTheFly("text/css", 10_000, AcceptEncoding.parse("br"))).isFalse();
        assertThat(ContentNegotiation.gzipOnTheFly("text/css", 10_000, AcceptEncoding.parse("gzip;q=0")))
                .isFalse();
        assertThat(ContentNegotiation.gzipOnTheFly("text/css", 10_000, AcceptEncoding.of(new HttpHeaders())))
                .isFalse();
    }

    @Test
    void jsonOnlyWhenAskedFor() {
        assertThat(prefersJson("application/json")).isTrue();
        assertThat(prefersJson("application/json, text/plain, */*")).as("axios").isTrue();
        assertThat(prefersJson("text/html;q=0.5, application/json")).isTrue();
        assertThat(prefersJson("application/*")).isTrue();
        assertThat(prefersJson("APPLICATION/JSON;charset=utf-8")).isTrue();
    }

    @Test
    void htmlOtherwise() {
        assertThat(ContentNegotiation.prefersJson(new HttpHeaders())).isFalse();
        assertThat(prefersJson("*/*")).isFalse();
        assertThat(prefersJson("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).as("browser")
                .isFalse();
        assertThat(prefersJson("text/html, application/json")).as("tie between exact matches").isFalse();
        assertThat(prefersJson("application/json;q=0, */*")).isFalse();
        assertThat(prefersJson("text/plain")).isFalse();
        assertThat(prefersJson("application/json;q=0.5, text/html")).isFalse();
    }

    private static boolean prefersJson(String accept) {
        return ContentNegotiation.prefersJson(new HttpHeaders().add("Accept", accept));
    }
}
