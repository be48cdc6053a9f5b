package io.wharf.kv.command;

import io.wharf.kv.resp.Reply;
import io.wharf.kv.store.Db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The server family: DBSIZE FLUSHDB FLUSHALL TIME INFO COMMAND (COUNT LIST INFO). */
final class ServerCommands {

    private ServerCommands() {
    }

    static void register(CommandTable t) {
        t.add("dbsize", 1, "readonly fast", 0, 0, 0, (s, a) -> s.reply().integer(s.db().size()));
        t.add("flushdb", -1, "write", 0, 0, 0, (s, a) -> {
            flushMode(a);
            s.db().flush();
            s.reply().ok();
        });
        t.add("flushall", -1, "write", 0, 0, 0, (s, a) -> {
            flushMode(a);
            s.state().keyspace().flushAll();
            s.reply().ok();
        });
        t.add("time", 1, "loading stale fast", 0, 0, 0, (s, a) -> {
            java.time.Instant now = java.time.Instant.now();
            s.reply().array(2).bulk(now.getEpochSecond()).bulk(now.getNano() / 1000);
        });
        t.add("info", -1, "loading stale", 0, 0, 0, ServerCommands::info);
        t.container("command", -1, "loading stale", (s, a) -> commandInfo(s, List.of(a.get(0), a.get(0))));
        t.sub("command", "count", 2, "loading stale", (s, a) -> s.reply().integer(s.state().commands().count()));
        t.sub("command", "list", -2, "loading stale", ServerCommands::commandList);
        t.sub("command", "info", -2, "loading stale", ServerCommands::commandInfo);
    }

    /** FLUSHDB and FLUSHALL take nothing, SYNC or ASYNC (both flush at once here). */
    private static void flushMode(List<byte[]> a) {
        if (a.size() > 2 || a.size() == 2 && !Strings.is(a.get(1), "sync") && !Strings.is(a.get(1), "async")) {
            throw new CommandError(CommandError.SYNTAX);
        }
    }

    private static void commandList(Session s, List<byte[]> a) {
        if (a.size() != 2) {
            throw new CommandError(CommandError.SYNTAX);
        }
        var all = s.state().commands().all();
        s.reply().array(all.size());
        for (Command c : all) {
            s.reply().bulk(c.name());
        }
    }

    private static void commandInfo(Session s, List<byte[]> a) {
        CommandTable table = s.state().commands();
        List<Command> wanted = new ArrayList<>();
        if (a.size() == 2) {
            wanted.addAll(table.all());
        } else {
            for (int i = 2; i < a.size(); i++) {
                wanted.add(table.top(new String(a.get(i), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .toLowerCase(Locale.ROOT)));
            }
        }
        Reply r = s.reply();
        r.array(wanted.size());
        for (Command c : wanted) {
            if (c == null) {
                r.nullArray();
            } else {
                info(r, c, table);
            }
        }
    }

    /** One COMMAND INFO entry: name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands. */
    private static void info(Reply r, Command c, CommandTable table) {
        r.array(10);
        r.bulk(c.name()).integer(c.arity());
        r.set(c.flags().size());
        for (String f : c.flags()) {
            r.simple(f);
        }
        r.integer(c.firstKey()).integer(c.lastKey()).integer(c.step());
        r.set(0).set(0).array(0);
        var subs = table.subcommandsOf(c.name());
        r.array(subs.size());
        for (Command sub : subs) {
            info(r, sub, table);
        }
    }

    private static void info(Session s, List<byte[]> a) {
        s.reply().verbatim(s.state().info().render(s, a.subList(1, a.size())));
    }

    /** Puts the sections this family writes into INFO. */
    static void infoSections(InfoSections info) {
        info.register("server", ServerCommands::server);
        info.register("clients", ServerCommands::clients);
        info.register("stats", ServerCommands::stats);
        info.register("keyspace", ServerCommands::keyspace);
    }

    private static void server(Session s, StringBuilder out) {
        KvState st = s.state();
        long uptime = (s.now() - st.startedMillis()) / 1000;
        out.append("# Server\r\n")
                .append("redis_version:").append(KvState.REDIS_VERSION).append("\r\n")
                .append("redis_mode:standalone\r\n")
                .append("os:").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch")).append("\r\n")
                .append("arch_bits:64\r\n")
                .append("process_id:").append(ProcessHandle.current().pid()).append("\r\n")
                .append("run_id:").append(st.runId()).append("\r\n")
                .append("tcp_port:").append(st.tcpPort()).append("\r\n")
                .append("server_time_usec:").append(s.now() * 1000).append("\r\n")
                .append("uptime_in_seconds:").append(uptime).append("\r\n")
                .append("uptime_in_days:").append(uptime / 86400).append("\r\n")
                .append("hz:").append(st.settings().hz()).append("\r\n")
                .append("configured_hz:").append(st.settings().hz()).append("\r\n")
                .append("executable:wharf\r\n")
                .append("server_name:wharf\r\n");
    }

    private static void clients(Session s, StringBuilder out) {
        out.append("# Clients\r\n")
                .append("connected_clients:").append(s.state().connectedClients()).append("\r\n")
                .append("blocked_clients:").append(s.state().waiters().blockedClients()).append("\r\n");
    }

    private static void stats(Session s, StringBuilder out) {
        out.append("# Stats\r\n")
                .append("total_connections_received:").append(s.state().connectionsReceived()).append("\r\n")
                .append("total_commands_processed:").append(s.state().commandsProcessed()).append("\r\n")
                .append("expired_keys:").append(s.state().keyspace().expiredKeys()).append("\r\n")
                .append("keyspace_hits:").append(s.state().keyspaceHits()).append("\r\n")
                .append("keyspace_misses:").append(s.state().keyspaceMisses()).append("\r\n")
                .append("pubsub_channels:").append(s.state().pubsub().channelCount()).append("\r\n")
                .append("pubsub_patterns:").append(s.state().pubsub().patternCount()).append("\r\n")
                .append("total_error_replies:").append(s.state().commandStats().totalErrors()).append("\r\n");
        MemoryInfo.stats(s, out);
    }

    private static void keyspace(Session s, StringBuilder out) {
        out.append("# Keyspace\r\n");
        var ks = s.state().keyspace();
        for (int i = 0; i < ks.databases(); i++) {
            Db db = ks.db(i);
            if (db.size() > 0) {
                out.append("db").append(i).append(":keys=").append(db.size()).append(",expires=")
                        .append(db.volatileKeys()).append(",avg_ttl=0\r\n");
            }
        }
    }
}
