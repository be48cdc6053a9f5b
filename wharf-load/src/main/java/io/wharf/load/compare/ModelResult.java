package io.wharf.load.compare;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Everything measured for one model: a cell per client count, in the order run, its memory per connection, and
 * what a new connection costs before its first reply ({@code newConnectionMicros}, the median of a few; -1
 * when not measured). For the {@code process} model that is with a spare child ready and the machine quiet
 * (each connection after the last one's replacement started), {@code newConnectionBurstMicros} with spares
 * ready but one connection right after another (the replacements' JVM starts share the cores), and
 * {@code newConnectionNoSpareMicros} without any spare (a JVM start per connection); -1 for the others.
 * {@code problem} is empty unless the server could not be started at all. Immutable.
 */
public record ModelResult(String model, List<CellResult> cells, MemoryResult memory, long newConnectionMicros,
                          long newConnectionBurstMicros, long newConnectionNoSpareMicros, String problem) {

    public ModelResult {
        cells = List.copyOf(cells);
    }

    /** A model without spare children to tell apart. */
    public ModelResult(String model, List<CellResult> cells, MemoryResult memory, long newConnectionMicros,
                       String problem) {
        this(model, cells, memory, newConnectionMicros, -1, -1, problem);
    }

    /** The highest client count served with no refusal or failure ("Max clients"); 0 when none was. */
    @JsonProperty
    public int maxClientsHeld() {
        return cells.stream().filter(CellResult::clean).mapToInt(CellResult::clients).max().orElse(0);
    }

    public java.util.Optional<CellResult> cell(int clients) {
        return cells.stream().filter(c -> c.clients() == clients).findFirst();
    }
}
