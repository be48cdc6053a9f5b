package io.wharf.echo;

import io.wharf.core.codec.LineDecoder;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The echo protocol of Exercise 1, for one connection. On connect the client gets {@link #BANNER}; each line
 * (ended by LF or CR LF) is answered {@code "Echo #N: <line>\n"}, where N numbers this connection's echoes
 * from 1. The line {@code quit}, in any case ({@code QUIT}, {@code Quit}; trailing whitespace allowed), is
 * answered {@code "Goodbye!\n"}, then the connection closes once that reply is sent; anything after it is
 * ignored. A line longer than the maximum is answered {@code "ERROR line too long (max N bytes)\n"} as soon as
 * it passes the maximum (not when it finally ends), without being buffered, takes no echo number, and the
 * connection carries on with the next line.
 *
 * <p>When the server drains ({@link #drain}), a client between lines is told {@link #SHUTDOWN_GOODBYE} and
 * closed at once, so an idle client does not hold the shutdown for the whole drain timeout; a client in the
 * middle of a line gets its echo first, then the goodbye.
 *
 * <p>Line bytes are echoed as received, not decoded, so any encoding survives the round trip.
 *
 * <p>Back-pressure: once a reply leaves the connection not {@link Connection#writable writable}, the handler
 * stops decoding and leaves the rest of its input unconsumed; the connection keeps it and hands it over again
 * when it is writable, so a client that pipelines without reading is slowed down, not dropped.
 *
 * <p>Threading: like every {@link Handler}, called by one thread at a time; {@link #drain} comes from the
 * controlling thread, so the handler's callbacks hold {@link #lock}, and a drain that finds it held leaves the
 * goodbye to the handler's thread (which checks once it lets go).
 */
public final class EchoHandler implements Handler, LineDecoder.Listener, EchoService.Drainable {

    public static final String BANNER = "Welcome to Echo Server! Type 'quit' to exit.\n";
    public static final String GOODBYE = "Goodbye!\n";
    /** What a client gets when the server shuts down while it is connected. */
    public static final String SHUTDOWN_GOODBYE = "Goodbye! (server shutting down)\n";
    /** What a client idle past {@code idle_timeout} is told before the close. */
    public static final String IDLE_GOODBYE = "Goodbye! (idle timeout)\n";
    private static final byte[] QUIT = "quit".getBytes(StandardCharsets.US_ASCII);
    private static final byte NEWLINE = '\n';

    private final LineDecoder decoder;
    private final byte[] tooLong;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Connection connection;
    private volatile boolean draining;
    private long echoes;
    private boolean quit;

    private final Set<EchoService.Drainable> open;

    public EchoHandler(int maxLine) {
        this(maxLine, ConcurrentHashMap.newKeySet());
    }

    /** @param open where the handler registers while its connection is open, for {@link EchoService} to drain */
    EchoHandler(int maxLine, Set<EchoService.Drainable> open) {
        this.open = open;
        this.decoder = new LineDecoder(maxLine, this);
        this.tooLong = ("ERROR line too long (max " + maxLine + " bytes)\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void onOpen(Connection connection) {
        lock.lock();
        try {
            this.connection = connection;
            connection.write(BANNER);
            open.add(this);
        } finally {
            lock.unlock();
        }
        if (draining || connection.draining()) {
            drain(); // opened as the drain began: the drain may have missed it
        }
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        lock.lock();
        try {
            this.connection = connection;
            if (quit) {
                data.position(data.limit());
                return;
            }
            if (connection.writable()) {
                decoder.decode(data);
            }
        } finally {
            lock.unlock();
        }
        if (draining) {
            drain();
        }
    }

    /**
     * The server drains: says {@link #SHUTDOWN_GOODBYE} and closes now if the client is between lines, else
     * once its line has ended. Safe from any thread.
     */
    @Override
    public void drain() {
        draining = true;
        if (!lock.tryLock()) {
            return; // the handler's thread holds it, and checks {@code draining} once it lets go
        }
        try {
            Connection c = connection;
            if (c == null || quit || decoder.midLine()) {
                return;
            }
            quit = true;
            c.write(SHUTDOWN_GOODBYE);
            c.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void line(ByteBuffer line) {
        if (quit) {
            return;
        }
        if (isQuit(line)) {
            quit = true;
            connection.write(GOODBYE);
            connection.close();
            return;
        }
        byte[] prefix = ("Echo #" + (++echoes) + ": ").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer reply = ByteBuffer.allocate(prefix.length + line.remaining() + 1);
        reply.put(prefix).put(line).put(NEWLINE).flip();
        connection.write(reply);
        stopIfUnwritable();
    }

    /** The client closed its side: a last line without a newline is still echoed before the close. */
    @Override
    public void onInputEnded(Connection connection) {
        lock.lock();
        try {
            if (!quit) {
                decoder.endOfInput();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onClose(Connection connection) {
        open.remove(this);
    }

    @Override
    public void overlongStarted() {
        if (!quit) {
            connection.write(ByteBuffer.wrap(tooLong));
            stopIfUnwritable();
        }
    }

    @Override
    public void overlong(long length) {
        // answered when it passed the maximum
    }

    private void stopIfUnwritable() {
        if (!connection.writable()) {
            decoder.stop();
        }
    }

    /** {@code quit} in any case, followed by nothing but ASCII whitespace. */
    private static boolean isQuit(ByteBuffer line) {
        int start = line.position();
        int length = line.remaining();
        if (length < QUIT.length) {
            return false;
        }
        for (int i = 0; i < QUIT.length; i++) {
            if ((line.get(start + i) | 0x20) != QUIT[i]) {
                return false;
            }
        }
        for (int i = QUIT.length; i < length; i++) {
            byte b = line.get(start + i);
            if (b != ' ' && b != '\t' && b != '\r' && b != 0x0B && b != '\f') {
                return false;
            }
        }
        return true;
    }
}
