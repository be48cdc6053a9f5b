package io.wharf.echo;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Raw echo: every received byte goes straight back, exactly as received, with no banner and no notion of
 * lines. The input buffer is handed to the connection as is (no copy here), which makes this the baseline
 * the benchmarks measure each model with.
 *
 * <p>Back-pressure: one write takes the whole buffer (the connection copies only what the socket did not
 * take), which may leave the connection unwritable; then it stops reading, and input that arrives while it
 * is unwritable is left unconsumed, for the connection to hand over again once it is writable.
 *
 * <p>When the server drains ({@link #drain}) the connection closes once it is idle (not echoing a buffer),
 * after what was echoed so far is sent: raw echo has no goodbye to say, and no client should hold the
 * shutdown for the whole drain timeout.
 *
 * <p>Threading: called like any {@link Handler}, one thread at a time; {@link #drain} from the controlling
 * thread, serialised with {@code onData} by a lock it only tries (as {@link EchoHandler} does).
 */
public final class RawEchoHandler implements Handler, EchoService.Drainable {

    private final Set<EchoService.Drainable> open;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Connection connection;
    private volatile boolean draining;

    public RawEchoHandler() {
        this(ConcurrentHashMap.newKeySet());
    }

    RawEchoHandler(Set<EchoService.Drainable> open) {
        this.open = open;
    }

    @Override
    public void onOpen(Connection connection) {
        this.connection = connection;
        open.add(this);
        if (connection.draining()) {
            drain();
        }
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        lock.lock();
        try {
            if (connection.writable()) {
                connection.write(data);
            }
        } finally {
            lock.unlock();
        }
        if (draining) {
            drain();
        }
    }

    @Override
    public void drain() {
        draining = true;
        Connection c = connection;
        if (c != null && lock.tryLock()) {
            try {
                c.close();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void onClose(Connection connection) {
        open.remove(this);
    }
}
