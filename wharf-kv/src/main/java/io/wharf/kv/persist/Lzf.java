package io.wharf.kv.persist;

/**
 * LZF, the compression of Redis's RDB strings ({@code lzf_c.c}, {@code lzf_d.c}): a control byte below 32
 * starts a run of that many plus one literal bytes; otherwise its top three bits are a match length minus two
 * (7: one more length byte follows) and the low five bits with the next byte the distance back minus one, up
 * to 8 KiB. The compressor finds matches through a hash of the next three bytes, as liblzf does.
 *
 * <p>Threading: an instance keeps its hash table between calls (no clearing needed: a stale entry is checked
 * against the input like any other), so one instance per thread; {@link #decompress} is static.
 */
public final class Lzf {

    private static final int HLOG = 14;
    private static final int MAX_LIT = 32;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    private final int[] table = new int[1 << HLOG];

    /**
     * Compresses {@code in} into at most {@code limit} bytes; returns them, or null when the result would not
     * fit (Redis then stores the string as it is).
     */
    public byte[] compress(byte[] in, int limit) {
        byte[] out = new byte[limit + MAX_LIT + 8];
        int ip = 0;
        int op = 1;
        int lit = 0;
        int n = in.length;
        while (ip < n - 2) {
            int h = hash(in, ip);
            int ref = table[h];
            table[h] = ip;
            int off = ip - ref - 1;
            if (ref >= 0 && ref < ip && off < MAX_OFF && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]
                    && in[ref + 2] == in[ip + 2]) {
                int len = 2;
                int maxlen = Math.min(n - ip - len, MAX_REF);
                do {
                    len++;
                } while (len < maxlen && in[ref + len] == in[ip + len]);
                if (lit > 0) {
                    out[op - lit - 1] = (byte) (lit - 1);
                } else {
                    op--;
                }
                lit = 0;
                int code = len - 2;
                if (op + 3 + 1 > limit) {
                    return null;
                }
                if (code < 7) {
                    out[op++] = (byte) ((off >>> 8) + (code << 5));
                } else {
                    out[op++] = (byte) ((off >>> 8) + (7 << 5));
                    out[op++] = (byte) (code - 7);
                }
                out[op++] = (byte) off;
                op++;
                ip += len;
            } else {
                if (op + 1 > limit) {
                    return null;
                }
                out[op++] = in[ip++];
                if (++lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        while (ip < n) {
            if (op + 1 > limit) {
                return null;
            }
            out[op++] = in[ip++];
            if (++lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        if (lit > 0) {
            out[op - lit - 1] = (byte) (lit - 1);
        } else {
            op--;
        }
        if (op > limit) {
            return null;
        }
        return java.util.Arrays.copyOf(out, op);
    }

    private static int hash(byte[] in, int i) {
        int v = (in[i] & 0xff) << 16 | (in[i + 1] & 0xff) << 8 | in[i + 2] & 0xff;
        return (int) ((v * 2654435761L & 0xffffffffL) >>> (32 - HLOG));
    }

    /**
     * Decompresses {@code in} into exactly {@code length} bytes; throws {@link IllegalArgumentException} on
     * data that is not valid LZF for that length.
     */
    public static byte[] decompress(byte[] in, int length) {
        byte[] out = new byte[length];
        int ip = 0;
        int op = 0;
        while (ip < in.length) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) {
                int run = ctrl + 1;
                if (op + run > length || ip + run > in.length) {
                    throw new IllegalArgumentException("LZF literal run past the end");
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int len = ctrl >>> 5;
                if (len == 7) {
                    if (ip >= in.length) {
                        throw new IllegalArgumentException("LZF match cut short");
                    }
                    len += in[ip++] & 0xff;
                }
                if (ip >= in.length) {
                    throw new IllegalArgumentException("LZF match cut short");
                }
                int ref = op - ((ctrl & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
                len += 2;
                if (ref < 0 || op + len > length) {
                    throw new IllegalArgumentException("LZF match out of range");
                }
                for (int i = 0; i < len; i++) {
                    out[op++] = out[ref++];
                }
            }
        }
        if (op != length) {
            throw new IllegalArgumentException("LZF data gives " + op + " bytes, not " + length);
        }
        return out;
    }
}
