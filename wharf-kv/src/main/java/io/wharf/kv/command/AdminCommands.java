package io.wharf.kv.command;

import io.wharf.kv.OutputLimits;
import io.wharf.kv.store.Entry;
import io.wharf.kv.store.HashValue;
import io.wharf.kv.store.SetValue;
import io.wharf.kv.store.ZSetValue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The administrative commands: CONFIG (GET SET RESETSTAT REWRITE), SLOWLOG (GET LEN RESET), OBJECT (ENCODING
 * REFCOUNT FREQ), MONITOR, DEBUG SLEEP, FUNCTION FLUSH. DEBUG SLEEP sleeps holding the key space's lock, so it
 * stalls every client as it stalls Redis's one thread, under every model (what it is for: testing how clients
 * take a stalled server).
 */
final class AdminCommands {

    private AdminCommands() {
    }

    static void register(CommandTable t) {
        t.container("config", "");
        t.sub("config", "get", -3, "admin noscript loading stale", AdminCommands::configGet);
        t.sub("config", "set", -4, "admin noscript loading stale", AdminCommands::configSet);
        t.sub("config", "resetstat", 2, "admin noscript loading stale", (s, a) -> {
            s.state().resetStats();
            s.reply().ok();
        });
        t.sub("config", "rewrite", 2, "admin noscript loading stale",
                (s, a) -> s.reply().err("The server is running without a config file"));
        t.container("slowlog", "");
        t.sub("slowlog", "get", -2, "admin loading stale", AdminCommands::slowlogGet);
        t.sub("slowlog", "len", 2, "admin loading stale", (s, a) -> s.reply().integer(s.state().slowLog().size()));
        t.sub("slowlog", "reset", 2, "admin loading stale", (s, a) -> {
            s.state().slowLog().reset();
            s.reply().ok();
        });
        t.container("object", "");
        t.sub("object", "encoding", 3, "readonly", (s, a) -> {
            Entry e = s.keys().peek(a.get(2));
            if (e == null) {
                s.reply().nullBulk();
            } else {
                s.reply().bulk(encoding(e.value()));
            }
        });
        t.sub("object", "refcount", 3, "readonly", (s, a) -> {
            Entry e = s.keys().peek(a.get(2));
            if (e == null) {
                s.reply().nullBulk();
            } else {
                s.reply().integer(sharedInteger(e.value()) ? Integer.MAX_VALUE : 1);
            }
        });
        // the eviction clock: one field per key holds the LRU time or, under an LFU policy, the LFU counter
        t.sub("object", "idletime", 3, "readonly", (s, a) -> {
            Entry e = s.keys().peek(a.get(2));
            if (e == null) {
                s.reply().nullBulk();
                return;
            }
            if (s.state().keyspace().eviction().tracksFrequency()) {
                throw CommandError.err("An LFU maxmemory policy is selected, idle time not tracked. Please note"
                        + " that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
            }
            s.reply().integer(io.wharf.kv.store.Eviction.idleMillis(e, s.now()) / 1000);
        });
        t.sub("object", "freq", 3, "readonly", (s, a) -> {
            Entry e = s.keys().peek(a.get(2));
            if (e == null) {
                s.reply().nullBulk();
                return;
            }
            io.wharf.kv.store.Eviction ev = s.state().keyspace().eviction();
            if (!ev.tracksFrequency()) {
                throw CommandError.err("An LFU maxmemory policy is not selected, access frequency not tracked. Please"
                        + " note that when switching between policies at runtime LRU and LFU data will take some time"
                        + " to adjust.");
            }
            s.reply().integer(ev.frequency(e, s.now()));
        });
        t.add("monitor", 1, "admin noscript loading stale", 0, 0, 0, (s, a) -> {
            s.info().monitor(true);
            s.state().monitors().add(s);
            s.reply().ok();
        });
        t.container("debug", "");
        t.sub("debug", "sleep", 3, "admin noscript loading stale", (s, a) -> {
            LongDouble.Value v = LongDouble.parse(a.get(2));
            double seconds = v == null || v.isInfinite() ? 0 : v.finite().doubleValue();
            long nanos = (long) (seconds * 1e9);
            if (nanos > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(nanos);
            }
            s.reply().ok();
        });
        t.container("function", "");
        t.sub("function", "flush", -2, "write noscript", (s, a) -> {
            if (a.size() > 3 || a.size() == 3 && !Strings.is(a.get(2), "sync") && !Strings.is(a.get(2), "async")) {
                throw CommandError.err("FUNCTION FLUSH only supports SYNC|ASYNC option");
            }
            s.reply().ok();
        });
    }

    /** The parameters this family owns, and placeholders the persistence and eviction code replace. */
    static void configParams(KvState st, ConfigParams p) {
        p.register("client-output-buffer-limit", () -> st.outputLimits().toString(),
                v -> outputLimits(v, st.outputLimits()), v -> st.outputLimits(outputLimits(v, st.outputLimits())));
        p.register("slowlog-log-slower-than", () -> Long.toString(st.slowLog().slowerThan),
                v -> ConfigParams.integer(v, -1), v -> st.slowLog().slowerThan = Long.parseLong(v));
        p.register("slowlog-max-len", () -> Long.toString(st.slowLog().maxLen), v -> ConfigParams.integer(v, 0),
                v -> st.slowLog().maxLen = Long.parseLong(v));
        p.immutable("databases", () -> Integer.toString(st.settings().databases()));
        p.immutable("port", () -> Integer.toString(st.tcpPort()));
        p.immutable("hz", () -> Integer.toString(st.settings().hz()));
        p.immutable("proto-max-bulk-len", () -> Long.toString(st.settings().protoMaxBulkLen()));
        p.immutable("client-query-buffer-limit", () -> Long.toString(st.settings().queryBufferLimit()));
        p.register("requirepass", () -> st.requirepass().orElse(""), v -> {
        }, v -> st.requirepass(v.isEmpty() ? null : v));
        p.immutable("timeout", () -> "0");
        persistenceParams(st, p);
        EvictionParams.register(st.keyspace(), p);
    }

    /**
     * The persistence settings as CONFIG GET shows them, in Redis's words. {@code save} may be set (the cron reads
     * the rules every tick) and {@code appendfsync} while the AOF is on (the writer reads it every turn); the rest
     * are fixed at start (the files are opened from them), so CONFIG SET refuses them as immutable.
     */
    private static void persistenceParams(KvState st, ConfigParams p) {
        java.util.function.Supplier<io.wharf.kv.persist.PersistSettings> ps = () -> st.persistence() == null
                ? io.wharf.kv.persist.PersistSettings.DEFAULTS : st.persistence().settings();
        p.register("save", () -> {
            io.wharf.kv.persist.SaveRules rules = st.persistence() == null ? ps.get().save()
                    : st.persistence().saveRules();
            return rules.isEmpty() ? "" : rules.toString();
        }, v -> {
            saveRules(v);
            if (st.persistence() == null) {
                throw new IllegalArgumentException("persistence is off in this server: there is nothing to save");
            }
        }, v -> st.persistence().saveRules(saveRules(v)));
        p.register("appendonly", () -> yesNo(st.persistence() != null && st.persistence().aof() != null), v -> {
            yesNoValue(v);
            if (st.persistence() == null) {
                throw new IllegalArgumentException("persistence is off in this server: there is no AOF to turn on");
            }
        }, v -> {
            String error = st.persistence().appendOnly(yesNoValue(v));
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
        });
        java.util.function.Supplier<io.wharf.kv.persist.AppendOnlyFile> aof =
                () -> st.persistence() == null ? null : st.persistence().aof();
        p.register("appendfsync", () -> (aof.get() == null ? ps.get().fsync() : aof.get().fsync()).name()
                .toLowerCase(Locale.ROOT), v -> {
                    fsyncPolicy(v);
                    if (aof.get() == null) {
                        throw new IllegalArgumentException("the AOF is off (appendonly no): there is no fsync to set");
                    }
                }, v -> aof.get().fsync(fsyncPolicy(v)));
        p.immutable("appendfilename", () -> ps.get().appendFilename());
        p.immutable("appenddirname", () -> ps.get().appendDirname());
        p.immutable("dir", () -> ps.get().dir().toAbsolutePath().normalize().toString());
        p.immutable("dbfilename", () -> ps.get().dbfilename());
        p.immutable("rdbcompression", () -> yesNo(ps.get().rdbCompression()));
        p.immutable("rdbchecksum", () -> yesNo(ps.get().rdbChecksum()));
        p.immutable("aof-load-truncated", () -> yesNo(ps.get().loadTruncated()));
        p.immutable("auto-aof-rewrite-percentage", () -> Integer.toString(ps.get().rewritePercentage()));
        p.immutable("auto-aof-rewrite-min-size", () -> Long.toString(ps.get().rewriteMinSize()));
    }

    /** Redis's {@code save} value: pairs of seconds and changes, or "" for none. */
    private static io.wharf.kv.persist.SaveRules saveRules(String v) {
        try {
            return v.isBlank() ? io.wharf.kv.persist.SaveRules.NONE : io.wharf.kv.persist.SaveRules.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid save parameters");
        }
    }

    private static io.wharf.kv.persist.AppendOnlyFile.Fsync fsyncPolicy(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "always" -> io.wharf.kv.persist.AppendOnlyFile.Fsync.ALWAYS;
            case "everysec" -> io.wharf.kv.persist.AppendOnlyFile.Fsync.EVERYSEC;
            case "no" -> io.wharf.kv.persist.AppendOnlyFile.Fsync.NO;
            default -> throw new IllegalArgumentException("argument(s) must be one of the following: always, everysec, no");
        };
    }

