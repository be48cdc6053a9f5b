package io.wharf.kv.persist;

import io.wharf.kv.store.Db;
import io.wharf.kv.store.Entry;
import io.wharf.kv.store.Keyspace;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads an RDB file of version 1 to 10 into the key space, as Redis 7.0's {@code rdbLoad}: the encodings Redis
 * 7.0 writes (strings with integer and LZF encodings, lists as quicklist 2 of listpacks, sets as intsets or
 * plain, hashes as listpacks or plain, sorted sets as listpacks or {@code ZSET_2}, and the old {@code ZSET} with
 * text scores) and the plain ones wharf writes. Aux fields, RESIZEDB, IDLE and FREQ are
 * read and passed over. The CRC-64 at the end is checked when it is not zero (Redis writes zero with
 * {@code rdbchecksum no}). A key already expired is skipped, unless the file is an AOF base (then the AOF's
 * own DELs delete it, as in Redis).
 *
 * <p>This class walks the file's opcodes; {@link RdbValues} reads each value and {@link RdbInput} the bytes.
 * Types wharf does not have (streams, modules) stop the load with the file, the offset and the type.
 *
 * <p>Threading: runs at start-up, holding the key space's lock per key.
 */
final class RdbReader {

    private final RdbInput in;
    private final RdbValues values;

    private RdbReader(Path file, InputStream raw) {
        this.in = new RdbInput(file, raw);
        this.values = new RdbValues(in);
    }

    /** True if {@code file} starts with the RDB magic (an AOF base file may be RDB or AOF). */
    static boolean isRdb(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(5);
            return new String(magic, StandardCharsets.US_ASCII).equals("REDIS");
        }
    }

    /** Loads {@code file} into {@code keyspace}; returns the number of keys loaded. */
    static long load(Path file, Keyspace keyspace, boolean aofBase, long now) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new RdbReader(file, raw).load(keyspace, aofBase, now);
        } catch (EOFException e) {
            throw new PersistenceException(file + ": the RDB file ends early (truncated?)");
        } catch (IOException e) {
            throw new PersistenceException(file + ": cannot read the RDB file: " + e.getMessage());
        }
    }

    private long load(Keyspace keyspace, boolean aofBase, long now) throws IOException {
        byte[] magic = in.bytes(9);
        String head = new String(magic, StandardCharsets.US_ASCII);
        if (!head.startsWith("REDIS")) {
            throw in.corrupt(0, "not an RDB file (no REDIS magic)");
        }
        int version;
        try {
            version = Integer.parseInt(head.substring(5));
        } catch (NumberFormatException e) {
            throw in.corrupt(5, "bad RDB version '" + head.substring(5) + "'");
        }
        if (version < 1 || version > Rdb.VERSION) {
            throw in.corrupt(5, "RDB version " + version + " is newer than this server's (" + Rdb.VERSION + ")");
        }
        Db db = keyspace.db(0);
        long expireAt = Entry.PERSISTENT;
        long keys = 0;
        for (;;) {
            long at = in.position();
            int type = in.u8();
            switch (type) {
                case Rdb.OPCODE_EXPIRETIME_MS -> {
                    expireAt = in.u64le();
                    continue;
                }
                case Rdb.OPCODE_EXPIRETIME -> {
                    expireAt = (in.u32le() & 0xffffffffL) * 1000;
                    continue;
                }
                case Rdb.OPCODE_FREQ -> {
                    in.u8();
                    continue;
                }
                case Rdb.OPCODE_IDLE -> {
                    in.length();
                    continue;
                }
                case Rdb.OPCODE_SELECTDB -> {
                    long index = in.length();
                    if (index >= keyspace.databases()) {
                        throw in.corrupt(at, "database " + index + " past databases (" + keyspace.databases() + ")");
                    }
                    db = keyspace.db((int) index);
                    continue;
                }
                case Rdb.OPCODE_RESIZEDB -> {
                    in.length();
                    in.length();
                    continue;
                }
                case Rdb.OPCODE_AUX -> {
                    in.string();
                    in.string();
                    continue;
                }
                case Rdb.OPCODE_MODULE_AUX, Rdb.OPCODE_FUNCTION2 ->
                        throw in.corrupt(at, "modules and functions are not supported");
                case Rdb.OPCODE_EOF -> {
                    long expected = in.crc();
                    long stored = version >= 5 ? in.u64le() : 0;
                    if (stored != 0 && stored != expected) {
                        throw in.corrupt(at + 1, String.format("wrong RDB checksum (expected %016x, got %016x)",
                                expected, stored));
                    }
                    return keys;
                }
                default -> {
                    byte[] key = in.string();
                    Object value;
                    try {
                        value = values.value(type, at);
                    } catch (IllegalArgumentException e) {
                        throw in.corrupt(at, e.getMessage());
                    }
                    boolean expired = expireAt != Entry.PERSISTENT && expireAt < now && !aofBase;
                    if (!expired) {
                        keyspace.lock().lock();
                        try {
                            Entry e = db.set(key, value, false);
                            if (expireAt != Entry.PERSISTENT) {
                                db.expireAt(key, e, expireAt);
                            }
                        } finally {
                            keyspace.lock().unlock();
                        }
                        keys++;
                    }
                    expireAt = Entry.PERSISTENT;
                }
            }
        }
    }
}
