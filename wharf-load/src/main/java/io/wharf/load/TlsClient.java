package io.wharf.load;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The client side of TLS over one non-blocking socket: the handshake, then {@link #read} and {@link #write} of
 * plaintext, then close_notify. The load workers call it where they would call the channel, so every target
 * (echo, echo-raw, http, chat, scenarios) runs over it unchanged.
 *
 * <p>Contract, as for a non-blocking channel: {@link #handshake} returns false until done, having said in
 * {@link #interest} whether it waits to read or to write; {@link #write} takes what it can and keeps the
 * ciphertext it could not send yet ({@link #pendingOutput}: the caller waits for OP_WRITE and writes again, an
 * empty buffer will do); {@link #read} returns 0 when nothing is decrypted, -1 at the end (close_notify or end
 * of stream), and after a read that filled the caller's buffer {@link #buffered} says more is already here, so the
 * caller reads again instead of waiting for the selector (which cannot see it).
 *
 * <p>Buffers, per connection: ciphertext in and out of the engine's packet size, plaintext in of its application
 * size (about 16 KiB each). Threading: one thread, the connection's owner.
 */
final class TlsClient {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final SocketChannel channel;
    /** Ciphertext read and not yet unwrapped (fill mode). */
    private ByteBuffer netIn;
    /** Ciphertext wrapped and not yet written (drain mode). */
    private ByteBuffer netOut;
    /** Plaintext unwrapped and not yet given to the caller (drain mode). */
    private ByteBuffer appIn;
    private boolean started;
    private boolean done;
    private boolean atEnd;
    private boolean moreBuffered;
    private int interest;

    TlsClient(SSLEngine engine, SocketChannel channel) {
        this.engine = engine;
        this.channel = channel;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
    }

    /** Advances the handshake as far as the socket allows; true once it is done. */
    boolean handshake() throws IOException {
        if (!started) {
            engine.beginHandshake();
            started = true;
        }
        while (!done) {
            if (!flush()) {
                interest = SelectionKey.OP_WRITE;
                return false;
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrap(EMPTY);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult.Status status = unwrap().getStatus();
                    if (status == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the server ended the TLS handshake");
                    }
                    if (status == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        int n = channel.read(netIn);
                        if (n < 0) {
                            throw new EOFException("the server closed the connection during the TLS handshake");
                        }
                        if (n == 0) {
                            interest = SelectionKey.OP_READ;
                            return false;
                        }
                    }
                }
                case FINISHED, NOT_HANDSHAKING -> done = flush();
            }
        }
        return true;
    }

    /** What the unfinished handshake waits for: {@link SelectionKey#OP_READ} or {@link SelectionKey#OP_WRITE}. */
    int interest() {
        return interest;
    }

    /** Decrypts into {@code dst}: the bytes given, 0 for none yet, -1 at the end. */
    int read(ByteBuffer dst) throws IOException {
        if (!appIn.hasRemaining()) {
            fill();
            if (!appIn.hasRemaining()) {
                return atEnd ? -1 : 0;
            }
        }
        int n = Math.min(appIn.remaining(), dst.remaining());
        dst.put(dst.position(), appIn, appIn.position(), n).position(dst.position() + n);
        appIn.position(appIn.position() + n);
        return n;
    }

    /** More plaintext is here already, though the socket may have nothing new. */
    boolean buffered() {
        return appIn.hasRemaining() || moreBuffered;
    }

    /** Encrypts and sends what it can of {@code src}; returns the plaintext bytes taken. */
    int write(ByteBuffer src) throws IOException {
        int taken = 0;
        while (flush() && src.hasRemaining()) {
            taken += wrap(src).bytesConsumed();
        }
        flush();
        return taken;
    }

    /** Ciphertext is waiting for the socket to take it. */
    boolean pendingOutput() {
        return netOut.hasRemaining();
    }

    /** Sends close_notify if the socket takes it now (the socket is closed next either way). */
    void close() {
        if (!done) {
            return;
        }
        try {
            engine.closeOutbound();
            if (flush()) {
                wrap(EMPTY);
                flush();
            }
        } catch (IOException ignored) {
            // a close_notify that cannot go is not worth waiting for: the socket closes next
        }
    }

    /** Unwraps what is buffered, reading the socket while nothing decrypts; leaves appIn in drain mode. */
    private void fill() throws IOException {
        moreBuffered = false;
        while (!atEnd) {
            SSLEngineResult r = netIn.position() > 0 ? unwrap() : null;
            if (r != null) {
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    wrap(EMPTY); // a key update's answer
                    flush();
                }
                switch (r.getStatus()) {
                    case CLOSED -> atEnd = true;
                    case BUFFER_OVERFLOW -> {
                        moreBuffered = true; // appIn is full; its next fill takes the rest
                        return;
                    }
                    case OK -> {
                        if (netIn.position() > 0 && (r.bytesConsumed() > 0 || r.bytesProduced() > 0)) {
                            continue;
                        }
                    }
                    case BUFFER_UNDERFLOW -> { }
                }
            }
            if (appIn.hasRemaining() || atEnd) {
                return;
            }
            int n = channel.read(netIn);
            if (n < 0) {
                atEnd = true;
            } else if (n == 0) {
                return;
            }
        }
    }

    private SSLEngineResult unwrap() throws SSLException {
        appIn.compact();
        SSLEngineResult r;
        try {
            netIn.flip();
            r = engine.unwrap(netIn, appIn);
            netIn.compact();
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && appIn.position() == 0) {
                appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            } else if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && !netIn.hasRemaining()) {
                netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).put(netIn.flip());
            }
        } finally {
            appIn.flip();
        }
        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        return r;
    }

    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        netOut.compact();
        SSLEngineResult r;
        try {
            r = engine.wrap(src, netOut);
        } finally {
            netOut.flip();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && !netOut.hasRemaining()) {
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
        } else if (r.getStatus() == SSLEngineResult.Status.CLOSED && src != EMPTY) {
            throw new SSLException("the TLS connection is closed");
        }
        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        return r;
    }

    /** Writes the pending ciphertext; true when none is left. */
    private boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The engine's delegated work (certificate checks, key agreement), run here: the thread is the client's. */
    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }
}
