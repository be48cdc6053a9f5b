package io.wharf.kv.persist;

import io.wharf.core.config.Config;

import java.nio.file.Path;

/**
 * The persistence settings of one kv service ({@link PersistKeys}).
 *
 * @param dir                 where the RDB file and the AOF directory are
 * @param dbfilename          RDB file name
 * @param save                snapshot rules
 * @param rdbCompression      LZF for long strings
 * @param rdbChecksum         CRC-64 at the end of RDB files
 * @param appendOnly          the AOF is on
 * @param appendFilename      base name of the AOF files
 * @param appendDirname       AOF directory name, in {@code dir}
 * @param fsync               when the AOF is synced
 * @param loadTruncated       load an AOF cut short
 * @param rewritePercentage   automatic rewrite growth, percent (0: off)
 * @param rewriteMinSize      no automatic rewrite below this size
 */
public record PersistSettings(Path dir, String dbfilename, SaveRules save, boolean rdbCompression,
                              boolean rdbChecksum, boolean appendOnly, String appendFilename, String appendDirname,
                              AppendOnlyFile.Fsync fsync, boolean loadTruncated, int rewritePercentage,
                              long rewriteMinSize) {

    /** No AOF, no save rules: nothing is written unless SAVE or BGSAVE asks. */
    public static final PersistSettings DEFAULTS = new PersistSettings(Path.of("."), "dump.rdb", SaveRules.NONE, true,
            true, false, "appendonly.aof", "appendonlydir", AppendOnlyFile.Fsync.EVERYSEC, true, 100, 64L << 20);

    public static PersistSettings from(Config c) {
        return new PersistSettings(c.get(PersistKeys.DIR), c.get(PersistKeys.DBFILENAME), c.get(PersistKeys.SAVE),
                c.get(PersistKeys.RDBCOMPRESSION), c.get(PersistKeys.RDBCHECKSUM), c.get(PersistKeys.APPENDONLY),
                c.get(PersistKeys.APPENDFILENAME), c.get(PersistKeys.APPENDDIRNAME),
                AppendOnlyFile.Fsync.valueOf(c.get(PersistKeys.APPENDFSYNC).toUpperCase(java.util.Locale.ROOT)),
                c.get(PersistKeys.AOF_LOAD_TRUNCATED), c.get(PersistKeys.AUTO_AOF_REWRITE_PERCENTAGE),
                c.get(PersistKeys.AUTO_AOF_REWRITE_MIN_SIZE));
    }

    public Path rdbFile() {
        return dir.resolve(dbfilename);
    }

    public Path aofDir() {
        return dir.resolve(appendDirname);
    }
}
