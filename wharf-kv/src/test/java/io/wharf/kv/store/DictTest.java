package io.wharf.kv.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The hash table: map behaviour, and SCAN's guarantee across resizes. */
class DictTest {

    private static byte[] k(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void behavesAsAMapThroughGrowthAndShrinking() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(d.put(k(i), i)).isNull();
        }
        assertThat(d.put(k(5), 55)).isEqualTo(5);
        assertThat(d.size()).isEqualTo(10_000);
        for (int i = 0; i < 9_990; i++) {
            assertThat(d.remove(k(i))).isNotNull();
        }
        assertThat(d.remove(k(1))).isNull();
        assertThat(d.size()).isEqualTo(10);
        for (int i = 9_990; i < 10_000; i++) {
            assertThat(d.get(k(i))).isEqualTo(i);
        }
        assertThat(d.get(k(1))).isNull();
    }

    @Test
    void aScanReturnsEveryKeyPresentThroughoutEvenWhenTheTableGrowsAndShrinks() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 1000; i++) {
            d.put(k(i), i);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = d.scan(cursor, (key, v) -> seen.add(new String(key, StandardCharsets.US_ASCII)));
            step++;
            if (step == 50) {
                for (int i = 1000; i < 5000; i++) {
                    d.put(k(i), i);
                }
            }
            if (step == 300) {
                for (int i = 1000; i < 5000; i++) {
                    d.remove(k(i));
                }
            }
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(seen).contains("key:" + i);
        }
    }

    @Test
    void randomKeysComeFromTheTable() {
        Dict<Integer> d = new Dict<>();
        assertThat(d.randomKey()).isNull();
        for (int i = 0; i < 100; i++) {
            d.put(k(i), i);
        }
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            picked.add(new String(d.randomKey(), StandardCharsets.US_ASCII));
        }
        assertThat(picked).hasSizeGreaterThan(90).allMatch(s -> s.startsWith("key:"));
    }
}
