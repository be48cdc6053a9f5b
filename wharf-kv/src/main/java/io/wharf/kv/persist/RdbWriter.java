package io.wharf.kv.persist;

import io.wharf.kv.store.Entry;
import io.wharf.kv.store.HashValue;
import io.wharf.kv.store.ListValue;
import io.wharf.kv.store.SetValue;
import io.wharf.kv.store.SkipList;
import io.wharf.kv.store.ZSetValue;
import io.wharf.kv.store.Snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Snapshot} as an RDB file of version 10, the version Redis 7.0 writes and loads: the aux
 * fields Redis writes ({@code redis-ver}, {@code redis-bits}, {@code ctime}, {@code used-mem},
 * {@code aof-base}), then per non-empty database {@code SELECTDB}, {@code RESIZEDB} and its keys, each with
 * its {@code EXPIRETIME_MS} if it has one, then {@code EOF} and the CRC-64 of everything before it (zero when
 * {@code rdbchecksum} is off, which Redis then skips checking).
 *
 * <p>Values are written in the plain encodings every Redis since 2.x loads and converts on load: strings as
 * Redis saves them (an integer of up to 32 bits as such, else LZF when {@code rdbcompression} is on and it
 * saves at least 4 bytes of a string over 20, else raw), lists as {@code RDB_TYPE_LIST}, sets as
 * {@code RDB_TYPE_SET}, hashes as {@code RDB_TYPE_HASH}, sorted sets as {@code RDB_TYPE_ZSET_2} (member then
 * 8-byte little-endian score; Redis makes a small one a listpack as it loads it). Keys already
 * past their expiry are skipped, as Redis skips them.
 *
 * <p>Threading: one writer per file, without the key space's lock (the snapshot does not change).
 */
final class RdbWriter {

    private final OutputStream out;
    private final boolean compress;
    private final boolean checksum;
    private final byte[] buf = new byte[1 << 16];
    private int len;
    private long crc;
    private long bytes;
    private final Lzf lzf = new Lzf();

    RdbWriter(OutputStream out, boolean compress, boolean checksum) {
        this.out = out;
        this.compress = compress;
        this.checksum = checksum;
    }

    /** The whole file; {@code aofBase} marks an AOF base file. Returns the bytes written. */
    long write(Snapshot snapshot, long now, long usedMemory, boolean aofBase) throws IOException {
        raw(("REDIS" + String.format("%04d", Rdb.VERSION)).getBytes(StandardCharsets.US_ASCII));
        aux("redis-ver", io.wharf.kv.command.KvState.REDIS_VERSION);
        aux("redis-bits", "64");
        aux("ctime", Long.toString(now / 1000));
        aux("used-mem", Long.toString(usedMemory));
        aux("aof-base", aofBase ? "1" : "0");
        for (Snapshot.Db db : snapshot.dbs()) {
            if (db.size() == 0) {
                continue;
            }
            int expires = 0;
            for (long x : db.expireAt()) {
                if (x != Entry.PERSISTENT) {
                    expires++;
                }
            }
            u8(Rdb.OPCODE_SELECTDB);
            length(db.index());
            u8(Rdb.OPCODE_RESIZEDB);
            length(db.size());
            length(expires);
            for (int i = 0; i < db.size(); i++) {
                long expireAt = db.expireAt()[i];
                if (expireAt != Entry.PERSISTENT) {
                    if (expireAt < now && !aofBase) {
                        continue;
                    }
                    u8(Rdb.OPCODE_EXPIRETIME_MS);
                    u64le(expireAt);
                }
                value(db.keys()[i], db.values()[i]);
            }
        }
        u8(Rdb.OPCODE_EOF);
        flushBuffer();
        long sum = checksum ? crc : 0;
        byte[] tail = new byte[8];
        for (int i = 0; i < 8; i++) {
            tail[i] = (byte) (sum >>> (8 * i));
        }
        out.write(tail);
        bytes += 8;
        return bytes;
    }

