package io.wharf.kv.persist;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The RDB file's primitives, as Redis's {@code rio} and {@code rdbLoadLen}/{@code rdbGenericLoadStringObject}:
 * bytes, little-endian integers, lengths, and strings with their integer and LZF encodings, read in order with
 * the offset kept for error messages and the CRC-64 of everything read kept for the checksum at the end. The end
 * of the stream is an {@link EOFException}; anything malformed, a {@link PersistenceException} naming the file
 * and the offset ({@link #corrupt}).
 *
 * <p>Threading: one reader's, on the thread that loads the file.
 */
final class RdbInput {

    private final Path file;
    private final InputStream in;
    private long position;
    private long crc;
    private final byte[] one = new byte[1];

    RdbInput(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    /** The offset of the next byte. */
    long position() {
        return position;
    }

    /** The CRC-64 of every byte read so far. */
    long crc() {
        return crc;
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

    long length() throws IOException {
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

    int u32le() throws IOException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= u8() << (8 * i);
        }
        return v;
    }

    long u64le() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) u8() << (8 * i);
        }
        return v;
    }

    int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        one[0] = (byte) b;
        crc = Crc64.update(crc, one, 0, 1);
        position++;
        return b;
    }

    byte[] bytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException();
        }
        crc = Crc64.update(crc, b, 0, n);
        position += n;
        return b;
    }

    /** The error that stops the load: the file, the offset, what is wrong there. */
    PersistenceException corrupt(long at, String what) {
        return new PersistenceException(file + ": corrupt RDB at byte " + at + ": " + what);
    }
}
