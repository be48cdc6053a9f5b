package io.wharf.kv.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scores and range bounds read as Redis reads them with strtod, and blocking timeouts as Redis cuts them. */
class DoublesTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void string2dAcceptsWhatStrtodReadsWhole() {
        assertThat(Doubles.string2d(b("1.5"))).isEqualTo(1.5);
        assertThat(Doubles.string2d(b("-.5e1"))).isEqualTo(-5.0);
        assertThat(Doubles.string2d(b("+inf"))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Doubles.string2d(b("-Infinity"))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Doubles.string2d(b("0x10"))).isEqualTo(16.0);
        assertThat(Doubles.string2d(b("0x1.8p1"))).isEqualTo(3.0);
        assertThat(Doubles.string2d(b("1e-310"))).as("a subnormal is kept").isEqualTo(1e-310);
        for (String bad : new String[] {"", " 1", "1 ", "nan", "1e400", "1e-400", "1.5d", "abc", ".", "e5", "0x"}) {
            assertThat(Doubles.string2d(b(bad))).as(bad).isNull();
        }
    }

    @Test
    void aPlainIntegerScoreReadsAsStrtodReadsIt() {
        for (String n : new String[] {"0", "-0", "007", "-5", "123456789012345", "-123456789012345",
                "1234567890123456", "99999999999999999999", "-"}) {
            Double slow = Doubles.string2d(b(n));
            if (slow == null) {
                assertThatThrownBy(() -> Doubles.toDouble(b(n))).as(n).isInstanceOf(CommandError.class);
            } else {
                // by bits, so -0 stays negative zero
                assertThat(Double.doubleToRawLongBits(Doubles.toDouble(b(n)))).as(n)
                        .isEqualTo(Double.doubleToRawLongBits(slow));
            }
        }
        assertThatThrownBy(() -> Doubles.toDouble(b(""))).isInstanceOf(CommandError.class);
    }

    @Test
    void rangeBoundsAllowWhatZslParseRangeAllows() {
        assertThat(Doubles.range(b(""), 0)).isEqualTo(0.0);
        assertThat(Doubles.range(b(" 2"), 0)).isEqualTo(2.0);
        assertThat(Doubles.range(b("1e400"), 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Doubles.range(b("(5"), 1)).isEqualTo(5.0);
        assertThat(Doubles.range(b("3\u0000junk"), 0)).as("C stops at a NUL").isEqualTo(3.0);
        assertThat(Doubles.range(b("nan"), 0)).isNull();
        assertThat(Doubles.range(b("1x"), 0)).isNull();
    }

    @Test
    void timeoutsAreCutToMillisecondsAndZeroIsForever() {
        assertThat(Timeouts.deadline(b("0"), 1000)).isZero();
        assertThat(Timeouts.deadline(b("0.0005"), 1000)).as("under a millisecond: forever, as Redis").isZero();
        assertThat(Timeouts.deadline(b("1.5"), 1000)).isEqualTo(2500);
        assertThat(Timeouts.deadline(b("0.0019"), 1000)).isEqualTo(1001);
        assertThatThrownBy(() -> Timeouts.deadline(b("-1"), 0)).hasMessage("ERR timeout is negative");
        assertThatThrownBy(() -> Timeouts.deadline(b("inf"), 0)).hasMessage("ERR timeout is negative");
        assertThatThrownBy(() -> Timeouts.deadline(b("x"), 0)).hasMessage("ERR timeout is not a float or out of range");
        assertThatThrownBy(() -> Timeouts.deadline(b("9223372036854775"), 1000))
                .hasMessage("ERR timeout is out of range");
    }
}
