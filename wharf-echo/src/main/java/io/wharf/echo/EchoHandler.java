package io.wharf.echo;

import io.wharf.core.codec.LineDecoder;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The echo protocol of Exercise 1, for one connection. On connect the client gets {@link #BANNER}; each line
 * (ended by LF or CR LF) is answered {@code "Echo #N: <line>\n"}, where N numbers this connection's echoes
 * from 1. The line {@code quit} (trailing whitespace allowed) is answered {@code "Goodbye!\n"}, then the
 * connection closes once that reply is sent; anything after it is ignored. A line longer than the maximum
 * is answered {@code "ERROR line too long (max N bytes)\n"} without being buffered, takes no echo number,
 * and the connection carries on with the next line.
 *
 * <p>Line bytes are echoed as received, not decoded, so any encoding survives the round trip.
 *
 * <p>Back-pressure: once a reply leaves the connection not {@link Connection#writable writable}, the handler
 * stops decoding and leaves the rest of its input unconsumed; the connection keeps it and hands it over again
 * when it is writable, so a client that pipelines without reading is slowed down, not dropped.
 *
 * <p>Threading: like every {@link Handler}, called by one thread at a time; its state needs no locking.
 */
public final class EchoHandler implements Handler, LineDecoder.Listener {

    public static final String BANNER = "Welcome to Echo Server! Type 'quit' to exit.\n";
    public static final String GOODBYE = "Goodbye!\n";
    private static final byte[] QUIT = "quit".getBytes(StandardCharsets.US_ASCII);
    private static final byte NEWLINE = '\n';

    private final LineDecoder decoder;
    private final byte[] tooLong;
    private Connection connection;
    private long echoes;
    private boolean quit;

    public EchoHandler(int maxLine) {
        this.decoder = new LineDecoder(maxLine, this);
        this.tooLong = ("ERROR line too long (max " + maxLine + " bytes)\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void onOpen(Connection connection) {
        this.connection = connection;
        connection.write(BANNER);
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        this.connection = connection;
        if (quit) {
            data.position(data.limit());
            return;
        }
        if (connection.writable()) {
            decoder.decode(data);
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

    @Override
    public void overlong(long length) {
        if (!quit) {
            connection.write(ByteBuffer.wrap(tooLong));
            stopIfUnwritable();
        }
    }

    private void stopIfUnwritable() {
        if (!connection.writable()) {
            decoder.stop();
        }
    }

    /** {@code quit} followed by nothing but ASCII whitespace. */
    private static boolean isQuit(ByteBuffer line) {
        int start = line.position();
        int length = line.remaining();
        if (length < QUIT.length) {
            return false;
        }
        for (int i = 0; i < QUIT.length; i++) {
            if (line.get(start + i) != QUIT[i]) {
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
