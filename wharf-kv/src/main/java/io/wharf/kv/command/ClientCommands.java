package io.wharf.kv.command;

import java.util.List;

/**
 * The CLIENT subcommands that act on other clients, after Redis's {@code clientCommand} in networking.c:
 * UNBLOCK. Registered into the CLIENT container {@link ConnectionCommands} creates.
 */
final class ClientCommands {

    private ClientCommands() {
    }

    static void register(CommandTable t) {
        t.sub("client", "unblock", -3, "admin noscript loading stale", ClientCommands::unblock);
    }

    /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 if that client was blocked on keys and now is not. */
    private static void unblock(Session s, List<byte[]> a) {
        long id = Args.toLong(a.get(2));
        boolean error = false;
        if (a.size() == 4) {
            if (Strings.is(a.get(3), "error")) {
                error = true;
            } else if (!Strings.is(a.get(3), "timeout")) {
                throw CommandError.err("CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        } else if (a.size() > 4) {
            throw new CommandError(CommandError.SYNTAX);
        }
        Session target = s.state().client(id);
        s.reply().integer(target != null && s.state().waiters().unblockByRequest(target, error) ? 1 : 0);
    }
}
