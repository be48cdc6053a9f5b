package io.wharf.kv.persist;

import io.wharf.kv.store.HashValue;
import io.wharf.kv.store.ListValue;
import io.wharf.kv.store.SetValue;
import io.wharf.kv.store.ZSetValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The values of an RDB file by type, as Redis 7.0's {@code rdbLoadObject}: strings, lists (plain, and quicklist 2
 * of listpacks), sets (plain and intset), hashes (plain and listpack), sorted sets ({@code ZSET_2}, the old
 * {@code ZSET} with text scores, and listpack). A type wharf does not have (streams, modules, the ziplists written
 * before Redis 7) stops the load naming the offset and the type: one more case in {@link #value} each.
 *
 * <p>Threading: one reader's, on the thread that loads the file.
 */
final class RdbValues {

    private final RdbInput in;

    RdbValues(RdbInput in) {
        this.in = in;
    }

    /** The value of type {@code type}, after its key; {@code at} is where its record began (errors name it). */
    Object value(int type, long at) throws IOException {
        switch (type) {
            case Rdb.TYPE_STRING:
                return in.string();
            case Rdb.TYPE_LIST: {
                ListValue l = new ListValue();
                for (long n = in.length(); n > 0; n--) {
                    l.addLast(in.string());
                }
                return l;
            }
            case Rdb.TYPE_SET: {
                SetValue s = new SetValue();
                for (long n = in.length(); n > 0; n--) {
                    s.add(in.string());
                }
                return s;
            }
            case Rdb.TYPE_HASH: {
                HashValue h = new HashValue();
                for (long n = in.length(); n > 0; n--) {
                    h.put(in.string(), in.string());
                }
                return h;
            }
            case Rdb.TYPE_SET_INTSET: {
                SetValue s = new SetValue();
                for (byte[] m : Listpack.intset(in.string())) {
                    s.add(m);
                }
                return s;
            }
            case Rdb.TYPE_HASH_LISTPACK: {
                List<byte[]> entries = pairs(at, "a hash");
                HashValue h = new HashValue();
                for (int i = 0; i < entries.size(); i += 2) {
                    h.put(entries.get(i), entries.get(i + 1));
                }
                return h;
            }
            case Rdb.TYPE_LIST_QUICKLIST_2: {
                ListValue l = new ListValue();
                for (long nodes = in.length(); nodes > 0; nodes--) {
                    long container = in.length();
                    if (container == Rdb.QUICKLIST_NODE_PLAIN) {
                        l.addLast(in.string());
                    } else if (container == Rdb.QUICKLIST_NODE_PACKED) {
                        for (byte[] e : listpack(at)) {
                            l.addLast(e);
                        }
                    } else {
                        throw in.corrupt(at, "unknown quicklist node container " + container);
                    }
                }
                return l;
            }
            case Rdb.TYPE_ZSET_2, Rdb.TYPE_ZSET: {
                ZSetValue z = new ZSetValue();
                for (long n = in.length(); n > 0; n--) {
                    byte[] member = in.string();
                    double score = type == Rdb.TYPE_ZSET_2 ? Double.longBitsToDouble(in.u64le()) : oldScore(at);
                    if (Double.isNaN(score)) {
                        throw in.corrupt(at, "a sorted set score that is NaN");
                    }
                    z.put(member, score);
                }
                return z;
            }
            case Rdb.TYPE_ZSET_LISTPACK: {
                List<byte[]> entries = pairs(at, "a sorted set");
                ZSetValue z = new ZSetValue();
                for (int i = 0; i < entries.size(); i += 2) {
                    z.put(entries.get(i), score(entries.get(i + 1), at));
                }
                return z;
            }
            default:
                throw in.corrupt(at, "value type " + type + " (" + typeName(type) + ") is not supported");
        }
    }

    /** {@code rdbLoadDoubleValue}: a length byte (253 NaN, 254 +inf, 255 -inf) and the score as text. */
    private double oldScore(long at) throws IOException {
        int len = in.u8();
        return switch (len) {
            case 253 -> Double.NaN;
            case 254 -> Double.POSITIVE_INFINITY;
            case 255 -> Double.NEGATIVE_INFINITY;
            default -> score(in.bytes(len), at);
        };
    }

    private PersistenceException notScore(long at, byte[] text) {
        return in.corrupt(at, "a sorted set score that is not a number: '"
                + new String(text, StandardCharsets.ISO_8859_1) + "'");
    }

    /** A score written as text, as {@code strtod} reads it (inf and -inf included); NaN is corrupt. */
    private double score(byte[] text, long at) {
        String t = new String(text, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
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

    /** A listpack of field and value (or member and score) pairs: an odd count is corrupt. */
    private List<byte[]> pairs(long at, String what) throws IOException {
        List<byte[]> entries = listpack(at);
        if (entries.size() % 2 != 0) {
            throw in.corrupt(at, what + " listpack with an odd number of entries");
        }
        return entries;
    }

    private List<byte[]> listpack(long at) throws IOException {
        try {
            return Listpack.entries(in.string());
        } catch (IllegalArgumentException e) {
            throw in.corrupt(at, "bad listpack: " + e.getMessage());
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
}
