package io.wharf.kv.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The two encodings and the switch between them, as Redis 7.0's intset and hash table. */
class SetValueTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String members(SetValue v) {
        return String.join(",", v.members().stream().map(m -> new String(m, StandardCharsets.US_ASCII)).toList());
    }

    @Test
    void integersStaySortedUntilANonIntegerOrTheLimit() {
        SetValue v = new SetValue();
        for (String m : new String[] {"10", "-3", "7", "007", "+1"}) {
            v.add(b(m));
        }
        // 007 and +1 are not Redis integers: the first of them turns the set into a hash set
        assertThat(v.isIntset()).isFalse();
        assertThat(members(v)).isEqualTo("-3,7,10,007,+1");
        assertThat(v.contains(b("7"))).isTrue();
        assertThat(v.remove(b("007"))).isTrue();
        v.remove(b("+1"));
        assertThat(v.isIntset()).isFalse();

        SetValue big = new SetValue();
        for (int i = SetValue.MAX_INTSET; i > 0; i--) {
            big.add(b(Integer.toString(i)));
        }
        assertThat(big.isIntset()).isTrue();
        assertThat(new String(big.members().get(0), StandardCharsets.US_ASCII)).isEqualTo("1");
        assertThat(big.add(b("1"))).isFalse();
        assertThat(big.isIntset()).isTrue();
        big.add(b("0"));
        assertThat(big.isIntset()).isFalse();
        assertThat(big.size()).isEqualTo(SetValue.MAX_INTSET + 1);
        assertThat(big.contains(b("0"))).isTrue();
    }
}
