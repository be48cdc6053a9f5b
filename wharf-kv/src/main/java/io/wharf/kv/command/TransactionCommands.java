package io.wharf.kv.command;

import java.util.ArrayList;
import java.util.List;

/**
 * MULTI EXEC DISCARD WATCH UNWATCH, as Redis's {@code multi.c}. Between MULTI and EXEC the dispatcher queues
 * every command but these, QUIT and RESET, answering {@code +QUEUED}; a command refused before it is queued
 * (unknown, wrong arity, not authenticated) marks the transaction, and its EXEC answers EXECABORT. EXEC runs the
 * queue under the key space's lock, each command through {@link Session#call} (where blocking commands answer as
 * timed out), so no other client sees it half done; clients blocked on keys it filled are served after it.
 */
final class TransactionCommands {

    static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

    /** What MULTI started: the queued commands and whether one was refused. */
    static final class Transaction {
        final List<Command> commands = new ArrayList<>();
        final List<List<byte[]>> args = new ArrayList<>();
        boolean refused;
    }

    private TransactionCommands() {
    }

    static void register(CommandTable t) {
        t.add("multi", 1, "noscript loading stale fast allow_busy", 0, 0, 0, (s, a) -> {
            if (s.multi().transaction() != null) {
                throw CommandError.err("MULTI calls can not be nested");
            }
            s.multi().transaction(new Transaction());
            s.reply().ok();
        });
        t.add("exec", 1, "noscript loading stale skip_slowlog", 0, 0, 0, TransactionCommands::exec);
        t.add("discard", 1, "noscript loading stale fast allow_busy", 0, 0, 0, (s, a) -> {
            if (s.multi().transaction() == null) {
                throw CommandError.err("DISCARD without MULTI");
            }
            discard(s);
            s.reply().ok();
        });
        t.add("watch", -2, "noscript loading stale fast allow_busy", 1, -1, 1, (s, a) -> {
            if (s.multi().transaction() != null) {
                throw CommandError.err("WATCH inside MULTI is not allowed");
            }
            for (int i = 1; i < a.size(); i++) {
                s.state().watches().watch(s, a.get(i));
            }
            s.reply().ok();
        });
        t.add("unwatch", 1, "noscript loading stale fast allow_busy", 0, 0, 0, (s, a) -> {
            s.state().watches().unwatchAll(s);
            s.reply().ok();
        });
    }

    /** True for the commands that run at once even inside MULTI. */
    static boolean runsInMulti(String name) {
        return switch (name) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    static void discard(Session s) {
        s.multi().transaction(null);
        s.state().watches().unwatchAll(s);
    }

    private static void exec(Session s, List<byte[]> a) {
        Transaction tx = s.multi().transaction();
        if (tx == null) {
            throw CommandError.err("EXEC without MULTI");
        }
        Watches watches = s.state().watches();
        if (watches.expiredSinceWatch(s)) {
            s.multi().dirtyCas(true);
        }
        if (tx.refused || s.multi().dirtyCas()) {
            if (tx.refused) {
                s.reply().error(EXECABORT);
            } else {
                s.reply().nullArray();
            }
            discard(s);
            return;
        }
        discard(s);
        s.reply().array(tx.commands.size());
        s.blocking().denyBlocking(true);
        s.running().beginTransactionRecord();
        try {
            for (int i = 0; i < tx.commands.size(); i++) {
                s.call(tx.commands.get(i), tx.args.get(i));
            }
        } finally {
            s.running().endTransactionRecord();
            s.blocking().denyBlocking(false);
        }
    }
}
