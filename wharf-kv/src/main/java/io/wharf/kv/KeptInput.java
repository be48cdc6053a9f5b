package io.wharf.kv;

import java.nio.ByteBuffer;

/**
 * Input a client sent while it could not run it (blocked in BLPOP and the like, or held by CLIENT PAUSE), kept
 * as Redis keeps it in the client's query buffer: the connection reads on, so a client that leaves is seen at
 * once, and the bytes are decoded, in order and ahead of anything newer, once the client may run commands
 * again. The handler bounds it by {@code client_query_buffer_limit}.
 *
 * <p>Threading: changed and read on the handler's thread; {@link #any} is safe from any thread, for the thread
 * that serves the client to tell whether there is input to hand back.
 */
final class KeptInput {

    private static final ByteBuffer NONE = ByteBuffer.allocate(0);
    /** Past this a buffer emptied is let go rather than kept for the next time. */
    private static final int KEEP_CAPACITY = 64 * 1024;
    private static final int MIN_CAPACITY = 4096;

    /** The kept bytes, between position and limit. */
    private ByteBuffer bytes = NONE;
    private volatile boolean any;

    /** True while some bytes are kept. Any thread. */
    boolean any() {
        return any;
    }

    /** Bytes kept. */
    long size() {
        return bytes.remaining();
    }

    /** Appends what {@code data} has left, consuming it. */
    void add(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        if (bytes.capacity() - bytes.limit() < n) {
            int size = bytes.remaining();
            if (size + n <= bytes.capacity()) {
                bytes = bytes.compact().flip();
            } else {
                long grown = Math.max(Math.max(size + (long) n, 2L * bytes.capacity()), MIN_CAPACITY);
                bytes = ByteBuffer.allocate((int) Math.min(grown, Integer.MAX_VALUE - 16)).put(bytes).flip();
            }
        }
        int end = bytes.limit();
        bytes.limit(end + n);
        bytes.put(end, data, data.position(), n);
        data.position(data.limit());
        any = true;
    }

    /** The kept bytes, to decode from; call {@link #consumed} after. */
    ByteBuffer input() {
        return bytes;
    }

    /** What {@link #input} had consumed is gone; the rest stays first in line. */
    void consumed() {
        if (!bytes.hasRemaining()) {
            clear();
        }
    }

    void clear() {
        bytes = bytes.capacity() > KEEP_CAPACITY ? NONE : bytes.clear().limit(0);
        any = false;
    }
}
