package io.wharf.kv.persist;

import io.wharf.core.config.ConfigKey;

import java.nio.file.Path;
import java.util.List;

/** The persistence keys of {@code [kv]}, named as Redis's directives (dashes as underscores). */
public final class PersistKeys {

    private static final String S = "kv";

    public static final ConfigKey<Path> DIR = ConfigKey.path(S, "dir", Path.of("."), false,
            "directory of the RDB file and of the AOF directory (Redis: dir)");
    public static final ConfigKey<String> DBFILENAME = ConfigKey.of(S, "dbfilename", "dump.rdb", false,
            "file name of RDB snapshots, in dir (Redis: dbfilename)", PersistKeys::fileName);
    public static final ConfigKey<SaveRules> SAVE = ConfigKey.of(S, "save", SaveRules.NONE, false,
            "snapshot rules 'SECONDS CHANGES ...': BGSAVE when at least CHANGES writes happened within SECONDS;"
                    + " off: none (Redis: save; Redis's default is 3600 1 300 100 60 10000)", SaveRules::parse);
    public static final ConfigKey<Boolean> RDBCOMPRESSION = ConfigKey.bool(S, "rdbcompression", true, false,
            "LZF-compress strings over 20 bytes in RDB files (Redis: rdbcompression)");
    public static final ConfigKey<Boolean> RDBCHECKSUM = ConfigKey.bool(S, "rdbchecksum", true, false,
            "end RDB files with a CRC-64 and check it on load (Redis: rdbchecksum)");
    public static final ConfigKey<Boolean> APPENDONLY = ConfigKey.bool(S, "appendonly", false, false,
            "log every write to the append-only file and load it at start (Redis: appendonly)");
    public static final ConfigKey<String> APPENDFILENAME = ConfigKey.of(S, "appendfilename", "appendonly.aof",
            false, "base name of the AOF files and manifest (Redis: appendfilename)", PersistKeys::fileName);
    public static final ConfigKey<String> APPENDDIRNAME = ConfigKey.of(S, "appenddirname", "appendonlydir",
            false, "directory of the AOF files, in dir (Redis: appenddirname)", PersistKeys::fileName);
    public static final ConfigKey<String> APPENDFSYNC = ConfigKey.oneOf(S, "appendfsync", "everysec", false,
            "always: a write is on disk before its reply (group commit); everysec: fsync each second; no: the"
                    + " kernel decides (Redis: appendfsync)", "always", "everysec", "no");
    public static final ConfigKey<Boolean> AOF_LOAD_TRUNCATED = ConfigKey.bool(S, "aof_load_truncated", true, false,
            "an AOF cut short by a crash loads what is whole (and is cut back); no: start-up stops"
                    + " (Redis: aof-load-truncated)");
    public static final ConfigKey<Integer> AUTO_AOF_REWRITE_PERCENTAGE = ConfigKey.integer(S,
            "auto_aof_rewrite_percentage", 100, 0, Integer.MAX_VALUE, false,
            "rewrite the AOF when it has grown by this percentage since the last rewrite; 0: never"
                    + " (Redis: auto-aof-rewrite-percentage)");
    public static final ConfigKey<Long> AUTO_AOF_REWRITE_MIN_SIZE = ConfigKey.size(S, "auto_aof_rewrite_min_size",
            64L << 20, false, "no automatic rewrite while the AOF is smaller than this (Redis: auto-aof-rewrite-min-size)");

    public static final List<ConfigKey<?>> ALL = List.of(DIR, DBFILENAME, SAVE, RDBCOMPRESSION, RDBCHECKSUM,
            APPENDONLY, APPENDFILENAME, APPENDDIRNAME, APPENDFSYNC, AOF_LOAD_TRUNCATED, AUTO_AOF_REWRITE_PERCENTAGE,
            AUTO_AOF_REWRITE_MIN_SIZE);

    private PersistKeys() {
    }

    /** A name in {@code dir}, not a path, as Redis requires of these. */
    static String fileName(String raw) {
        String v = raw.trim();
        if (v.isEmpty() || v.contains("/") || v.equals(".") || v.equals("..")) {
            throw new IllegalArgumentException("'" + raw + "' is not a file name (a name in dir, without '/')");
        }
        return v;
    }
}
