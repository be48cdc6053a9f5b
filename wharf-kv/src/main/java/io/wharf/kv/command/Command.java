package io.wharf.kv.command;

import java.util.List;
import java.util.Set;

/**
 * One command of the table, as Redis's {@code redisCommand}: its full name ({@code get}, or
 * {@code client|setname} for a subcommand), its arity (positive: exactly that many arguments, the name
 * included; negative: at least that many), its flags as COMMAND INFO lists them, the positions of its keys,
 * and what it does. The flags the command path tests for every command are also bits ({@link #has}), so that
 * path does not hash strings.
 */
public record Command(String name, int arity, Set<String> flags, int firstKey, int lastKey, int step,
                      Body body, int bits) {

    public static final int WRITE = 1;
    public static final int READONLY = 1 << 1;
    public static final int DENYOOM = 1 << 2;
    public static final int BLOCKING = 1 << 3;
    public static final int ADMIN = 1 << 4;
    public static final int SKIP_SLOWLOG = 1 << 5;
    public static final int NO_AUTH = 1 << 6;

    private static final List<String> BIT_NAMES =
            List.of("write", "readonly", "denyoom", "blocking", "admin", "skip_slowlog", "no_auth");

    public Command(String name, int arity, Set<String> flags, int firstKey, int lastKey, int step, Body body) {
        this(name, arity, flags, firstKey, lastKey, step, body, bitsOf(flags));
    }

    private static int bitsOf(Set<String> flags) {
        int bits = 0;
        for (int i = 0; i < BIT_NAMES.size(); i++) {
            if (flags.contains(BIT_NAMES.get(i))) {
                bits |= 1 << i;
            }
        }
        return bits;
    }

    /** True if the command has every flag of {@code flag} ({@link #WRITE}, {@link #READONLY}, ...). */
    public boolean has(int flag) {
        return (bits & flag) == flag;
    }

    /** What a command does: reads {@code args} (the name first) and writes its reply to the session. */
    @FunctionalInterface
    public interface Body {
        void run(Session session, List<byte[]> args);
    }

    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    /** Runs without authentication (AUTH, HELLO). */
    public boolean noAuth() {
        return has(NO_AUTH);
    }
}
