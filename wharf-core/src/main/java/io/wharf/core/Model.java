package io.wharf.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The concurrency models a server can run under ({@code --model}): six in-process ones a {@link Server} runs
 * itself, and two that spread the work over several JVMs, which the command line's launcher runs (a
 * {@code Server} cannot: Java cannot fork).
 */
public enum Model {
    ITERATIVE("one client at a time"),
    THREAD("a platform thread per connection"),
    VIRTUAL("a virtual thread per connection"),
    POOL("a fixed pool of worker threads and a bounded queue"),
    EVENT("one thread running a java.nio Selector loop"),
    REACTOR("an acceptor, N event loops and a worker pool"),
    PROCESS("a child JVM per connection, its bytes relayed by the accepting process"),
    PREFORK("N worker JVMs sharing the port (SO_REUSEPORT), each running an in-process model");

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

    /** True for the models one {@link Server} runs in this JVM; false for {@code process} and {@code prefork}. */
    public boolean inProcess() {
        return this != PROCESS && this != PREFORK;
    }

    public static Optional<Model> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id().equalsIgnoreCase(id.trim())).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(Model::id).collect(Collectors.joining(", "));
    }
}
