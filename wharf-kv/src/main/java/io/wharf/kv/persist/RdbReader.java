package io.wharf.kv.persist;

import io.wharf.kv.store.Db;
import io.wharf.kv.store.Entry;
import io.wharf.kv.store.HashValue;
import io.wharf.kv.store.Keyspace;
import io.wharf.kv.store.ListValue;
import io.wharf.kv.store.SetValue;
import io.wharf.kv.store.ZSetValue;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads an RDB file of version 1 to 10 into the key space, as Redis 7.0's {@code rdbLoad}: the encodings Redis
 * 7.0 writes (strings with integer and LZF encodings, lists as quicklist 2 of listpacks, sets as intsets or
 * plain, hashes as listpacks or plain, sorted sets as listpacks or {@code ZSET_2}, and the old {@code ZSET} with
 * text scores) and the plain ones wharf writes. Aux fields, RESIZEDB, IDLE and FREQ are
 * read and passed over. The CRC-64 at the end is checked when it is not zero (Redis writes zero with
 * {@code rdbchecksum no}). A key already expired is skipped, unless the file is an AOF base (then the AOF's
 * own DELs delete it, as in Redis).
 *
 * <p>Types wharf does not have (streams, modules) stop the load with the file, the offset and the type: one
 * more case in {@link #value} each.
 *
 * <p>Threading: runs at start-up, holding the key space's lock per key.
 */
final class RdbReader {

    private final Path file;
    private final InputStream in;
    private long position;
    private long crc;
    private final byte[] one = new byte[1];

    private RdbReader(Path file, InputStream in) {
        this.file = file;
        this.in = in;
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
        byte[] magic = bytes(9);
        String head = new String(magic, StandardCharsets.US_ASCII);
        if (!head.startsWith("REDIS")) {
            throw corrupt(0, "not an RDB file (no REDIS magic)");
        }
        int version;
        try {
            version = Integer.parseInt(head.substring(5));
        } catch (NumberFormatException e) {
            throw corrupt(5, "bad RDB version '" + head.substring(5) + "'");
        }
        if (version < 1 || version > Rdb.VERSION) {
            throw corrupt(5, "RDB version " + version + " is newer than this server's (" + Rdb.VERSION + ")");
        }
        Db db = keyspace.db(0);
        long expireAt = Entry.PERSISTENT;
        long keys = 0;
        for (;;) {
            long at = position;
            int type = u8();
            switch (type) {
                case Rdb.OPCODE_EXPIRETIME_MS -> {
                    expireAt = u64le();
                    continue;
                }
                case Rdb.OPCODE_EXPIRETIME -> {
                    expireAt = (u32le() & 0xffffffffL) * 1000;
                    continue;
                }
                case Rdb.OPCODE_FREQ -> {
                    u8();
                    continue;
                }
                case Rdb.OPCODE_IDLE -> {
                    length();
                    continue;
                }
                case Rdb.OPCODE_SELECTDB -> {
                    long index = length();
                    if (index >= keyspace.databases()) {
                        throw corrupt(at, "database " + index + " past databases (" + keyspace.databases() + ")");
                    }
                    db = keyspace.db((int) index);
                    continue;
                }
                case Rdb.OPCODE_RESIZEDB -> {
                    length();
                    length();
                    continue;
                }
                case Rdb.OPCODE_AUX -> {
                    string();
                    string();
                    continue;
                }
                case Rdb.OPCODE_MODULE_AUX, Rdb.OPCODE_FUNCTION2 ->
                        throw corrupt(at, "modules and functions are not supported");
                case Rdb.OPCODE_EOF -> {
                    long expected = crc;
                    long stored = version >= 5 ? u64le() : 0;
                    if (stored != 0 && stored != expected) {
                        throw corrupt(at + 1, String.format("wrong RDB checksum (expected %016x, got %016x)",
                                expected, stored));
                    }
                    return keys;
                }
                default -> {
                    byte[] key = string();
                    Object value;
                    try {
                        value = value(type, at);
                    } catch (IllegalArgumentException e) {
                        throw corrupt(at, e.getMessage());
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

    private Object value(int type, long at) throws IOException {
        switch (type) {
            case Rdb.TYPE_STRING:
                return string();
            case Rdb.TYPE_LIST: {
                ListValue l = new ListValue();
                for (long n = length(); n > 0; n--) {
                    l.addLast(string());
                }
                return l;
            }
            case Rdb.TYPE_SET: {
                SetValue s = new SetValue();
                for (long n = length(); n > 0; n--) {
                    s.add(string());
                }
                return s;
            }
            case Rdb.TYPE_HASH: {
                HashValue h = new HashValue();
                for (long n = length(); n > 0; n--) {
                    h.put(string(), string());
                }
                return h;
            }
            case Rdb.TYPE_SET_INTSET: {
                SetValue s = new SetValue();
                for (byte[] m : Listpack.intset(string())) {
                    s.add(m);
                }
                return s;
            }
            case Rdb.TYPE_HASH_LISTPACK: {
                List<byte[]> entries = listpack(at);
                if (entries.size() % 2 != 0) {
                    throw corrupt(at, "a hash listpack with an odd number of entries");
                }
                HashValue h = new HashValue();
                for (int i = 0; i < entries.size(); i += 2) {
                    h.put(entries.get(i), entries.get(i + 1));
                }
                return h;
            }
            case Rdb.TYPE_LIST_QUICKLIST_2: {
                ListValue l = new ListValue();
                for (long nodes = length(); nodes > 0; nodes--) {
                    long container = length();
                    if (container == Rdb.QUICKLIST_NODE_PLAIN) {
                        l.addLast(string());
                    } else if (container == Rdb.QUICKLIST_NODE_PACKED) {
                        for (byte[] e : listpack(at)) {
                            l.addLast(e);
                        }
                    } else {
                        throw corrupt(at, "unknown quicklist node container " + container);
                    }
                }
                return l;
            }
            case Rdb.TYPE_ZSET_2, Rdb.TYPE_ZSET: {
                ZSetValue z = new ZSetValue();
                for (long n = length(); n > 0; n--) {
                    byte[] member = string();
                    double score = type == Rdb.TYPE_ZSET_2 ? Double.longBitsToDouble(u64le()) : oldScore(at);
                    if (Double.isNaN(score)) {
                        throw corrupt(at, "a sorted set score that is NaN");
                    }
                    z.put(member, score);
                }
                return z;
            }
            case Rdb.TYPE_ZSET_LISTPACK: {
                List<byte[]> entries = listpack(at);
                if (entries.size() % 2 != 0) {
                    throw corrupt(at, "a sorted set listpack with an odd number of entries");
                }
                ZSetValue z = new ZSetValue();
                for (int i = 0; i < entries.size(); i += 2) {
                    z.put(entries.get(i), score(entries.get(i + 1), at));
                }
                return z;
            }
            default:
                throw corrupt(at, "value type " + type + " (" + typeName(type) + ") is not supported");
        }
    }

    /** {@code rdbLoadDoubleValue}: a length byte (253 NaN, 254 +inf, 255 -inf) and the score as text. */
    private double oldScore(long at) throws IOException {
        int len = u8();
        return switch (len) {
            case 253 -> Double.NaN;
            case 254 -> Double.POSITIVE_INFINITY;
            case 255 -> Double.NEGATIVE_INFINITY;
            default -> score(bytes(len), at);
        };
    }

    private PersistenceException notScore(long at, byte[] text) {
        return corrupt(at, "a sorted set score that is not a number: '"
                + new String(text, java.nio.charset.StandardCharsets.ISO_8859_1) + "'");
    }

    /** A score written as text, as {@code strtod} reads it (inf and -inf included); NaN is corrupt. */
    private double score(byte[] text, long at) {
        String t = new String(text, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    double d = Double.parseDouble(t);
                    if (Double.isNaN(d) || t.endsWith("d") || t.endsWith("f")) {
                        throw notScore(at, text);
                    }
                    return d;
                } catch (NumberFormatException e) {
                    throw notScore(at, text);
                }
            }
        }
    }

    private List<byte[]> listpack(long at) throws IOException {
        try {
            return Listpack.entries(string());
        } catch (IllegalArgumentException e) {
            throw corrupt(at, "bad listpack: " + e.getMessage());
        }
    }

    private static String typeName(int type) {
        return switch (type) {
            case Rdb.TYPE_ZSET, Rdb.TYPE_ZSET_2, Rdb.TYPE_ZSET_LISTPACK, 12 -> "sorted set";
            case 15, 19, 21 -> "stream";
            case 6, 7 -> "module";
            case Rdb.TYPE_LIST_QUICKLIST, 10 -> "list of ziplists, written before Redis 7";
            case 9, Rdb.TYPE_HASH_ZIPLIST -> "hash ziplist, written before Redis 7";
            default -> "unknown";
        };
    }

    /** {@code rdbGenericLoadStringObject}. */
    byte[] string() throws IOException {
        long at = position;
        int first = u8();
        int kind = first >>> 6;
        if (kind == 3) {
            switch (first & 0x3f) {
                case Rdb.ENC_INT8:
                    return Long.toString((byte) u8()).getBytes(StandardCharsets.US_ASCII);
                case Rdb.ENC_INT16: {
                    int lo = u8();
                    int hi = u8();
                    return Long.toString((short) (lo | hi << 8)).getBytes(StandardCharsets.US_ASCII);
                }
                case Rdb.ENC_INT32:
                    return Long.toString(u32le()).getBytes(StandardCharsets.US_ASCII);
                case Rdb.ENC_LZF: {
                    long clen = length();
                    long ulen = length();
                    if (clen > Integer.MAX_VALUE || ulen > Integer.MAX_VALUE) {
                        throw corrupt(at, "LZF string too long");
                    }
                    byte[] z = bytes((int) clen);
                    try {
                        return Lzf.decompress(z, (int) ulen);
                    } catch (IllegalArgumentException e) {
                        throw corrupt(at, "bad LZF string: " + e.getMessage());
                    }
                }
                default:
                    throw corrupt(at, "unknown string encoding " + (first & 0x3f));
            }
        }
        long n = lengthFrom(first);
        if (n > Integer.MAX_VALUE - 16) {
            throw corrupt(at, "string length " + n + " too long");
        }
        return bytes((int) n);
    }

    private long length() throws IOException {
        long at = position;
        int first = u8();
        if (first >>> 6 == 3) {
            throw corrupt(at, "an encoded value where a length belongs");
        }
        return lengthFrom(first);
    }

    private long lengthFrom(int first) throws IOException {
        switch (first >>> 6) {
            case 0:
                return first & 0x3f;
            case 1:
                return (first & 0x3f) << 8 | u8();
            default:
                if (first == 0x80) {
                    long v = 0;
                    for (int i = 0; i < 4; i++) {
                        v = v << 8 | u8();
                    }
                    return v;
                }
                if (first == 0x81) {
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v = v << 8 | u8();
                    }
                    return v;
                }
                throw corrupt(position - 1, String.format("bad length byte 0x%02x", first));
        }
    }

    private int u32le() throws IOException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= u8() << (8 * i);
        }
        return v;
    }

    private long u64le() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) u8() << (8 * i);
        }
        return v;
    }

    private int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        one[0] = (byte) b;
        crc = Crc64.update(crc, one, 0, 1);
        position++;
        return b;
    }

    private byte[] bytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException();
        }
        crc = Crc64.update(crc, b, 0, n);
        position += n;
        return b;
    }

    private PersistenceException corrupt(long at, String what) {
        return new PersistenceException(file + ": corrupt RDB at byte " + at + ": " + what);
    }
}
