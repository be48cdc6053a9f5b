package io.wharf.kv.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The small hashes' and sets' table against a LinkedHashMap: same lookups, same insertion order. */
class SmallTableTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> entries(SmallTable t) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            out.add(new String(t.key(i), StandardCharsets.US_ASCII) + "="
                    + new String(t.value(i), StandardCharsets.US_ASCII));
        }
        return out;
    }

    @Test
    void keepsInsertionOrderThroughGrowthUpdatesAndRemovals() {
        SmallTable t = new SmallTable(true);
        Map<String, String> model = new LinkedHashMap<>();
        Random random = new Random(7);
        for (int step = 0; step < 5_000; step++) {
            String k = "f" + random.nextInt(40);
            int i = t.indexOf(b(k)); // a fresh array each time: found by content, not identity
            assertThat(i >= 0).as(k).isEqualTo(model.containsKey(k));
            switch (random.nextInt(3)) {
                case 0 -> {
                    if (i >= 0) {
                        t.removeAt(i);
                        model.remove(k);
                    }
                }
                case 1 -> {
                    String v = "v" + step;
                    if (i >= 0) {
                        t.value(i, b(v));
                    } else {
                        t.add(b(k), b(v));
                    }
                    model.put(k, v);
                }
                default -> assertThat(i < 0 ? null : new String(t.value(i), StandardCharsets.US_ASCII))
                        .isEqualTo(model.get(k));
            }
        }
        List<String> expected = new ArrayList<>();
        model.forEach((k, v) -> expected.add(k + "=" + v));
        assertThat(entries(t)).isEqualTo(expected);
        assertThat(t.size()).isEqualTo(model.size());
    }

    @Test
    void aCopyChangesApartAndASetFindsItsMembers() {
        SmallTable t = new SmallTable(true);
        t.add(b("a"), b("1"));
        t.add(b("b"), b("2"));
        SmallTable c = t.copy();
        c.removeAt(0);
        c.value(0, b("3"));
        c.add(b("d"), b("4"));
        assertThat(entries(t)).containsExactly("a=1", "b=2");
        assertThat(entries(c)).containsExactly("b=3", "d=4");

        SmallTable set = new SmallTable(false);
        set.add(b("m"), null);
        assertThat(set.indexOf(b("m"))).isZero();
        assertThat(set.indexOf(b("n"))).isEqualTo(-1);
        assertThat(set.indexOf(new byte[0])).isEqualTo(-1);
    }
}
