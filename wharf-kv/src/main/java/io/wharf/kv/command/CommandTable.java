package io.wharf.kv.command;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The commands by name, as Redis's command table: top-level commands, and container commands
 * ({@code CLIENT}, {@code COMMAND}) whose subcommands are looked up by their second argument. The families
 * register themselves, one class per family as Redis keeps one file per type.
 *
 * <p>Threading: built once, then read-only.
 */
public final class CommandTable {

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Map<String, Map<String, Command>> subcommands = new LinkedHashMap<>();
    /** The top-level commands but the containers, by the ASCII-lower-cased bytes of their name; built lazily. */
    private CommandIndex index;

    static CommandTable standard() {
        CommandTable t = new CommandTable();
        ConnectionCommands.register(t);
        ServerCommands.register(t);
        StringCommands.register(t);
        KeyCommands.register(t);
        HashCommands.register(t);
        ListCommands.register(t);
        ListPositionCommands.register(t);
        ListMoveCommands.register(t);
        SetCommands.register(t);
        PersistenceCommands.register(t);
        ZSetCommands.register(t);
        ZRangeCommands.register(t);
        ZPopCommands.register(t);
        ZSetAlgebra.register(t);
        ZRandomCommands.register(t);
        CollectionRandomCommands.register(t);
        BlockingCommands.register(t);
        TransactionCommands.register(t);
        ClientCommands.register(t);
        ClientPause.register(t);
        PubSubCommands.register(t);
        AdminCommands.register(t);
        CommandDocs.register(t);
        ContainerHelp.register(t);
        return t;
    }

    void add(String name, int arity, String flags, int firstKey, int lastKey, int step, Command.Body body) {
        commands.put(name, new Command(name, arity, flagSet(flags), firstKey, lastKey, step, body));
    }

    /**
     * A container command that needs a subcommand: its own arity is {@code -2}, as Redis's containers, so it
     * never runs alone.
     */
    void container(String name, String flags) {
        container(name, -2, flags, (s, a) -> {
            throw new IllegalStateException("container " + name + " runs no body");
        });
    }

    /** A container command that also runs alone (COMMAND, arity -1). */
    void container(String name, int arity, String flags, Command.Body alone) {
        add(name, arity, flags, 0, 0, 0, alone);
        subcommands.put(name, new LinkedHashMap<>());
    }

    void sub(String container, String name, int arity, String flags, Command.Body body) {
        subcommands.get(container).put(name,
                new Command(container + "|" + name, arity, flagSet(flags), 0, 0, 0, body));
    }

    private static Set<String> flagSet(String flags) {
        return flags.isBlank() ? Set.of() : Set.copyOf(List.of(flags.trim().split("\\s+")));
    }

    /**
     * The command named by {@code name} in any case, found without allocating; null for a container command
     * or a name that is not a command (those go through {@link #lookup}).
     */
    Command find(byte[] name) {
        CommandIndex i = index;
        if (i == null) {
            java.util.List<Command> plain = new java.util.ArrayList<>();
            for (Command c : commands.values()) {
                if (!subcommands.containsKey(c.name())) {
                    plain.add(c);
                }
            }
            i = index = new CommandIndex(plain);
        }
        return i.find(name);
    }

    /** The command {@code args} name (lower-case {@code name}), its subcommand for a container; null if none. */
    Command lookup(String name, List<byte[]> args) {
        Command c = commands.get(name);
        if (c == null || args.size() == 1 || !subcommands.containsKey(name)) {
            return c;
        }
        String sub = new String(args.get(1), java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return subcommands.get(name).get(sub);
    }

    boolean isContainer(String name) {
        return subcommands.containsKey(name);
    }

    Command top(String name) {
        return commands.get(name);
    }

    Collection<Command> all() {
        return commands.values();
    }

    Collection<Command> subcommandsOf(String container) {
        return subcommands.getOrDefault(container, Map.of()).values();
    }

    /** Commands and subcommands, as COMMAND COUNT counts them (top-level only, as Redis). */
    int count() {
        return commands.size();
    }
}
