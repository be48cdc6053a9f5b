package io.wharf.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigKeyTest {

    private static final ConfigKey<Integer> PORT = ConfigKey.integer("server", "port", null, 1, 65535, false, "p");
    private static final ConfigKey<Integer> COUNT = ConfigKey.integer("s", "count", 0, 0, Integer.MAX_VALUE, true, "c");
    private static final ConfigKey<Boolean> FLAG = ConfigKey.bool("s", "flag", false, false, "f");
    private static final ConfigKey<Duration> WAIT = ConfigKey.duration("s", "wait", Duration.ofSeconds(5), true, "w");
    private static final ConfigKey<Long> SIZE = ConfigKey.size("s", "size", 1024L, false, "sz");
    private static final ConfigKey<Long> BUF = ConfigKey.size("s", "buf", 0L, 0, Integer.MAX_VALUE, false, "b");
    private static final ConfigKey<String> NAME = ConfigKey.string("s", "name", null, false, "n");
    private static final ConfigKey<Path> ROOT = ConfigKey.path("s", "root", Path.of("."), false, "r");
    private static final ConfigKey<String> LEVEL =
            ConfigKey.oneOf("s", "level", "INFO", true, "l", "debug", "INFO", "Warn");

    @Test
    void describesItself() {
        assertThat(PORT.section()).isEqualTo("server");
        assertThat(PORT.name()).isEqualTo("port");
        assertThat(PORT.id()).isEqualTo("server.port");
        assertThat(PORT.defaultValue()).isNull();
        assertThat(PORT.live()).isFalse();
        assertThat(COUNT.live()).isTrue();
        assertThat(PORT.help()).isEqualTo("p");
        assertThat(PORT).hasToString("server.port");
    }

    @Test
    void sectionAndNameAreLowerCasedAndKeysEqualById() {
        ConfigKey<Integer> upper = ConfigKey.integer("Server", "PORT", 80, 1, 65535, false, "x");
        assertThat(upper.id()).isEqualTo("server.port");
        assertThat(upper).isEqualTo(PORT).hasSameHashCodeAs(PORT);
        assertThatThrownBy(() -> ConfigKey.bool("my section", "x", true, false, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "8080,8080", "65535,65535", "' 42 ',42", "+7,7"})
    void integerAcceptsNumbersInRange(String raw, int expected) {
        assertThat(PORT.parse(raw)).isEqualTo(expected);
    }

    @Test
    void integerRejectsNonNumbersAndOutOfRange() {
        assertThatThrownBy(() -> PORT.parse("abc")).hasMessage("'abc' is not a number");
        assertThatThrownBy(() -> PORT.parse("80.5")).hasMessage("'80.5' is not a number");
        assertThatThrownBy(() -> PORT.parse("")).hasMessage("'' is not a number");
        assertThatThrownBy(() -> PORT.parse("70000")).hasMessage("'70000' is out of range 1-65535");
        assertThatThrownBy(() -> PORT.parse("0")).hasMessage("'0' is out of range 1-65535");
        assertThatThrownBy(() -> PORT.parse("99999999999999999999")).hasMessageContaining("out of range 1-65535");
        assertThatThrownBy(() -> COUNT.parse("-1")).hasMessage("'-1' must be at least 0");
        assertThatThrownBy(() -> COUNT.parse("3000000000")).hasMessageContaining("'3000000000'");
    }

    @Test
    void integerRejectsADefaultOutsideItsRange() {
        assertThatThrownBy(() -> ConfigKey.integer("s", "x", 0, 1, 10, false, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "yes,true", "on,true", "1,true",
                "false,false", "False,false", "no,false", "off,false", "0,false"})
    void boolAcceptsCommonSpellings(String raw, boolean expected) {
        assertThat(FLAG.parse(raw)).isEqualTo(expected);
    }

    @Test
    void boolRejectsOthers() {
        assertThatThrownBy(() -> FLAG.parse("maybe")).hasMessage("'maybe' is not a boolean (use true or false)");
        assertThatThrownBy(() -> FLAG.parse("2")).hasMessageStartingWith("'2' is not a boolean");
    }

    @ParameterizedTest
    @CsvSource({"30s,PT30S", "500ms,PT0.5S", "5m,PT5M", "1h,PT1H", "2d,PT48H", "45,PT45S", "10 s,PT10S",
                "1H,PT1H", "0,PT0S", "off,PT0S", "OFF,PT0S", "0ms,PT0S"})
    void durationAcceptsUnitsBareSecondsAndOff(String raw, Duration expected) {
        assertThat(WAIT.parse(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "-5s", "1.5s", "s", "", "1m30s", "on"})
    void durationRejectsGarbage(String raw) {
        assertThatThrownBy(() -> WAIT.parse(raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + raw + "' is not a duration");
    }

    @Test
    void durationRejectsOverflow() {
        assertThatThrownBy(() -> WAIT.parse("9999999999999d")).hasMessage("'9999999999999d' is too long a duration");
        assertThatThrownBy(() -> WAIT.parse("99999999999999999999999")).hasMessageContaining("too long");
    }

    @ParameterizedTest
    @CsvSource({"1048576,1048576", "0,0", "512b,512", "64k,65536", "64K,65536", "64KiB,65536", "64kb,65536",
                "1m,1048576", "1MiB,1048576", "1 MB,1048576", "1g,1073741824", "2GiB,2147483648", "1t,1099511627776"})
    void sizeAcceptsBytesAndBinaryUnits(String raw, long expected) {
        assertThat(SIZE.parse(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5m", "-1", "64x", "k", "", "1mm", "64 kibibytes"})
    void sizeRejectsGarbage(String raw) {
        assertThatThrownBy(() -> SIZE.parse(raw)).hasMessageStartingWith("'" + raw + "' is not a size");
    }

    @Test
    void sizeRejectsOverflowAndBounds() {
        assertThatThrownBy(() -> SIZE.parse("99999999999t")).hasMessage("'99999999999t' is too large");
        assertThatThrownBy(() -> BUF.parse("2g")).hasMessage("'2g' must be at most 2147483647 bytes");
        assertThat(BUF.parse("1g")).isEqualTo(1L << 30);
    }

    @Test
    void stringKeepsTextAndRejectsEmpty() {
        assertThat(NAME.parse("  spaced  ")).isEqualTo("  spaced  ");
        assertThatThrownBy(() -> NAME.parse("")).hasMessageContaining("empty");
    }

    @Test
    void pathParsesAndRejectsEmptyOrInvalid() {
        assertThat(ROOT.parse("./htdocs")).isEqualTo(Path.of("./htdocs"));
        assertThat(ROOT.parse(" /var/www ")).isEqualTo(Path.of("/var/www"));
        assertThatThrownBy(() -> ROOT.parse("  ")).hasMessageContaining("empty path");
        assertThatThrownBy(() -> ROOT.parse("bad\0name")).hasMessageContaining("is not a valid path");
    }

    @Test
    void oneOfIsCaseInsensitiveAndCanonicalisesToLowerCase() {
        assertThat(LEVEL.defaultValue()).isEqualTo("info");
        assertThat(LEVEL.parse("DEBUG")).isEqualTo("debug");
        assertThat(LEVEL.parse(" warn ")).isEqualTo("warn");
        assertThatThrownBy(() -> LEVEL.parse("loud")).hasMessage("'loud' is not one of debug, info, warn");
        assertThatThrownBy(() -> ConfigKey.oneOf("s", "x", "nope", false, "", "a", "b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofUsesTheGivenParserAndReportsItsFailures() {
        ConfigKey<Integer> even = ConfigKey.of("s", "even", 2, false, "e", raw -> {
            int n = Integer.parseInt(raw.trim());
            if (n % 2 != 0) {
                throw new IllegalArgumentException("'" + raw + "' is odd");
            }
            return n;
        });
        assertThat(even.parse("4")).isEqualTo(4);
        assertThatThrownBy(() -> even.parse("3")).hasMessage("'3' is odd");
        // NumberFormatException is an IllegalArgumentException: it passes through unchanged
        assertThatThrownBy(() -> even.parse("x")).isInstanceOf(NumberFormatException.class);

        ConfigKey<Object> broken = ConfigKey.of("s", "broken", null, false, "b", raw -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> broken.parse("x")).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("'x' is not valid: boom");
        ConfigKey<Object> nulls = ConfigKey.of("s", "nulls", null, false, "n", raw -> null);
        assertThatThrownBy(() -> nulls.parse("x")).hasMessage("'x' is not valid");
    }

    @Test
    void formatWritesValuesThatParseBack() {
        assertThat(WAIT.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(WAIT.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(WAIT.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(WAIT.format(Duration.ofHours(48))).isEqualTo("48h");
        assertThat(WAIT.format(Duration.ZERO)).isEqualTo("0");
        assertThat(SIZE.format(1L << 20)).isEqualTo("1MiB");
        assertThat(SIZE.format(65536L)).isEqualTo("64KiB");
        assertThat(SIZE.format(1000L)).isEqualTo("1000");
        assertThat(SIZE.format(0L)).isEqualTo("0");
        assertThat(PORT.format(null)).isEqualTo("unset");
        assertThat(FLAG.format(true)).isEqualTo("true");
        for (Duration d : new Duration[]{Duration.ofMillis(1500), Duration.ofHours(3), Duration.ZERO}) {
            assertThat(WAIT.parse(WAIT.format(d))).isEqualTo(d);
        }
        for (long n : new long[]{0, 1000, 3L << 30, 5L << 40, 65536}) {
            assertThat(SIZE.parse(SIZE.format(n))).isEqualTo(n);
        }
    }
}
