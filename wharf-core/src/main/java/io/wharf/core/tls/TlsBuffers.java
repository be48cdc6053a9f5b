package io.wharf.core.tls;

import java.nio.ByteBuffer;

/**
 * The buffers the layer hands to the engine (ciphertext in, plaintext out, records sealed), kept per thread
 * between uses instead of made per record: an event loop serving thousands of keep-alive connections holds a
 * few buffers, not a few per connection, and a response costs no allocation. Heap or direct as the engine
 * prefers ({@link TlsContext#directBuffers}): the JDK's engine works on arrays (a direct buffer costs it a
 * copy), BoringSSL's on native memory (a heap buffer costs it a temporary direct one per call).
 *
 * <p>Threading: each thread has its own cache; a buffer taken is the taker's until it is given back, on any
 * thread, once nothing refers to it (a {@link io.wharf.core.spi.Connection#write} returned).
 */
final class TlsBuffers {

    /** Buffers kept per thread and kind: the three a connection uses at once (in, out, a record), and one more. */
    private static final int SLOTS = 4;
    /**
     * The largest kept: the five records a 64 KiB file chunk seals into, so a file costs no allocation per chunk.
     * Larger ones (a big write's eight records) are not kept: rare, and a thread would hold them for good.
     */
    private static final int MAX_KEPT = 96 * 1024;

    private static final ThreadLocal<TlsBuffers> HEAP = ThreadLocal.withInitial(TlsBuffers::new);
    private static final ThreadLocal<TlsBuffers> DIRECT = ThreadLocal.withInitial(TlsBuffers::new);

    private final ByteBuffer[] free = new ByteBuffer[SLOTS];
    private int count;

    private TlsBuffers() {
    }

    /** A cleared buffer of at least {@code size} bytes. */
    static ByteBuffer take(int size, boolean direct) {
        TlsBuffers cache = (direct ? DIRECT : HEAP).get();
        for (int i = cache.count - 1; i >= 0; i--) {
            ByteBuffer b = cache.free[i];
            if (b.capacity() >= size) {
                cache.free[i] = cache.free[--cache.count];
                cache.free[cache.count] = null;
                return b.clear();
            }
        }
        return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }

    /** Gives {@code b} back for reuse; the caller no longer touches it. */
    static void give(ByteBuffer b) {
        if (b.capacity() > MAX_KEPT || b.isReadOnly()) {
            return;
        }
        TlsBuffers cache = (b.isDirect() ? DIRECT : HEAP).get();
        if (cache.count < SLOTS) {
            cache.free[cache.count++] = b;
        }
    }
}
