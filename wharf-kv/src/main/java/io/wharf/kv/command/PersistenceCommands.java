package io.wharf.kv.command;

import io.wharf.kv.persist.Persistence;

import java.util.List;

/**
 * The persistence family, after Redis's rdb.c, aof.c and server.c: SAVE BGSAVE BGREWRITEAOF LASTSAVE SHUTDOWN,
 * and INFO's persistence section. The work is {@link Persistence}'s; these parse and reply as Redis does.
 */
final class PersistenceCommands {

    private PersistenceCommands() {
    }

    static void register(CommandTable t) {
        t.add("save", 1, "admin noscript no_async_loading no_multi", 0, 0, 0, (s, a) -> {
            String error = persistence(s).save();
            if (error != null) {
                s.reply().error(error);
            } else {
                s.reply().ok();
            }
        });
        t.add("bgsave", -1, "admin noscript no_async_loading", 0, 0, 0, PersistenceCommands::bgsave);
        t.add("bgrewriteaof", 1, "admin noscript no_async_loading", 0, 0, 0, (s, a) -> {
            String text = persistence(s).bgrewriteaof();
            if (text.startsWith("ERR")) {
                s.reply().error(text);
            } else {
                s.reply().simple(text);
            }
        });
        t.add("lastsave", 1, "loading stale fast", 0, 0, 0, (s, a) -> s.reply().integer(persistence(s).lastSave()));
        t.add("shutdown", -1, "admin noscript loading stale no_multi allow_busy", 0, 0, 0,
                PersistenceCommands::shutdown);
    }

    private static Persistence persistence(Session s) {
        Persistence p = s.state().persistence();
        if (p == null) {
            throw CommandError.err("persistence is not configured on this server");
        }
        return p;
    }

    /** BGSAVE [SCHEDULE]. */
    private static void bgsave(Session s, List<byte[]> a) {
        boolean schedule = false;
        if (a.size() == 2 && Strings.is(a.get(1), "schedule")) {
            schedule = true;
        } else if (a.size() > 1) {
            throw new CommandError(CommandError.SYNTAX);
        }
        Persistence p = persistence(s);
        if (p.bgsave()) {
            s.reply().simple("Background saving started");
        } else if (schedule) {
            s.reply().simple("Background saving scheduled");
        } else {
            throw CommandError.err("Background save already in progress");
        }
    }

    /**
     * SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE]: syncs the AOF, saves the RDB file when asked (or when save rules
     * are set, unless NOSAVE), then stops the server without a reply, as Redis. NOW and FORCE are accepted:
     * there are no replicas to wait for, and a failed save keeps the server up unless FORCE.
     */
    private static void shutdown(Session s, List<byte[]> a) {
        boolean save = false;
        boolean nosave = false;
        boolean force = false;
        for (int i = 1; i < a.size(); i++) {
            if (Strings.is(a.get(i), "nosave")) {
                nosave = true;
            } else if (Strings.is(a.get(i), "save")) {
                save = true;
            } else if (Strings.is(a.get(i), "now")) {
                continue;
            } else if (Strings.is(a.get(i), "force")) {
                force = true;
            } else if (Strings.is(a.get(i), "abort")) {
                throw CommandError.err("No shutdown in progress.");
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        if (save && nosave) {
            throw new CommandError(CommandError.SYNTAX);
        }
        Persistence p = s.state().persistence();
        if (p != null) {
            String error = p.shutdown(save, nosave);
            if (error != null && !force) {
                s.reply().error(error);
                return;
            }
        }
        s.closeAfterReply(true);
        Runnable stop = s.state().shutdownAction();
        Thread.ofPlatform().name("wharf-kv-shutdown").daemon().start(stop);
    }

    static void info(Session s, StringBuilder out) {
        Persistence p = s.state().persistence();
        if (p == null) {
            out.append("# Persistence\r\nloading:0\r\nrdb_changes_since_last_save:0\r\nrdb_bgsave_in_progress:0\r\n")
                    .append("aof_enabled:0\r\naof_rewrite_in_progress:0\r\naof_last_write_status:ok\r\n");
            return;
        }
        p.info(out);
    }
}
