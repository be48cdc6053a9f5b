package io.wharf.core.tls;

import javax.net.ssl.SSLEngine;
import java.nio.ByteBuffer;

/**
 * The read side's two buffers: {@code net}, ciphertext not unwrapped yet, and {@code app}, plaintext the
 * protocol has not taken yet, both in write mode (bytes from 0 to {@code position}). They are taken from
 * {@link TlsBuffers} when bytes arrive and given back once both are empty, so a connection between requests,
 * or one that has sent nothing, holds neither.
 *
 * <p>Threading: the outer connection's handler thread only.
 */
final class TlsInput {

    private final SSLEngine engine;
    private final boolean direct;
    ByteBuffer net;
    ByteBuffer app;

    TlsInput(SSLEngine engine, boolean direct) {
        this.engine = engine;
        this.direct = direct;
    }

    /** Whether anything is kept, ciphertext or plaintext. */
    boolean holds() {
        return net != null && (net.position() > 0 || app.position() > 0);
    }

    /** Appends all of {@code data} to the ciphertext kept, taking buffers first if none are held. */
    void append(ByteBuffer data) {
        if (net == null) {
            net = TlsBuffers.take(Math.max(engine.getSession().getPacketBufferSize(), data.remaining()), direct);
            app = TlsBuffers.take(engine.getSession().getApplicationBufferSize(), direct);
        }
        if (net.remaining() < data.remaining()) {
            grow(net.position() + data.remaining());
        }
        net.put(data);
    }

    /** Room for a record of {@code size} bytes in {@code net}, what it holds kept. */
    void grow(int size) {
        if (net.capacity() < size) {
            ByteBuffer bigger = TlsBuffers.take(Math.max(net.capacity() * 2, size), direct);
            bigger.put(net.flip());
            TlsBuffers.give(net);
            net = bigger;
        }
    }

    /** Room for one more record's plaintext in {@code app}, which is empty. */
    void growApp() {
        ByteBuffer bigger = TlsBuffers.take(engine.getSession().getApplicationBufferSize() + app.capacity(), direct);
        TlsBuffers.give(app);
        app = bigger;
    }

    /** Gives both buffers back if nothing is kept in them; {@code force} drops what is (the connection ended). */
    void release(boolean force) {
        if (net != null && (force || !holds())) {
            TlsBuffers.give(net);
            TlsBuffers.give(app);
            net = null;
            app = null;
        }
    }
}
