package io.wharf.load;

import java.nio.ByteBuffer;

/**
 * Splits a chat connection's bytes into lines, LF or CR LF ended, however the bytes arrive (one at a time
 * included). A line longer than the buffer is cut to its first {@code capacity} bytes and marked overflowed,
 * so one runaway line cannot grow memory.
 *
 * <p>Threading: owned by one load thread. Allocates nothing after construction.
 */
final class ChatLineReader {

    /** Receives each complete line, terminator removed; {@code line} is reused after the call returns. */
    interface Listener {
        void onLine(byte[] line, int length, boolean overflowed);
    }

    private final byte[] line;
    private int length;
    private boolean overflowed;

    ChatLineReader(int capacity) {
        this.line = new byte[capacity];
    }

    /** Consumes all of {@code in}, calling {@code listener} once per completed line. */
    void feed(ByteBuffer in, Listener listener) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                int n = length > 0 && line[length - 1] == '\r' && !overflowed ? length - 1 : length;
                boolean cut = overflowed;
                length = 0;
                overflowed = false;
                listener.onLine(line, n, cut);
            } else if (length < line.length) {
                line[length++] = b;
            } else {
                overflowed = true;
            }
        }
    }

    /** Forgets a partial line: the connection was replaced. */
    void reset() {
        length = 0;
        overflowed = false;
    }
}