    private void value(byte[] key, Object value) throws IOException {
        switch (value) {
            case byte[] s -> {
                u8(Rdb.TYPE_STRING);
                string(key);
                string(s);
            }
            case ListValue l -> {
                u8(Rdb.TYPE_LIST);
                string(key);
                length(l.size());
                for (int i = 0; i < l.size(); i++) {
                    string(l.get(i));
                }
            }
            case SetValue set -> {
                u8(Rdb.TYPE_SET);
                string(key);
                List<byte[]> members = set.members();
                length(members.size());
                for (byte[] m : members) {
                    string(m);
                }
            }
            case HashValue h -> {
                u8(Rdb.TYPE_HASH);
                string(key);
                length(h.size());
                for (Map.Entry<HashValue.Field, byte[]> f : h.fields().entrySet()) {
                    string(f.getKey().bytes());
                    string(f.getValue());
                }
            }
            case ZSetValue z -> {
                u8(Rdb.TYPE_ZSET_2);
                string(key);
                length(z.size());
                // from the highest score down, as Redis saves a skip list (a loader then inserts at the head)
                for (SkipList.Node n = z.last(); n != null; n = n.previous()) {
                    string(n.member());
                    long bits = Double.doubleToLongBits(n.score());
                    for (int i = 0; i < 8; i++) {
                        u8((int) (bits >>> (8 * i)) & 0xff);
                    }
                }
            }
            default -> throw new IllegalStateException("no RDB encoding for " + value.getClass());
        }
    }

    private void aux(String key, String value) throws IOException {
        u8(Rdb.OPCODE_AUX);
        string(key.getBytes(StandardCharsets.US_ASCII));
        string(value.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code rdbSaveRawString}: integer encoding, then LZF, then raw. */
    void string(byte[] s) throws IOException {
        if (s.length <= 11 && s.length > 0) {
            Long v = canonicalLong(s);
            if (v != null && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                long n = v;
                if (n >= Byte.MIN_VALUE && n <= Byte.MAX_VALUE) {
                    u8(0xC0 | Rdb.ENC_INT8);
                    u8((int) n & 0xff);
                } else if (n >= Short.MIN_VALUE && n <= Short.MAX_VALUE) {
                    u8(0xC0 | Rdb.ENC_INT16);
                    u8((int) n & 0xff);
                    u8((int) (n >>> 8) & 0xff);
                } else {
                    u8(0xC0 | Rdb.ENC_INT32);
                    for (int i = 0; i < 4; i++) {
                        u8((int) (n >>> (8 * i)) & 0xff);
                    }
                }
                return;
            }
        }
        if (compress && s.length > 20) {
            byte[] z = lzf.compress(s, s.length - 4);
            if (z != null) {
                u8(0xC0 | Rdb.ENC_LZF);
                length(z.length);
                length(s.length);
                raw(z);
                return;
            }
        }
        length(s.length);
        raw(s);
    }

    /** The value of {@code s} if it is a long written as Redis writes one ({@code string2ll} round-trips). */
    private static Long canonicalLong(byte[] s) {
        String text = new String(s, StandardCharsets.US_ASCII);
        try {
            long v = Long.parseLong(text);
            return Long.toString(v).equals(text) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void length(long n) throws IOException {
        if (n < 1 << 6) {
            u8((int) n);
        } else if (n < 1 << 14) {
            u8((int) (0x40 | (n >>> 8)));
            u8((int) (n & 0xff));
        } else if (n <= 0xffffffffL) {
            u8(0x80);
            for (int i = 3; i >= 0; i--) {
                u8((int) (n >>> (8 * i)) & 0xff);
            }
        } else {
            u8(0x81);
            for (int i = 7; i >= 0; i--) {
                u8((int) (n >>> (8 * i)) & 0xff);
            }
        }
    }

    private void u64le(long v) throws IOException {
        for (int i = 0; i < 8; i++) {
            u8((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private void u8(int b) throws IOException {
        if (len == buf.length) {
            flushBuffer();
        }
        buf[len++] = (byte) b;
    }

    private void raw(byte[] b) throws IOException {
        if (b.length > buf.length - len) {
            flushBuffer();
            if (b.length > buf.length) {
                crc = Crc64.update(crc, b, 0, b.length);
                out.write(b);
                bytes += b.length;
                return;
            }
        }
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void flushBuffer() throws IOException {
        crc = Crc64.update(crc, buf, 0, len);
        out.write(buf, 0, len);
        bytes += len;
        len = 0;
    }
}
