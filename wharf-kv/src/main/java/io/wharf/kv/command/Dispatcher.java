package io.wharf.kv.command;

import java.util.List;
import java.util.Locale;

/**
 * Redis's {@code processCommand} for one session: QUIT, lookup, the unknown-command and arity errors, the NOAUTH
 * check, RESP2's subscribed mode, CLIENT PAUSE, the {@code -OOM} and {@code -MISCONF} refusals, MULTI's
 * queueing, then the command under the key space's lock
 * ({@link Session#call}), the clients its pushes made ready, and the messages it made for others, sent once the
 * lock is released. A command refused before it runs marks an open transaction, as Redis's {@code rejectCommand}.
 * Stateless; runs on the session's handler thread.
 */
final class Dispatcher {

    private Dispatcher() {
    }

    static void process(Session s, List<byte[]> args) {
        KvState state = s.state();
        CommandTable table = state.commands();
        Command command = s.sameCommand(args.get(0));
        if (command == null) {
            command = table.find(args.get(0));
            s.sameCommand(args.get(0), command);
        }
        if (command == null) {
            // a container, an unknown name, or a name in other than ASCII letters: by its lower-case String
            String name = new String(args.get(0), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .toLowerCase(Locale.ROOT);
            command = table.lookup(name, args);
            if (command == null) {
                refuse(s);
                if (table.isContainer(name)) {
                    s.reply().err("unknown subcommand '" + Strings.cString(args.get(1), 128) + "'. Try "
                            + name.toUpperCase(Locale.ROOT) + " HELP.");
                } else {
                    s.reply().err(unknownCommand(args));
                }
                return;
            }
        }
        if (command.name().equals("quit")) {
            s.reply().ok();
            s.closeAfterReply(true);
            return;
        }
        s.info().lastCommand(command.name());
        if (!command.arityOk(args.size())) {
            reject(s, command, "ERR wrong number of arguments for '" + command.name() + "' command");
            return;
        }
        if (s.authRequired() && !command.noAuth()) {
            reject(s, command, "NOAUTH Authentication required.");
            return;
        }
        if (!s.reply().resp3() && s.subscriptions().count() > 0 && !PubSub.allowedWhenSubscribed(command.name())) {
            reject(s, command, "ERR Can't execute '" + command.name() + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return;
        }
        if (state.pause().active() && postponeIfPaused(s, command, args)) {
            return;
        }
        if (s.multi().queues(command)) {
            if (!refused(s, command)) {
                s.multi().queue(command, args);
            }
            return;
        }
        List<PubSub.Delivery> out;
        state.keyspace().lock().lock();
        try {
            if (refusedLocked(s, command)) {
                return;
            }
            s.call(command, args);
            state.waiters().serveReady();
            out = state.takeDeliveries();
            state.commandProcessed();
        } finally {
            state.keyspace().lock().unlock();
        }
        for (PubSub.Delivery d : out) {
            d.to().output().push(d.bytes());
        }
    }

    /**
     * Redis's checks before a command runs or is queued: over {@code maxmemory}, keys are evicted as the policy
     * says, and a {@code denyoom} command is refused with {@code -OOM} if that was not enough; a {@code write}
     * command is refused with {@code -MISCONF} while the AOF cannot be written; an EXEC whose queue holds such a
     * command is refused too (with {@code -EXECABORT} naming the reason). True (and the error replied) if refused.
     */
    private static boolean refused(Session s, Command command) {
        s.state().keyspace().lock().lock();
        try {
            return refusedLocked(s, command);
        } finally {
            s.state().keyspace().lock().unlock();
        }
    }

    /** {@link #refused}, under the key space's lock (taking it again costs two fences a command). */
    private static boolean refusedLocked(Session s, Command command) {
        if (!s.state().keyspace().makeRoom() && flagged(s, command, Command.DENYOOM)) {
            reject(s, command, OOM);
            return true;
        }
        String refusal = flagged(s, command, Command.WRITE) ? s.state().writeRefusal(command) : null;
        if (refusal != null) {
            reject(s, command, refusal);
            return true;
        }
        return false;
    }

    static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    /** The command has {@code flag}; EXEC has it when a command it would run has it, as Redis 7.0 checks EXEC. */
    private static boolean flagged(Session s, Command command, int flag) {
        if (command.has(flag)) {
            return true;
        }
        TransactionCommands.Transaction tx = s.multi().transaction();
        if (tx == null || !command.name().equals("exec")) {
            return false;
        }
        for (Command queued : tx.commands) {
            if (queued.has(flag)) {
                return true;
            }
        }
        return false;
    }

    /** CLIENT PAUSE holds this command: the client blocks until the pause ends. */
    private static boolean postponeIfPaused(Session s, Command command, List<byte[]> args) {
        s.state().keyspace().lock().lock();
        try {
            if (!s.state().pause().holds(command, s)) {
                return false;
            }
            s.running().hold(command, args);
            s.state().waiters().postpone(s);
            return true;
        } finally {
            s.state().keyspace().lock().unlock();
        }
    }

    /**
     * {@code rejectCommand}: the error, which also marks an open transaction; an EXEC refused so ends the
     * transaction (and the watches, even outside MULTI, as Redis) with EXECABORT naming the reason.
     */
    private static void reject(Session s, Command command, String error) {
        s.state().commandStats().rejected(command);
        if (command.name().equals("exec")) {
            s.state().keyspace().lock().lock();
            try {
                TransactionCommands.discard(s);
            } finally {
                s.state().keyspace().lock().unlock();
            }
            s.reply().error("EXECABORT Transaction discarded because of: "
                    + (error.startsWith("ERR ") ? error.substring(4) : error));
            return;
        }
        refuse(s);
        s.reply().error(error);
    }

    /** A command refused before it ran marks an open transaction ({@code flagTransaction}). */
    private static void refuse(Session s) {
        if (s.multi().transaction() != null) {
            s.multi().transaction().refused = true;
        }
    }

    /** Redis's text: the name and the first arguments, each cut as C's {@code %.*s} cuts, 128 bytes in all. */
    static String unknownCommand(List<byte[]> args) {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i < args.size() && list.length() < 128; i++) {
            int room = 128 - list.length();
            list.append('\'').append(Strings.cString(args.get(i), room)).append("' ");
        }
        return "unknown command '" + Strings.cString(args.get(0), 128) + "', with args beginning with: " + list;
    }
}