    /** Redis's boolean parameters: yes or no, in any case. */
    private static boolean yesNoValue(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("argument must be 'yes' or 'no'");
        };
    }

    private static String yesNo(boolean yes) {
        return yes ? "yes" : "no";
    }

    /** A partial setting changes only the classes it names, as Redis. */
    private static OutputLimits outputLimits(String v, OutputLimits current) {
        try {
            return OutputLimits.parse(v, current);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
        }
    }

    private static void configGet(Session s, List<byte[]> a) {
        List<String[]> found = s.state().config().matching(a.subList(2, a.size()));
        s.reply().map(found.size());
        for (String[] kv : found) {
            s.reply().bulk(kv[0]).bulk(kv[1]);
        }
    }

    private static void configSet(Session s, List<byte[]> a) {
        if (a.size() % 2 != 0) {
            throw CommandError.err("wrong number of arguments for 'config|set' command");
        }
        ConfigParams params = s.state().config();
        Set<String> seen = new HashSet<>();
        for (int i = 2; i < a.size(); i += 2) {
            String name = Strings.cString(a.get(i), a.get(i).length).toLowerCase(Locale.ROOT);
            String value = new String(a.get(i + 1), java.nio.charset.StandardCharsets.ISO_8859_1);
            ConfigParams.Param p = params.get(name);
            if (p == null) {
                throw CommandError.err("Unknown option or number of arguments for CONFIG SET - '"
                        + Strings.cString(a.get(i), 128) + "'");
            }
            if (!seen.add(name)) {
                throw failed(name, "duplicate parameter");
            }
            if (p.setter() == null) {
                throw failed(name, "can't set immutable config");
            }
            try {
                p.check().accept(value);
            } catch (IllegalArgumentException e) {
                throw failed(name, e.getMessage());
            }
        }
        for (int i = 2; i < a.size(); i += 2) {
            String name = Strings.cString(a.get(i), a.get(i).length).toLowerCase(Locale.ROOT);
            try {
                params.get(name).setter().accept(new String(a.get(i + 1), java.nio.charset.StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                throw failed(name, e.getMessage()); // applying failed (the AOF could not start), as Redis says it
            }
        }
        s.reply().ok();
    }

    private static CommandError failed(String name, String why) {
        return CommandError.err("CONFIG SET failed (possibly related to argument '" + name + "') - " + why);
    }

    private static void slowlogGet(Session s, List<byte[]> a) {
        long count = 10;
        if (a.size() == 3) {
            byte[] c = a.get(2);
            if (!io.wharf.kv.resp.Numbers.isLong(c) || (count = io.wharf.kv.resp.Numbers.toLong(c)) < -1) {
                throw CommandError.err("count should be greater than or equal to -1");
            }
        } else if (a.size() > 3) {
            throw CommandError.err("wrong number of arguments for 'slowlog|get' command");
        }
        List<SlowLog.Entry> entries = s.state().slowLog().newest(count);
        s.reply().array(entries.size());
        for (SlowLog.Entry e : entries) {
            s.reply().array(6).integer(e.id()).integer(e.unixSeconds()).integer(e.micros()).array(e.args().size());
            e.args().forEach(x -> s.reply().bulk(x));
            s.reply().bulk(e.addr()).bulk(e.name() == null ? new byte[0] : e.name());
        }
    }

    /** Redis 7.0's encoding names, from what the value is now (Redis never converts back to a small one). */
    static String encoding(Object v) {
        return switch (v) {
            case byte[] b -> io.wharf.kv.resp.Numbers.isLong(b) ? "int" : b.length <= 44 ? "embstr" : "raw";
            case io.wharf.kv.store.ListValue l -> "quicklist";
            case HashValue h -> h.isListpack() ? "listpack" : "hashtable";
            case SetValue set -> set.isIntset() ? "intset" : "hashtable";
            case ZSetValue z -> z.encoding();
            default -> "raw";
        };
    }

    /** Redis shares the integers 0 to 9999 (refcount INT_MAX). */
    private static boolean sharedInteger(Object v) {
        if (v instanceof byte[] b && io.wharf.kv.resp.Numbers.isLong(b)) {
            long n = io.wharf.kv.resp.Numbers.toLong(b);
            return n >= 0 && n < 10000;
        }
        return false;
    }
}
