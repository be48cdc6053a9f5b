package io.wharf.load.kv;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads RESP2 replies from a blocking stream, one at a time, keeping only their kind (and an error's text):
 * simple strings, errors, integers, bulk strings (null included) and arrays of those, nested.
 *
 * <p>Threading: one reader per connection.
 */
final class RespReplyReader {

    enum Kind { SIMPLE, ERROR, INTEGER, BULK, NULL, ARRAY }

    private final InputStream in;
    private final StringBuilder line = new StringBuilder();
    private String lastError;

    RespReplyReader(InputStream in) {
        this.in = in;
    }

    String lastError() {
        return lastError;
    }

    Kind next() throws IOException {
        int type = read();
        String text = line();
        switch (type) {
            case '+':
                return Kind.SIMPLE;
            case '-':
                lastError = text;
                return Kind.ERROR;
            case ':':
                return Kind.INTEGER;
            case '$': {
                long n = number(text);
                if (n < 0) {
                    return Kind.NULL;
                }
                skip(n + 2);
                return Kind.BULK;
            }
            case '*': {
                long n = number(text);
                for (long i = 0; i < n; i++) {
                    next();
                }
                return n < 0 ? Kind.NULL : Kind.ARRAY;
            }
            default:
                throw new IOException("not a RESP reply: starts with " + (char) type);
        }
    }

    private static long number(String text) throws IOException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("bad length in a RESP reply: " + text);
        }
    }

    private String line() throws IOException {
        line.setLength(0);
        for (;;) {
            int c = read();
            if (c == '\r') {
                read();
                return line.toString();
            }
            line.append((char) c);
            if (line.length() > 1 << 16) {
                throw new IOException("a RESP reply line over 64 KiB");
            }
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                read();
                k = 1;
            }
            n -= k;
        }
    }

    private int read() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new IOException("the server closed the connection");
        }
        return c;
    }
}
