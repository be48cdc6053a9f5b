package io.wharf.http.files;

import io.wharf.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangesTest {

    private static final long LEN = 1000;
    private static final Validators CURRENT =
            new Validators(Optional.of("\"3e8-1\""), Instant.parse("2024-03-10T12:00:00Z"));

    @Test
    void singleClosedRange() {
        assertThat(ByteRanges.parse("bytes=0-499", LEN)).isEqualTo(partial(0, 499));
        assertThat(ByteRanges.parse("bytes=500-999", LEN)).isEqualTo(partial(500, 999));
    }

    @Test
    void lastPositionPastTheEndIsClamped() {
        assertThat(ByteRanges.parse("bytes=900-5000", LEN)).isEqualTo(partial(900, 999));
        assertThat(ByteRanges.parse("bytes=0-99999999999999999999999", LEN)).isEqualTo(partial(0, 999));
    }

    @Test
    void openEndedRange() {
        assertThat(ByteRanges.parse("bytes=500-", LEN)).isEqualTo(partial(500, 999));
        assertThat(ByteRanges.parse("bytes=999-", LEN)).isEqualTo(partial(999, 999));
    }

    @Test
    void suffixRange() {
        assertThat(ByteRanges.parse("bytes=-500", LEN)).isEqualTo(partial(500, 999));
        assertThat(ByteRanges.parse("bytes=-1", LEN)).isEqualTo(partial(999, 999));
        assertThat(ByteRanges.parse("bytes=-5000", LEN)).as("longer than the file").isEqualTo(partial(0, 999));
    }

    @Test
    void unitIsCaseInsensitiveAndWhitespaceAroundCommasIsAllowed() {
        assertThat(ByteRanges.parse("Bytes=0-9", LEN)).isEqualTo(partial(0, 9));
        assertThat(ByteRanges.parse("bytes= 0-9 ,\t20-29 ,", LEN))
                .isEqualTo(new RangeDecision.Partial(List.of(new ByteRange(0, 9), new ByteRange(20, 29))));
    }

    @Test
    void multipleRangesAreSortedAndCoalesced() {
        var decision = (RangeDecision.Partial) ByteRanges.parse("bytes=500-599,0-99,50-149,150-199,-100", LEN);
        assertThat(decision.ranges()).containsExactly(
                new ByteRange(0, 199), new ByteRange(500, 599), new ByteRange(900, 999));
        assertThat(decision.single()).isFalse();
    }

    @Test
    void rangesCoalescingToOneAreSingle() {
        var decision = (RangeDecision.Partial) ByteRanges.parse("bytes=0-9,10-19,5-15", LEN);
        assertThat(decision.ranges()).containsExactly(new ByteRange(0, 19));
        assertThat(decision.single()).isTrue();
    }

    @Test
    void unsatisfiableRangesAreDroppedWhenOthersRemain() {
        assertThat(ByteRanges.parse("bytes=2000-3000,0-9", LEN)).isEqualTo(partial(0, 9));
        assertThat(ByteRanges.parse("bytes=-0,0-9", LEN)).isEqualTo(partial(0, 9));
    }

    @Test
    void nothingSatisfiableIs416() {
        assertThat(ByteRanges.parse("bytes=1000-", LEN)).isEqualTo(new RangeDecision.Unsatisfiable(LEN));
        assertThat(ByteRanges.parse("bytes=1000-2000,5000-", LEN)).isEqualTo(new RangeDecision.Unsatisfiable(LEN));
        assertThat(ByteRanges.parse("bytes=-0", LEN)).isEqualTo(new RangeDecision.Unsatisfiable(LEN));
        assertThat(new RangeDecision.Unsatisfiable(LEN).contentRange()).isEqualTo("bytes */1000");
    }

    @Test
    void emptyFile() {
        assertThat(ByteRanges.parse("bytes=0-", 0)).isEqualTo(new RangeDecision.Unsatisfiable(0));
        assertThat(ByteRanges.parse("bytes=-10", 0)).isEqualTo(new RangeDecision.Full());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "bytes", "bytes=", "bytes=,", "items=0-9", "bytes=abc", "bytes=5", "bytes=9-0",
            "bytes=0-9,9-0", "bytes=--5", "bytes=-", "bytes=0--5", "bytes=+1-5", "bytes=0x10-20",
            "bytes=1 -5", "bytes=-5-", "bytes=0-9;x",
    })
    void invalidSyntaxIsIgnored(String header) {
        assertThat(ByteRanges.parse(header, LEN)).as(header).isEqualTo(new RangeDecision.Full());
    }

    @Test
    void tooManyRangesIgnoreTheHeader() {
        String sixteen = "bytes=" + "0-0,".repeat(16);
        String seventeen = "bytes=" + "0-0,".repeat(17);
        assertThat(ByteRanges.parse(sixteen, LEN)).isEqualTo(partial(0, 0));
        assertThat(ByteRanges.parse(seventeen, LEN)).isEqualTo(new RangeDecision.Full());
        assertThat(ByteRanges.parse("bytes=0-1,4-5,8-9", LEN, 2)).isEqualTo(new RangeDecision.Full());
    }

    @Test
    void contentRangeOfARange() {
        assertThat(new ByteRange(0, 499).contentRange(1234)).isEqualTo("bytes 0-499/1234");
        assertThat(new ByteRange(10, 19).length()).isEqualTo(10);
    }

    @Test
    void evaluateAppliesToGetAndHeadOnly() {
        HttpHeaders headers = new HttpHeaders().add("Range", "bytes=0-9");
        assertThat(evaluate("GET", headers)).isEqualTo(partial(0, 9));
        assertThat(evaluate("HEAD", headers)).isEqualTo(partial(0, 9));
        assertThat(evaluate("POST", headers)).isEqualTo(new RangeDecision.Full());
        assertThat(evaluate("GET", new HttpHeaders())).isEqualTo(new RangeDecision.Full());
        assertThat(evaluate("GET", new HttpHeaders().add("Range", "bytes=0-1").add("Range", "bytes=2-3")))
                .as("repeated Range").isEqualTo(new RangeDecision.Full());
    }

    @Test
    void evaluateHonoursIfRange() {
        HttpHeaders matching = new HttpHeaders().add("Range", "bytes=0-9").add("If-Range", "\"3e8-1\"");
        HttpHeaders stale = new HttpHeaders().add("Range", "bytes=0-9").add("If-Range", "\"old\"");
        HttpHeaders unsatisfiableButStale = new HttpHeaders().add("Range", "bytes=5000-").add("If-Range", "\"old\"");
        assertThat(evaluate("GET", matching)).isEqualTo(partial(0, 9));
        assertThat(evaluate("GET", stale)).isEqualTo(new RangeDecision.Full());
        assertThat(evaluate("GET", unsatisfiableButStale)).isEqualTo(new RangeDecision.Full());
    }

    private static RangeDecision evaluate(String method, HttpHeaders headers) {
        return ByteRanges.evaluate(method, headers, LEN, CURRENT, ByteRanges.DEFAULT_MAX_RANGES);
    }

    private static RangeDecision partial(long first, long last) {
        return new RangeDecision.Partial(List.of(new ByteRange(first, last)));
    }
}
