package io.wharf.kv.command;

import java.util.List;
import java.util.Set;

/**
 * One command of the table, as Redis's {@code redisCommand}: its full name ({@code get}, or
 * {@code client|setname} for a subcommand), its arity (positive: exactly that many arguments, the name
 * included; negative: at least that many), its flags as COMMAND INFO lists them, the positions of its keys,
 * and what it does.
 */
public record Command(String name, int arity, Set<String> flags, int firstKey, int lastKey, int step,
                      Body body) {

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
        return flags.contains("no_auth");
    }
}
