package io.wharf.kv.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intrusive key table: a map of entries by their key through growth and shrinking, its cache of the last
 * lookup never answering for a key that went or moved, and SCAN's guarantee across resizes.
 */
class KeyTableTest {

    private static byte[] k(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private static Entry entry(int i) {
        return new Entry(k(i), i);
    }

    @Test
    void behavesAsAMapThroughGrowthAndShrinking() {
        KeyTable t = new KeyTable();
        for (int i = 0; i < 10_000; i++) {
            t.add(entry(i));
        }
        assertThat(t.size()).isEqualTo(10_000);
        for (int i = 0; i < 9_990; i++) {
            assertThat(t.remove(k(i))).isNotNull().extracting(e -> e.value).isEqualTo(i);
        }
        assertThat(t.remove(k(1))).isNull();
        assertThat(t.size()).isEqualTo(10);
        for (int i = 9_990; i < 10_000; i++) {
            assertThat(t.get(k(i)).value).isEqualTo(i);
        }
        assertThat(t.get(k(1))).isNull();
    }

    @Test
    void theLastLookupIsForgottenWhenItsKeyGoesOrIsStoredAgain() {
        KeyTable t = new KeyTable();
        byte[] asked = k(1);
        t.add(new Entry(k(1), "a"));
        assertThat(t.get(asked).value).isEqualTo("a");
        assertThat(t.remove(k(1))).isNotNull();
        assertThat(t.get(asked)).isNull();
        Entry again = new Entry(k(1), "b");
        t.add(again);
        assertThat(t.get(asked)).isSameAs(again);
        t.clear();
        assertThat(t.get(asked)).isNull();
        assertThat(t.size()).isZero();
    }

    @Test
    void aScanReturnsEveryKeyPresentThroughoutEvenWhenTheTableGrowsAndShrinks() {
        KeyTable t = new KeyTable();
        for (int i = 0; i < 1000; i++) {
            t.add(entry(i));
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = t.scan(cursor, e -> seen.add(new String(e.key, StandardCharsets.US_ASCII)));
            step++;
            if (step == 50) {
                for (int i = 1000; i < 5000; i++) {
                    t.add(entry(i));
                }
            }
            if (step == 300) {
                for (int i = 1000; i < 5000; i++) {
                    t.remove(k(i));
                }
            }
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(seen).contains("key:" + i);
        }
    }

    @Test
    void randomKeysComeFromTheTable() {
        KeyTable t = new KeyTable();
        assertThat(t.randomKey()).isNull();
        for (int i = 0; i < 100; i++) {
            t.add(entry(i));
        }
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            picked.add(new String(t.randomKey(), StandardCharsets.US_ASCII));
        }
        assertThat(picked).hasSizeGreaterThan(90).allMatch(s -> s.startsWith("key:"));
    }
}
