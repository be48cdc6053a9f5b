package io.wharf.kv.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sorted set against a plain model (a map and a sort), through thousands of random adds, score changes and
 * removals: order (score, then member bytes unsigned), ranks both ways, the member at each rank, score ranges'
 * first and last nodes, and the listpack-to-skiplist conversion.
 */
class ZSetValueTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private record M(String member, double score) {
    }

    private static List<M> model(Map<String, Double> m) {
        List<M> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new M(k, v)));
        out.sort((x, y) -> SkipList.compare(x.score, b(x.member), y.score, b(y.member)));
        return out;
    }

    @Test
    void matchesAModelThroughRandomChanges() {
        Random r = new Random(42);
        ZSetValue z = new ZSetValue();
        Map<String, Double> m = new HashMap<>();
        for (int step = 0; step < 5000; step++) {
            String member = "m" + r.nextInt(300) + (r.nextBoolean() ? "\u00ff" : "");
            int op = r.nextInt(10);
            if (op < 6) {
                double score = r.nextInt(50) / 2.0;
                assertThat(z.put(b(member), score)).isEqualTo(!m.containsKey(member));
                m.put(member, score);
            } else {
                assertThat(z.remove(b(member))).isEqualTo(m.remove(member) != null);
            }
            if (step % 250 == 0) {
                check(z, m);
            }
        }
        check(z, m);
        assertThat(z.encoding()).isEqualTo("skiplist");
    }

    private static void check(ZSetValue z, Map<String, Double> m) {
        List<M> order = model(m);
        assertThat(z.size()).isEqualTo(order.size());
        List<String> walked = new ArrayList<>();
        for (SkipList.Node n = z.first(); n != null; n = n.next()) {
            walked.add(new String(n.member(), StandardCharsets.ISO_8859_1));
        }
        assertThat(walked).containsExactlyElementsOf(order.stream().map(M::member).toList());
        List<String> back = new ArrayList<>();
        for (SkipList.Node n = z.last(); n != null; n = n.previous()) {
            back.add(new String(n.member(), StandardCharsets.ISO_8859_1));
        }
        assertThat(back.reversed()).isEqualTo(walked);
        for (int i = 0; i < order.size(); i++) {
            M x = order.get(i);
            assertThat(z.rank(b(x.member), false)).isEqualTo(i);
            assertThat(z.rank(b(x.member), true)).isEqualTo(order.size() - 1 - i);
            assertThat(z.at(i).member()).isEqualTo(b(x.member));
            assertThat(z.score(b(x.member))).isEqualTo(x.score);
        }
        assertThat(z.at(order.size())).isNull();
        double lo = 5;
        double hi = 10;
        SkipList.Range range = new SkipList.Range() {
            @Override
            public boolean empty() {
                return false;
            }

            @Override
            public boolean aboveMin(SkipList.Node n) {
                return n.score() > lo;
            }

            @Override
            public boolean belowMax(SkipList.Node n) {
                return n.score() <= hi;
            }
        };
        List<M> in = order.stream().filter(x -> x.score > lo && x.score <= hi).toList();
        if (in.isEmpty()) {
            assertThat(z.firstIn(range)).isNull();
            assertThat(z.lastIn(range)).isNull();
        } else {
            assertThat(z.firstIn(range).member()).isEqualTo(b(in.getFirst().member));
            assertThat(z.lastIn(range).member()).isEqualTo(b(in.getLast().member));
        }
    }

    @Test
    void staysAListpackWhileSmallAsRedisDoes() {
        ZSetValue z = new ZSetValue();
        for (int i = 0; i < ZSetValue.MAX_LISTPACK_ENTRIES; i++) {
            z.put(b("m" + i), i);
        }
        assertThat(z.encoding()).isEqualTo("listpack");
        z.put(b("one-more"), 0);
        assertThat(z.encoding()).isEqualTo("skiplist");
        z.remove(b("one-more"));
        assertThat(z.encoding()).as("never converted back").isEqualTo("skiplist");
        ZSetValue big = new ZSetValue();
        byte[] long65 = new byte[65];
        Arrays.fill(long65, (byte) 'x');
        big.put(long65, 1);
        assertThat(big.encoding()).isEqualTo("skiplist");
        big.compactIfSmall();
        assertThat(big.encoding()).isEqualTo("skiplist");
    }

    @Test
    void tiesOrderByMemberBytesUnsigned() {
        ZSetValue z = new ZSetValue();
        for (String m : List.of("b", "\u00e9", "a", "", "ab", "A")) {
            z.put(b(m), 1);
        }
        List<String> walked = new ArrayList<>();
        for (SkipList.Node n = z.first(); n != null; n = n.next()) {
            walked.add(new String(n.member(), StandardCharsets.ISO_8859_1));
        }
        assertThat(walked).containsExactly("", "A", "a", "ab", "b", "\u00e9");
    }
}
