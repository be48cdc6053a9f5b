package io.wharf.kv.persist;

/**
 * The CRC-64 of Redis's RDB files ({@code crc64.c}): the "Jones" polynomial {@code 0xad93d23594c935a9},
 * reflected input and output, initial value 0, no final xor; {@code crc64("123456789") == 0xe9c6d914c4b8d9ca}.
 * Table-driven, a byte at a time. Threading: stateless.
 */
public final class Crc64 {

    private static final long POLY = Long.reverse(0xad93d23594c935a9L);
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc64() {
    }

    /** {@code crc} extended over {@code len} bytes of {@code b} from {@code off}. */
    public static long update(long crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc = TABLE[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }
}
