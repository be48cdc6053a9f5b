package io.wharf.kv.persist;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoders of the compact encodings inside Redis 7.0's RDB values: listpacks ({@code listpack.c}: a 6-byte
 * header, entries each an encoding byte, data and a back-length, then {@code 0xff}) and intsets
 * ({@code intset.c}: encoding width, count, little-endian integers). Integers come back as their decimal
 * text, as Redis returns them. Malformed input throws {@link IllegalArgumentException}.
 *
 * <p>Threading: stateless.
 */
final class Listpack {

    private Listpack() {
    }

    static List<byte[]> entries(byte[] lp) {
        if (lp.length < 7) {
            throw new IllegalArgumentException("shorter than a listpack header");
        }
        long total = le(lp, 0, 4);
        if (total != lp.length) {
            throw new IllegalArgumentException("size " + total + " in the header, " + lp.length + " bytes given");
        }
        List<byte[]> out = new ArrayList<>();
        int p = 6;
        for (;;) {
            check(lp, p, 1);
            int b = lp[p] & 0xff;
            int start = p;
            if (b == 0xff) {
                return out;
            }
            if ((b & 0x80) == 0) {
                out.add(text(b & 0x7f));
                p += 1;
            } else if ((b & 0xc0) == 0x80) {
                int n = b & 0x3f;
                check(lp, p + 1, n);
                out.add(java.util.Arrays.copyOfRange(lp, p + 1, p + 1 + n));
                p += 1 + n;
            } else if ((b & 0xe0) == 0xc0) {
                check(lp, p, 2);
                int v = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
                out.add(text(v >= 1 << 12 ? v - (1 << 13) : v));
                p += 2;
            } else if ((b & 0xf0) == 0xe0) {
                check(lp, p, 2);
                int n = ((b & 0x0f) << 8) | (lp[p + 1] & 0xff);
                check(lp, p + 2, n);
                out.add(java.util.Arrays.copyOfRange(lp, p + 2, p + 2 + n));
                p += 2 + n;
            } else if (b == 0xf0) {
                check(lp, p + 1, 4);
                long n = le(lp, p + 1, 4);
                check(lp, p + 5, (int) n);
                out.add(java.util.Arrays.copyOfRange(lp, p + 5, p + 5 + (int) n));
                p += 5 + (int) n;
            } else if (b >= 0xf1 && b <= 0xf4) {
                int width = switch (b) {
                    case 0xf1 -> 2;
                    case 0xf2 -> 3;
                    case 0xf3 -> 4;
                    default -> 8;
                };
                check(lp, p + 1, width);
                long v = le(lp, p + 1, width);
                int shift = 64 - 8 * width;
                out.add(text(v << shift >> shift));
                p += 1 + width;
            } else {
                throw new IllegalArgumentException(String.format("bad entry encoding 0x%02x at %d", b, p));
            }
            int entryLength = p - start;
            p += backlenSize(entryLength);
        }
    }

    private static int backlenSize(int l) {
        if (l <= 127) {
            return 1;
        } else if (l < 16383) {
            return 2;
        } else if (l < 2097151) {
            return 3;
        } else if (l < 268435455) {
            return 4;
        }
        return 5;
    }

    static List<byte[]> intset(byte[] is) {
        if (is.length < 8) {
            throw new IllegalArgumentException("shorter than an intset header");
        }
        int width = (int) le(is, 0, 4);
        long count = le(is, 4, 4);
        if (width != 2 && width != 4 && width != 8 || 8 + count * width != is.length) {
            throw new IllegalArgumentException("bad intset header");
        }
        List<byte[]> out = new ArrayList<>((int) count);
        int shift = 64 - 8 * width;
        for (int i = 0; i < count; i++) {
            long v = le(is, 8 + i * width, width);
            out.add(text(v << shift >> shift));
        }
        return out;
    }

    private static void check(byte[] b, int at, int n) {
        if (at < 0 || n < 0 || at + n > b.length) {
            throw new IllegalArgumentException("entry past the end");
        }
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }

    private static byte[] text(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
