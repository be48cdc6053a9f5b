package io.wharf.kv.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The ring buffer against java.util.ArrayList, through wrap-arounds and growth. */
class ListValueTest {

    @Test
    void matchesAnArrayListUnderRandomOperations() {
        Random random = new Random(42);
        ListValue list = new ListValue();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            String v = Integer.toString(step);
            byte[] b = v.getBytes(StandardCharsets.US_ASCII);
            switch (random.nextInt(model.isEmpty() ? 2 : 8)) {
                case 0 -> { list.addFirst(b); model.add(0, v); }
                case 1 -> { list.addLast(b); model.add(v); }
                case 2 -> assertThat(new String(list.removeFirst(), StandardCharsets.US_ASCII)).isEqualTo(model.remove(0));
                case 3 -> assertThat(new String(list.removeLast(), StandardCharsets.US_ASCII)).isEqualTo(model.remove(model.size() - 1));
                case 4 -> { int i = random.nextInt(model.size() + 1); list.insert(i, b); model.add(i, v); }
                case 5 -> { int i = random.nextInt(model.size()); list.remove(i); model.remove(i); }
                case 6 -> { int i = random.nextInt(model.size()); list.set(i, b); model.set(i, v); }
                default -> {
                    if (random.nextInt(50) == 0) {
                        int from = random.nextInt(model.size());
                        int to = from + random.nextInt(model.size() - from + 1);
                        list.trim(from, to);
                        model = new ArrayList<>(model.subList(from, to));
                    }
                }
            }
            assertThat(list.size()).isEqualTo(model.size());
        }
        for (int i = 0; i < model.size(); i++) {
            assertThat(new String(list.get(i), StandardCharsets.US_ASCII)).isEqualTo(model.get(i));
        }
    }
}
