package io.wharf.load.scenario;

import io.wharf.load.Variables;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario's variables: each is a range ({@code from}..{@code to}, counting up and wrapping) or a column of a
 * CSV file (rows taken in turn; the columns of one file come from the same row). Immutable; any thread.
 */
final class TableVariables implements Variables {

    /** One variable's values, by request index. */
    sealed interface Source {
        String value(long index);
    }

    record Range(long from, long to) implements Source {
        @Override
        public String value(long index) {
            return Long.toString(from + Math.floorMod(index, to - from + 1));
        }
    }

    record Column(List<String> rows) implements Source {
        Column {
            rows = List.copyOf(rows);
        }

        @Override
        public String value(long index) {
            return rows.get((int) Math.floorMod(index, (long) rows.size()));
        }
    }

    private final Map<String, Source> sources;

    TableVariables(Map<String, Source> sources) {
        this.sources = Map.copyOf(sources);
    }

    @Override
    public Set<String> names() {
        return sources.keySet();
    }

    @Override
    public String value(String name, long index) {
        return sources.get(name).value(index);
    }
}
