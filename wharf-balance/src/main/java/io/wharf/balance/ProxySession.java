package io.wharf.balance;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * One client forwarded to one backend: the client's handler, and through {@link BackendSide} the outbound
 * connection's. The client is paused until a backend has connected (a failed connect tries another, up to
 * {@code retries}, before the client has seen anything); then bytes flow both ways.
 *
 * <p>Back-pressure: a side that stops being writable pauses reading on the other, which resumes when it is
 * writable again, so a session holds at most about a watermark of bytes per direction. (Under the blocking
 * models the two threads write to each other inline, so a blocked write pushes back by itself.) Half-close:
 * the end of one side's input shuts the other side's output down; once both have ended, both close.
 *
 * <p>Threading: under {@code event}/{@code reactor} everything runs on the client's loop. Under the blocking
 * models the client's callbacks run on its thread and the backend's (and connect failures) on the outbound
 * thread, so the shared fields are volatile and each is written by one side only, except the end flags,
 * which are atomic.
 */
final class ProxySession implements Handler {

    private static final Logger log = LoggerFactory.getLogger("wharf.balance");

    private final BalanceService service;
    /** Backends tried for this client; touched by one connect attempt at a time. */
    private final Set<Backend> tried = new HashSet<>();
    private volatile Connection client;
    private volatile Connection server;
    private volatile Backend backend;
    private volatile boolean clientClosed;
    private final java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
    private int attempts;

    ProxySession(BalanceService service) {
        this.service = service;
    }

    @Override
    public void onOpen(Connection connection) {
        client = connection;
        connection.pauseReading(); // nothing to forward to yet
        connectNext();
    }

    /** Picks a backend not tried yet and connects to it; closes the client when none is left. */
    private void connectNext() {
        Backend b = service.pick(client.remoteAddress(), tried);
        if (b == null) {
            service.counters().noBackend();
            client.close();
            return;
        }
        tried.add(b);
        attempts++;
        b.connecting();
        client.connect(b.spec().address(), service.connectTimeout(), new BackendSide(b), why -> connectFailed(b, why));
    }

    private void connectFailed(Backend b, String why) {
        b.released();
        service.checker().connectFailed(b, why);
        if (clientClosed) {
            return;
        }
        if (attempts <= service.retries()) {
            service.counters().retried();
            log.debug("conn#{} to {}: {}; trying another backend", client.id(), b.name(), why);
            connectNext();
        } else {
            log.warn("[listener.{}] conn#{}: {}; no retries left ({}), closing the client", service.listener(),
                    client.id(), why, service.retries());
            client.close();
        }
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        Connection s = server;
        s.write(data);
        if (!s.writable()) {
            connection.pauseReading(); // resumed by BackendSide.onWritabilityChanged
        }
    }

    @Override
    public void onWritabilityChanged(Connection connection, boolean writable) {
        Connection s = server;
        if (writable && s != null) {
            s.resumeReading();
        }
    }

    @Override
    public void onInputEnded(Connection connection) {
        Connection s = server;
        if (s != null) {
            s.shutdownOutput();
        }
        bothEnded();
    }

    @Override
    public boolean closeOnInputEnded() {
        return false;
    }

    @Override
    public void onClose(Connection connection) {
        clientClosed = true;
        Connection s = server;
        if (s != null) {
            s.close();
        }
    }

    /** Closes both sides once both inputs have ended. */
    private void bothEnded() {
        if (ended.incrementAndGet() == 2) {
            client.close();
            Connection s = server;
            if (s != null) {
                s.close();
            }
        }
    }

    /** {@code on_down = shutdown_sessions}: ends this session now. */
    void shutdown() {
        client.abort();
        Connection s = server;
        if (s != null) {
            s.abort();
        }
    }

    /** The backend's side of the session. */
    private final class BackendSide implements Handler {

        private final Backend target;

        BackendSide(Backend target) {
            this.target = target;
        }

        @Override
        public void onOpen(Connection connection) {
            target.connectSucceeded();
            server = connection;
            backend = target;
            target.sessions.add(ProxySession.this);
            if (clientClosed) {
                connection.close();
                return;
            }
            byte[] header = service.proxyHeader(client);
            if (header.length > 0) {
                connection.write(header); // before any byte of the client's
            }
            client.resumeReading();
        }

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            Connection c = client;
            c.write(data);
            if (!c.writable()) {
                connection.pauseReading(); // resumed by ProxySession.onWritabilityChanged
            }
        }

        @Override
        public void onWritabilityChanged(Connection connection, boolean writable) {
            if (writable) {
                client.resumeReading();
            }
        }

        @Override
        public void onInputEnded(Connection connection) {
            client.shutdownOutput();
            bothEnded();
        }

        @Override
        public boolean closeOnInputEnded() {
            return false;
        }

        @Override
        public void onClose(Connection connection) {
            target.sessions.remove(ProxySession.this);
            target.released();
            client.close();
        }
    }
}
