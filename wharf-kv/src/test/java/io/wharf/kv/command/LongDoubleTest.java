package io.wharf.kv.command;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** INCRBYFLOAT's long double arithmetic: parsing as strtold does, rounding as the FPU does, printing as %.17Lf. */
class LongDoubleTest {

    private static LongDouble.Value parse(String s) {
        return LongDouble.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String add(String a, String b) {
        return LongDouble.format(LongDouble.add(parse(a).finite(), parse(b).finite()));
    }

    @Test
    void addsAsAnEightyBitLongDouble() {
        assertThat(add("10.5", "0.1")).isEqualTo("10.6");
        assertThat(add("0.1", "0.2")).isEqualTo("0.3");
        assertThat(add("5", "-5")).isEqualTo("0");
        assertThat(add("1e3", "0")).isEqualTo("1000");
        // the mantissa has 64 bits: 2^64 + 1 is not representable and rounds to even
        assertThat(add("18446744073709551616", "1")).isEqualTo("18446744073709551616");
        assertThat(add("9007199254740993", "0")).isEqualTo("9007199254740993");
    }

    @Test
    void roundsToSixtyFourBitsOfMantissa() {
        BigDecimal third = LongDouble.round(BigDecimal.ONE.divide(new BigDecimal(3), java.math.MathContext.DECIMAL128));
        assertThat(LongDouble.format(third)).isEqualTo("0.33333333333333333");
        assertThat(LongDouble.round(new BigDecimal("0.5"))).isEqualByComparingTo("0.5");
    }

    @Test
    void parsesWhatStrtoldTakesAndRedisAccepts() {
        assertThat(parse("+1.5").finite()).isEqualByComparingTo("1.5");
        assertThat(parse(".5").finite()).isEqualByComparingTo("0.5");
        assertThat(parse("5.").finite()).isEqualByComparingTo("5");
        assertThat(parse("-inf").isInfinite()).isTrue();
        assertThat(parse("Infinity").isInfinite()).isTrue();
        assertThat(parse("nan")).isNull();
        assertThat(parse(" 1")).isNull();
        assertThat(parse("1 ")).isNull();
        assertThat(parse("")).isNull();
        assertThat(parse("1e99999")).isNull();
        assertThat(parse("abc")).isNull();
    }
}
