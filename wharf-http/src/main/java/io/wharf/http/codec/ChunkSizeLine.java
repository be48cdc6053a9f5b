package io.wharf.http.codec;

import java.nio.ByteBuffer;

/**
 * {@code chunk-size [ chunk-ext ]} (RFC 9112 section 7.1). Extensions are checked and ignored; their length
 * is bounded by the line limit the parser reads them with.
 */
final class ChunkSizeLine {

    /** Sizes past this many hex digits of significance would overflow a long. */
    private static final long MAX_BEFORE_SHIFT = Long.MAX_VALUE >>> 4;

    private ChunkSizeLine() {
    }

    /** The chunk's size. */
    static long parse(ByteBuffer line) {
        int len = line.limit();
        int i = 0;
        long size = 0;
        while (i < len && Ascii.hex(line.get(i)) >= 0) {
            if (size > MAX_BEFORE_SHIFT) {
                throw Refusal.bad("chunk size overflows");
            }
            size = (size << 4) | Ascii.hex(line.get(i));
            i++;
        }
        if (i == 0) {
            throw Refusal.bad("malformed chunk size");
        }
        while (i < len) {
            i = extension(line, i, len);
        }
        return size;
    }

    /** {@code BWS ";" BWS ext-name [ BWS "=" BWS ext-val ]} from {@code i}; returns where it ends. */
    private static int extension(ByteBuffer line, int i, int len) {
        i = skipOws(line, i, len);
        if (i == len || line.get(i) != ';') {
            throw Refusal.bad("malformed chunk extension");
        }
        i = skipOws(line, i + 1, len);
        int name = i;
        while (i < len && Ascii.tchar(line.get(i))) {
            i++;
        }
        if (i == name) {
            throw Refusal.bad("malformed chunk extension");
        }
        int eq = skipOws(line, i, len);
        if (eq == len || line.get(eq) != '=') {
            return i;
        }
        i = skipOws(line, eq + 1, len);
        if (i < len && line.get(i) == '"') {
            return quoted(line, i + 1, len);
        }
        int value = i;
        while (i < len && Ascii.tchar(line.get(i))) {
            i++;
        }
        if (i == value) {
            throw Refusal.bad("malformed chunk extension");
        }
        return i;
    }

    /** The rest of a quoted-string whose opening quote is before {@code i}; returns the index past its close. */
    private static int quoted(ByteBuffer line, int i, int len) {
        while (i < len) {
            byte b = line.get(i);
            if (b == '"') {
                return i + 1;
            }
            if (b == '\\') {
                if (i + 1 == len || !Ascii.fieldChar(line.get(i + 1))) {
                    throw Refusal.bad("malformed chunk extension");
                }
                i += 2;
            } else if (Ascii.qdtext(b)) {
                i++;
            } else {
                throw Refusal.bad("malformed chunk extension");
            }
        }
        throw Refusal.bad("malformed chunk extension");
    }

    private static int skipOws(ByteBuffer line, int i, int len) {
        while (i < len && Ascii.ows(line.get(i))) {
            i++;
        }
        return i;
    }
}
