package io.wharf.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The in-process concurrency models a server can run under ({@code --model}). */
public enum Model {
    ITERATIVE("one client at a time"),
    THREAD("a platform thread per connection"),
    VIRTUAL("a virtual thread per connection"),
    POOL("a fixed pool of worker threads and a bounded queue"),
    EVENT("one thread running a java.nio Selector loop"),
    REACTOR("an acceptor, N event loops and a worker pool");

    private final String description;

    Model(String description) {
        this.description = description;
    }

    /** The name users type: {@code iterative}, {@code thread}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    public static Optional<Model> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id().equalsIgnoreCase(id.trim())).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(Model::id).collect(Collectors.joining(", "));
    }
}
