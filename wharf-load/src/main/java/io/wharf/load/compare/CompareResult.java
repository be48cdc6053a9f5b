package io.wharf.load.compare;

import java.util.List;

/**
 * A whole comparison: the protocol and load it ran ({@code durationMillis} measured per cell after
 * {@code warmupMillis}), the machine it ran on, and one {@link ModelResult} per model. What the tables, CSV,
 * JSON, HTML and PNG outputs are all made from. Immutable.
 */
public record CompareResult(String protocol, List<Integer> clients, long durationMillis, long warmupMillis,
                            String startedAt, String machine, List<ModelResult> models) {

    public CompareResult {
        clients = List.copyOf(clients);
        models = List.copyOf(models);
    }
}
