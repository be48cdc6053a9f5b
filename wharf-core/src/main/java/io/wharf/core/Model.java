package io.wharf.core;

import io.wharf.core.spi.Need;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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
    REACTOR("N event loops, accepting and serving, and a worker pool"),
    PROCESS("a child JVM per connection from warmed spares, the socket handed to it or its bytes relayed"),
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

    /**
     * Why a protocol with these {@code needs} cannot run under this model, naming the models that can; empty
     * when it can.
     */
    public Optional<String> refusal(Set<Need> needs) {
        List<Model> fit = Arrays.stream(values()).filter(m -> m.serves(needs)).toList();
        if (serves(needs)) {
            return Optional.empty();
        }
        String why = needs.contains(Need.SHARED_STATE) && !inProcess()
                ? "its state is shared by all clients, in one process"
                : needs.contains(Need.OUTBOUND) && this == PROCESS
                ? "its connections open connections of their own, which a child process cannot"
                : "its clients stay connected together, and this model serves one at a time";
        return Optional.of(why + "; use " + fit.stream().map(Model::id).collect(Collectors.joining(", ")));
    }

    private boolean serves(Set<Need> needs) {
        return !(needs.contains(Need.SHARED_STATE) && !inProcess())
                && !(needs.contains(Need.CONCURRENT_CLIENTS) && this == ITERATIVE)
                && !(needs.contains(Need.OUTBOUND) && this == PROCESS);
    }

    public static Optional<Model> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id().equalsIgnoreCase(id.trim())).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(Model::id).collect(Collectors.joining(", "));
    }
}
