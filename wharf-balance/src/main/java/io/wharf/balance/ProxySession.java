package io.wharf.balance;

import io.opentelemetry.api.trace.Span;
import io.wharf.core.AbstractConnection;
import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client forwarded to one backend: the client's handler, and through {@link BackendSide} the outbound
 * connection's. The client is paused until a backend has connected (a failed connect tries another, up to
 * {@code retries}, before the client has seen anything; when none is left it gets the {@code busy_reply});
 * then bytes flow both ways.
 *
 * <p>Back-pressure: a side that stops being writable pauses reading on the other, which resumes when it is
 * writable again, so a session holds at most about a watermark of bytes per direction. (Under the blocking
 * models the two threads write to each other inline, so a blocked write pushes back by itself.) Half-close:
 * the end of one side's input shuts the other side's output down; once both have ended, both close. A backend
 * that resets the connection (or fails a read or write) counts as a passive failure, like a failed connect.
 *
 * <p>Tracing: with {@code [tracing]} on, the session is a span ({@link BalanceSpans}) from the client's open to
 * its close, whose context goes to the backend in the PROXY v2 header.
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
    private volatile boolean clientClosed;
    private final AtomicInteger ended = new AtomicInteger();
    private int attempts;
    /** The session's span; null when tracing is off. */
    private Span span;
    private volatile BalanceSpans.Outcome outcome = BalanceSpans.Outcome.CLOSED;
    private long connectStartNanos;

    ProxySession(BalanceService service) {
        this.service = service;
    }

    @Override
    public void onOpen(Connection connection) {
        client = connection;
        connection.pauseReading(); // nothing to forward to yet
        BalanceSpans spans = service.spans();
        if (spans != null) {
            span = spans.start(connection);
        }
        connectNext();
    }

    /** Picks a backend not tried yet and connects to it; turns the client away when none is left. */
    private void connectNext() {
        Backend b = service.pick(client.remoteAddress(), tried);
        if (b == null) {
            service.counters().noBackend();
            turnAway(BalanceSpans.Outcome.NO_BACKEND, tried.isEmpty() ? "no backend available"
                    : "no backend left to try");
            return;
        }
        tried.add(b);
        attempts++;
        b.connecting();
        connectStartNanos = System.nanoTime();
        client.connect(b.spec().address(), service.connectTimeout(), new BackendSide(b), why -> connectFailed(b, why));
    }

    /** Sends the busy reply (if any) and closes; the client has seen nothing else. */
    private void turnAway(BalanceSpans.Outcome why, String text) {
        outcome = why;
        byte[] reply = service.busyReply().bytes(text);
        if (reply.length > 0) {
            client.write(reply);
        }
        client.close(CloseReason.REFUSED_BUSY); // lingers: the client reads the reply, not a reset
    }

    private void connectFailed(Backend b, String why) {
        b.released();
        service.checker().connectFailed(b, why);
        if (span != null) {
            BalanceSpans.connectFailed(span, b, why);
        }
        if (clientClosed) {
            return;
        }
        if (attempts <= service.retries()) {
            service.counters().retried();
            log.debug("conn#{} to {}: {}; trying another backend", client.id(), b.name(), why);
            connectNext();
        } else {
            log.warn("[listener.{}] conn#{}: {}; no retries left ({}), turning the client away", service.listener(),
                    client.id(), why, service.retries());
            turnAway(BalanceSpans.Outcome.CONNECT_FAILED, "no backend could be reached");
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
        if (span != null) {
            BalanceSpans.end(span, connection, outcome);
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
        outcome = BalanceSpans.Outcome.SHUTDOWN;
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
            target.sessions.add(ProxySession.this);
            if (span != null) {
                BalanceSpans.connected(span, target, System.nanoTime() - connectStartNanos, attempts);
            }
            if (clientClosed) {
                connection.close();
                return;
            }
            byte[] header = service.proxyHeader(client, span);
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
            if (connection instanceof AbstractConnection a && (a.closeReason() == CloseReason.READ_ERROR
                    || a.closeReason() == CloseReason.WRITE_ERROR) && !clientClosed) {
                // a reset after the connect (a backend dying under its clients): a passive failure too
                outcome = BalanceSpans.Outcome.BACKEND_RESET;
                service.checker().resetAfterConnect(target, a.closeReason().text() + " after the connect");
            } else {
                target.sessionEnded();
            }
            client.close();
        }
    }
}
