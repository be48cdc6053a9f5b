package io.wharf.http.files;

import io.wharf.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptEncodingTest {

    @Test
    void listedCodingsWithWeights() {
        AcceptEncoding ae = AcceptEncoding.parse("gzip;q=0.8, br, zstd;q=0.25");
        assertThat(ae.quality("br")).isEqualTo(1000);
        assertThat(ae.quality("gzip")).isEqualTo(800);
        assertThat(ae.quality("zstd")).isEqualTo(250);
        assertThat(ae.quality("deflate")).isZero();
        assertThat(ae.quality("identity")).isEqualTo(1000);
    }

    @Test
    void qZeroRefuses() {
        AcceptEncoding ae = AcceptEncoding.parse("gzip;q=0, br");
        assertThat(ae.accepts("gzip")).isFalse();
        assertThat(ae.accepts("br")).isTrue();
    }

    @Test
    void starCoversTheRestAndCanExcludeIdentity() {
        AcceptEncoding ae = AcceptEncoding.parse("br;q=0, *;q=0.5");
        assertThat(ae.quality("gzip")).isEqualTo(500);
        assertThat(ae.quality("br")).isZero();
        assertThat(ae.quality("identity")).isEqualTo(500);
        assertThat(AcceptEncoding.parse("*;q=0").accepts("identity")).isFalse();
        assertThat(AcceptEncoding.parse("identity;q=0, *").accepts("identity")).isFalse();
    }

    @Test
    void caseAndXGzipAlias() {
        assertThat(AcceptEncoding.parse("GZIP").accepts("gzip")).isTrue();
        assertThat(AcceptEncoding.parse("x-gzip").accepts("gzip")).isTrue();
        assertThat(AcceptEncoding.parse("gzip;Q=0").accepts("gzip")).isFalse();
    }

    @Test
    void invalidWeightsDropTheItem() {
        AcceptEncoding ae = AcceptEncoding.parse("gzip;q=2, br;q=abc, zstd;q=1.5, deflate;q=0.1234");
        assertThat(ae.accepts("gzip")).isFalse();
        assertThat(ae.accepts("br")).isFalse();
        assertThat(ae.accepts("zstd")).isFalse();
        assertThat(ae.accepts("deflate")).isFalse();
        assertThat(AcceptEncoding.parse("gzip;q=1.000").quality("gzip")).isEqualTo(1000);
        assertThat(AcceptEncoding.parse("gzip;q=0.").quality("gzip")).isZero();
        assertThat(AcceptEncoding.parse("gzip ; q=0.5 ").quality("gzip")).isEqualTo(500);
    }

    @Test
    void absentFieldMeansIdentityOnlyAndFieldsCombine() {
        AcceptEncoding none = AcceptEncoding.of(new HttpHeaders());
        assertThat(none.accepts("gzip")).isFalse();
        assertThat(none.accepts("identity")).isTrue();
        AcceptEncoding two = AcceptEncoding.of(new HttpHeaders().add("Accept-Encoding", "gzip")
                .add("accept-encoding", "br;q=0.5"));
        assertThat(two.quality("gzip")).isEqualTo(1000);
        assertThat(two.quality("br")).isEqualTo(500);
    }

    @Test
    void emptyFieldAcceptsOnlyIdentity() {
        AcceptEncoding empty = AcceptEncoding.parse("");
        assertThat(empty.accepts("gzip")).isFalse();
        assertThat(empty.accepts("identity")).isTrue();
    }
}
