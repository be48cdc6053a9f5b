package io.wharf.kv.command;

import io.wharf.kv.resp.Reply;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The connection family: PING ECHO QUIT SELECT HELLO AUTH CLIENT (SETNAME GETNAME ID). */
final class ConnectionCommands {

    private static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    private ConnectionCommands() {
    }

    static void register(CommandTable t) {
        t.add("ping", -1, "fast", 0, 0, 0, ConnectionCommands::ping);
        t.add("echo", 2, "fast", 0, 0, 0, (s, a) -> s.reply().bulk(a.get(1)));
        t.add("quit", -1, "no_auth fast", 0, 0, 0, (s, a) -> {
            s.reply().ok();
            s.closeAfterReply(true);
        });
        t.add("select", 2, "loading stale fast", 0, 0, 0, ConnectionCommands::select);
        t.add("hello", -1, "no_auth fast", 0, 0, 0, ConnectionCommands::hello);
        t.add("auth", -2, "no_auth fast", 0, 0, 0, ConnectionCommands::auth);
        t.container("client", "");
        t.sub("client", "setname", 3, "", (s, a) -> {
            setName(s, a.get(2));
            s.reply().ok();
        });
        t.sub("client", "getname", 2, "", (s, a) -> {
            if (s.name() == null) {
                s.reply().nullBulk();
            } else {
                s.reply().bulk(s.name());
            }
        });
        t.sub("client", "id", 2, "", (s, a) -> s.reply().integer(s.id()));
    }

    private static void ping(Session s, List<byte[]> a) {
        if (a.size() > 2) {
            throw CommandError.err("wrong number of arguments for 'ping' command");
        }
        if (!s.reply().resp3() && s.subscriptions().count() > 0) {
            // subscribed, a RESP2 client can only read pushes: PING answers in their shape
            s.reply().array(2).bulk("pong").bulk(a.size() == 1 ? new byte[0] : a.get(1));
        } else if (a.size() == 1) {
            s.reply().simple("PONG");
        } else {
            s.reply().bulk(a.get(1));
        }
    }

    private static void select(Session s, List<byte[]> a) {
        int index = Args.toInt(a.get(1));
        if (index < 0 || index >= s.state().keyspace().databases()) {
            throw CommandError.err("DB index is out of range");
        }
        s.select(index);
        s.reply().ok();
    }

    /** CLIENT SETNAME's rule: no byte outside {@code !..~}; an empty name clears it. */
    private static void setName(Session s, byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw CommandError.err("Client names cannot contain spaces, newlines or special characters.");
            }
        }
        s.name(name.length == 0 ? null : name);
    }

    /** Whether {@code user}/{@code password} log in as the default user (the only user, for now). */
    private static boolean login(Session s, byte[] user, byte[] password) {
        if (!Strings.is(user, "default")) {
            return false;
        }
        Optional<String> required = s.state().requirepass();
        return required.isEmpty() || java.security.MessageDigest.isEqual(
                required.get().getBytes(StandardCharsets.UTF_8), password);
    }

    private static void auth(Session s, List<byte[]> a) {
        if (a.size() > 3) {
            throw new CommandError(CommandError.SYNTAX);
        }
        byte[] user;
        byte[] password;
        if (a.size() == 2) {
            if (s.state().requirepass().isEmpty()) {
                throw CommandError.err("AUTH <password> called without any password configured for the default"
                        + " user. Are you sure your configuration is correct?");
            }
            user = Strings.bytes("default");
            password = a.get(1);
        } else {
            user = a.get(1);
            password = a.get(2);
        }
        if (!login(s, user, password)) {
            throw new CommandError(WRONGPASS);
        }
        s.authenticated(true);
        s.reply().ok();
    }

    private static void hello(Session s, List<byte[]> a) {
        long version = 0;
        int next = 1;
        if (a.size() >= 2) {
            version = Args.toLong(a.get(next++), "Protocol version is not an integer or out of range");
            if (version < 2 || version > 3) {
                throw new CommandError("NOPROTO unsupported protocol version");
            }
        }
        byte[] user = null;
        byte[] password = null;
        byte[] name = null;
        for (int j = next; j < a.size(); j++) {
            int more = a.size() - 1 - j;
            byte[] opt = a.get(j);
            if (Strings.is(opt, "auth") && more >= 2) {
                user = a.get(j + 1);
                password = a.get(j + 2);
                j += 2;
            } else if (Strings.is(opt, "setname") && more >= 1) {
                name = a.get(j + 1);
                j++;
            } else {
                throw CommandError.err("Syntax error in HELLO option '" + Strings.cString(opt, Integer.MAX_VALUE) + "'");
            }
        }
        if (user != null) {
            if (!login(s, user, password)) {
                throw new CommandError(WRONGPASS);
            }
            s.authenticated(true);
        }
        if (s.authRequired()) {
            throw new CommandError("NOAUTH HELLO must be called with the client already authenticated, otherwise the"
                    + " HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select"
                    + " the RESP protocol version at the same time");
        }
        if (name != null) {
            setName(s, name);
        }
        Reply r = s.reply();
        if (version != 0) {
            r.protocol((int) version);
        }
        r.map(7);
        r.bulk("server").bulk("redis");
        r.bulk("version").bulk(KvState.REDIS_VERSION);
        r.bulk("proto").integer(r.protocol());
        r.bulk("id").integer(s.id());
        r.bulk("mode").bulk("standalone");
        r.bulk("role").bulk("master");
        r.bulk("modules").array(0);
    }
}
