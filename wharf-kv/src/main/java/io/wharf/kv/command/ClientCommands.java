package io.wharf.kv.command;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLIENT subcommands about connections, after Redis's {@code clientCommand} in networking.c: LIST INFO KILL
 * (old and filter forms) NO-EVICT REPLY UNBLOCK, and RESET. Registered into the CLIENT container
 * {@link ConnectionCommands} creates. CLIENT LIST prints Redis's fields; those wharf has no notion of (fd, query
 * buffer and memory sizes but {@code omem}) are 0.
 */
final class ClientCommands {

    private ClientCommands() {
    }

    static void register(CommandTable t) {
        t.sub("client", "unblock", -3, "admin noscript loading stale", ClientCommands::unblock);
        t.sub("client", "list", -2, "admin noscript loading stale", ClientCommands::list);
        t.sub("client", "info", 2, "noscript loading stale", (s, a) -> s.reply().verbatim(line(s, s) + "\n"));
        t.sub("client", "kill", -3, "admin noscript loading stale", ClientCommands::kill);
        t.sub("client", "no-evict", 3, "admin noscript loading stale", (s, a) -> {
            if (Strings.is(a.get(2), "on")) {
                s.info().noEvict(true);
            } else if (Strings.is(a.get(2), "off")) {
                s.info().noEvict(false);
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
            s.reply().ok();
        });
        t.sub("client", "reply", 3, "noscript loading stale", (s, a) -> {
            if (Strings.is(a.get(2), "on")) {
                s.info().replyMode("on");
                s.reply().ok();
            } else if (Strings.is(a.get(2), "off")) {
                s.info().replyMode("off");
            } else if (Strings.is(a.get(2), "skip")) {
                s.info().replyMode("skip");
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        });
        t.add("reset", 1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, ClientCommands::reset);
    }

    /** RESET: the connection as new, as {@code clearClientConnectionState}. */
    private static void reset(Session s, List<byte[]> a) {
        TransactionCommands.discard(s);
        s.state().pubsub().unsubscribeAll(s);
        s.info().monitor(false);
        s.select(0);
        s.reply().protocol(2);
        s.name(null);
        s.info().replyMode("on");
        s.info().noEvict(false);
        s.authenticated(s.state().requirepass().isEmpty());
        s.reply().simple("RESET");
    }

    static String addr(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** One CLIENT LIST line, without its newline, as {@code catClientInfoString}. */
    static String line(Session viewer, Session c) {
        long now = System.currentTimeMillis();
        StringBuilder flags = new StringBuilder();
        if (c.info().monitor()) {
            flags.append('O');
        }
        if (c.subscriptions().count() > 0) {
            flags.append('P');
        }
        if (c.multi().transaction() != null) {
            flags.append('x');
        }
        if (c.blocking().isBlocked()) {
            flags.append('b');
        }
        if (c.multi().dirtyCas()) {
            flags.append('d');
        }
        if (c.info().noEvict()) {
            flags.append('e');
        }
        if (flags.isEmpty()) {
            flags.append('N');
        }
        byte[] name = c.name();
        return "id=" + c.id() + " addr=" + addr(c.address()) + " laddr=" + addr(c.info().localAddress()) + " fd=0"
                + " name=" + (name == null ? "" : Strings.cString(name, name.length))
                + " age=" + (now - c.info().createdMillis()) / 1000 + " idle=" + (now - c.info().lastInteraction()) / 1000
                + " flags=" + flags + " db=" + c.db().index() + " sub=" + c.subscriptions().channels.size()
                + " psub=" + c.subscriptions().patterns.size() + " ssub=0"
                + " multi=" + (c.multi().transaction() == null ? -1 : c.multi().transaction().commands.size())
                + " qbuf=" + c.info().queryBuffer() + " qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=" + c.output().pending()
                + " tot-mem=0 events=r cmd=" + c.info().lastCommand() + " user=default redir=-1 resp=" + c.reply().protocol();
    }

    /** CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id ...]. */
    private static void list(Session s, List<byte[]> a) {
        String type = null;
        List<Long> ids = null;
        if (a.size() == 4 && Strings.is(a.get(2), "type")) {
            type = clientType(a.get(3));
        } else if (a.size() >= 4 && Strings.is(a.get(2), "id")) {
            ids = new ArrayList<>();
            for (int i = 3; i < a.size(); i++) {
                byte[] b = a.get(i);
                if (!io.wharf.kv.resp.Numbers.isLong(b)) {
                    throw CommandError.err("Invalid client ID");
                }
                ids.add(io.wharf.kv.resp.Numbers.toLong(b));
            }
        } else if (a.size() != 2) {
            throw new CommandError(CommandError.SYNTAX);
        }
        List<Session> all = new ArrayList<>(s.state().clients());
        all.sort(java.util.Comparator.comparingLong(Session::id));
        StringBuilder out = new StringBuilder();
        for (Session c : all) {
            if (type != null && !type.equals(typeOf(c)) || ids != null && !ids.contains(c.id())) {
                continue;
            }
            out.append(line(s, c)).append('\n');
        }
        s.reply().verbatim(out.toString());
    }

    private static String typeOf(Session c) {
        return c.subscriptions().count() > 0 ? "pubsub" : "normal";
    }

    private static String clientType(byte[] b) {
        for (String t : List.of("normal", "master", "replica", "pubsub")) {
            if (Strings.is(b, t)) {
                return t;
            }
        }
        if (Strings.is(b, "slave")) {
            return "replica";
        }
        throw CommandError.err("Unknown client type '" + Strings.cString(b, 128) + "'");
    }

    /** CLIENT KILL addr:port, or CLIENT KILL with filters (ID TYPE USER ADDR LADDR SKIPME MAXAGE). */
    private static void kill(Session s, List<byte[]> a) {
        if (a.size() == 3) {
            String target = Strings.cString(a.get(2), a.get(2).length);
            for (Session c : s.state().clients()) {
                if (addr(c.address()).equals(target)) {
                    close(s, c);
                    s.reply().ok();
                    return;
                }
            }
            throw CommandError.err("No such client");
        }
        if (a.size() % 2 != 0) {
            throw new CommandError(CommandError.SYNTAX);
        }
        Long id = null;
        String type = null;
        String address = null;
        String laddr = null;
        byte[] user = null;
        long maxAge = 0;
        boolean skipMe = true;
        for (int i = 2; i < a.size(); i += 2) {
            byte[] o = a.get(i);
            byte[] v = a.get(i + 1);
            if (Strings.is(o, "id")) {
                if (!io.wharf.kv.resp.Numbers.isLong(v) || io.wharf.kv.resp.Numbers.toLong(v) <= 0) {
                    throw CommandError.err("client-id should be greater than 0");
                }
                id = io.wharf.kv.resp.Numbers.toLong(v);
            } else if (Strings.is(o, "type")) {
                type = clientType(v);
            } else if (Strings.is(o, "addr")) {
                address = Strings.cString(v, v.length);
            } else if (Strings.is(o, "laddr")) {
                laddr = Strings.cString(v, v.length);
            } else if (Strings.is(o, "user")) {
                user = v;
            } else if (Strings.is(o, "skipme")) {
                if (Strings.is(v, "yes")) {
                    skipMe = true;
                } else if (Strings.is(v, "no")) {
                    skipMe = false;
                } else {
                    throw new CommandError(CommandError.SYNTAX);
                }
            } else if (Strings.is(o, "maxage")) {
                maxAge = Args.toLong(v);
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        if (user != null && !Strings.is(user, "default")) {
            throw CommandError.err("No such user '" + Strings.cString(user, 128) + "'");
        }
        long now = System.currentTimeMillis();
        int killed = 0;
        for (Session c : new ArrayList<>(s.state().clients())) {
            if (id != null && c.id() != id || type != null && !type.equals(typeOf(c))
                    || address != null && !address.equals(addr(c.address()))
                    || laddr != null && !laddr.equals(addr(c.info().localAddress()))
                    || maxAge > 0 && (now - c.info().createdMillis()) / 1000 < maxAge
                    || skipMe && c == s) {
                continue;
            }
            close(s, c);
            killed++;
        }
        s.reply().integer(killed);
    }

    /** Closes {@code c}; the killer itself closes once this reply is sent. */
    private static void close(Session killer, Session c) {
        if (c == killer) {
            c.closeAfterReply(true);
        } else {
            c.output().kill();
        }
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
