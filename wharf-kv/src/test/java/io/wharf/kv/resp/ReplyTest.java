package io.wharf.kv.resp;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The reply encoder in both protocol versions. */
class ReplyTest {

    private static String text(Reply r) {
        ByteBuffer b = r.take();
        return StandardCharsets.ISO_8859_1.decode(b).toString();
    }

    private static Reply all(int protocol) {
        Reply r = new Reply();
        r.protocol(protocol);
        r.map(1).bulk("k").set(2).bool(true).nullBulk();
        r.nullArray().doubleReply(1.5).doubleReply(Double.NEGATIVE_INFINITY).verbatim("a:b\r\n");
        r.integer(-3).simple("OK").error("ERR bad\r\nline");
        return r;
    }

    @Test
    void resp2FlattensAndSpellsOut() {
        assertThat(text(all(2))).isEqualTo("*2\r\n$1\r\nk\r\n*2\r\n:1\r\n$-1\r\n*-1\r\n$3\r\n1.5\r\n$4\r\n-inf\r\n"
                + "$5\r\na:b\r\n\r\n:-3\r\n+OK\r\n-ERR bad  line\r\n");
    }

    @Test
    void resp3HasItsOwnTypes() {
        assertThat(text(all(3))).isEqualTo("%1\r\n$1\r\nk\r\n~2\r\n#t\r\n_\r\n_\r\n,1.5\r\n,-inf\r\n"
                + "=9\r\ntxt:a:b\r\n\r\n:-3\r\n+OK\r\n-ERR bad  line\r\n");
    }

    @Test
    void numbersAreWrittenInDecimalWithoutAString() {
        long[] values = {0, 7, -7, 9, 10, 99, 100, -100, 1_000_000_007L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, Integer.MAX_VALUE + 1L};
        for (long v : values) {
            Reply r = new Reply();
            r.integer(v).bulk(v).array((int) Math.min(Integer.MAX_VALUE, Math.abs(v % 100_000)));
            String d = Long.toString(v);
            assertThat(text(r)).as("%d", v).isEqualTo(":" + d + "\r\n$" + d.length() + "\r\n" + d + "\r\n*"
                    + Math.abs(v % 100_000) + "\r\n");
            assertThat(new String(Numbers.bytes(v), StandardCharsets.US_ASCII)).isEqualTo(d);
            assertThat(Numbers.toLong(Numbers.bytes(v))).isEqualTo(v);
        }
    }

    @Test
    void numbersParseWithinTheSigned64BitRangeOnly() {
        assertThat(Numbers.isLong("9223372036854775807".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(Numbers.isLong("9223372036854775808".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Numbers.isLong("-9223372036854775808".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(Numbers.isLong("-9223372036854775809".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Numbers.isLong("92233720368547758070".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Numbers.toLong("-922337203685477580".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(-922337203685477580L);
    }

    @Test
    void doublesPrintAsPercent17g() {
        assertThat(Reply.formatDouble(0.1)).isEqualTo("0.10000000000000001");
        assertThat(Reply.formatDouble(3)).isEqualTo("3");
        assertThat(Reply.formatDouble(1e20)).isEqualTo("1e+20");
        assertThat(Reply.formatDouble(1.5e-7)).isEqualTo("1.4999999999999999e-07");
        assertThat(Reply.formatDouble(-0.0)).isEqualTo("-0");
    }
}
