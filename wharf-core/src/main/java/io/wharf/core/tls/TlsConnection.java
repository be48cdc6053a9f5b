package io.wharf.core.tls;

import io.wharf.core.FileRegion;
import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The protocol-side half of the TLS layer: the {@link Connection} a protocol's handler is given, whose
 * writes are encrypted on their way to the engine's connection. A plain delegating connection otherwise:
 * identity, addresses, byte counts, deadlines and the drain are the outer connection's. Handlers that care
 * reach the session through {@link #of(Connection)}: the protocol, cipher, ALPN choice, SNI name and the
 * client's certificate.
 *
 * <p>Threading: as {@link Connection} says, every method is safe from any thread except
 * {@link #pauseReading} (the handler's thread).
 */
public final class TlsConnection implements Connection {

    private final TlsHandler handler;
    private final Connection outer;
    private final TlsOutput output;
    /** Handler thread: the protocol's {@code onOpen} has been called. */
    boolean opened;
    /** Set once, right after construction, before the connection is handed to the protocol. */
    TlsDemand demand;

    TlsConnection(TlsHandler handler, Connection outer, TlsOutput output) {
        this.handler = handler;
        this.outer = outer;
        this.output = output;
    }

    /** The TLS side of {@code c}, if it is served over TLS. */
    public static Optional<TlsConnection> of(Connection c) {
        return c instanceof TlsConnection t ? Optional.of(t) : Optional.empty();
    }

    /** The negotiated session: {@code getProtocol()}, {@code getCipherSuite()}. */
    public SSLSession session() {
        return handler.session();
    }

    /** The ALPN protocol chosen ({@code http/1.1}); empty when the client offered none. */
    public Optional<String> applicationProtocol() {
        String p = handler.engine().getApplicationProtocol();
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    /** The host name the client asked for (SNI). */
    public Optional<String> serverName() {
        if (session() instanceof ExtendedSSLSession ext) {
            return ext.getRequestedServerNames().stream().filter(n -> n instanceof SNIHostName)
                    .map(n -> ((SNIHostName) n).getAsciiName()).findFirst();
        }
        return Optional.empty();
    }

    /** The client certificate's subject ({@code CN=alice,O=example}), when it sent one. */
    public Optional<String> peerSubject() {
        try {
            java.security.cert.Certificate[] chain = session().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x
                    ? Optional.of(x.getSubjectX500Principal().getName()) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** True when this session was resumed from a ticket rather than made by a full handshake. */
    public boolean resumed() {
        return handler.resumedSession();
    }

    /** The engine's connection underneath, which carries the ciphertext. */
    public Connection transport() {
        return outer;
    }

    @Override
    public long id() {
        return outer.id();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return outer.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return outer.localAddress();
    }

    @Override
    public InetSocketAddress peerAddress() {
        return outer.peerAddress();
    }

    @Override
    public java.util.Optional<io.wharf.core.proxy.ProxiedClient> proxied() {
        return outer.proxied();
    }

    @Override
    public boolean rehearsal() {
        return outer.rehearsal();
    }

    @Override
    public void write(ByteBuffer data) {
        output.write(data);
    }

    /** Copies the file through the engine, in chunks, as the outer connection drains (no kernel TLS here). */
    @Override
    public void sendFile(FileChannel file, long position, long count) {
        output.sendFile(new FileRegion(file, position, count));
    }

    /** Holds small writes as plaintext until uncorked, so they share records, and corks the socket too. */
    @Override
    public void cork(boolean on) {
        output.cork(on);
        outer.cork(on);
    }

    @Override
    public void pauseReading() {
        demand.pauseReading();
    }

    @Override
    public void resumeReading() {
        demand.resumeReading();
    }

    @Override
    public boolean writable() {
        return outer.writable();
    }

    @Override
    public void close() {
        close(CloseReason.SERVER_CLOSED);
    }

    /** Sends {@code close_notify} after everything written, then closes the outer connection (bounded by {@code write_timeout}). */
    @Override
    public void close(CloseReason reason) {
        output.close(reason);
    }

    /**
     * Half-close: {@code close_notify} after everything written, then the socket's FIN. In TLS 1.3 the client
     * may go on sending (RFC 8446 6.1), and its input is read and handed on as before; an engine that ends its
     * input with its output (TLS 1.2) reports the end of input, as a client's {@code close_notify} would.
     */
    @Override
    public void shutdownOutput() {
        output.shutdown();
    }

    @Override
    public void abort() {
        outer.abort();
    }

    @Override
    public boolean isOpen() {
        return outer.isOpen();
    }

    @Override
    public boolean draining() {
        return outer.draining();
    }

    /** From the handler's thread, as the protocols call it; the result comes back through the layer. */
    @Override
    public <T> void offload(Supplier<T> work, Consumer<T> then) {
        demand.offloadStarted();
        outer.offload(work, result -> demand.offloaded(() -> then.accept(result)));
    }

    /** A task of the outer connection's, handed to the protocol as its callbacks are ({@link TlsDemand#task}). */
    @Override
    public void execute(Runnable task) {
        outer.execute(() -> demand.task(task));
    }

    @Override
    public void deadline(Duration timeout, String reason) {
        outer.deadline(timeout, reason);
    }

    @Override
    public void deadline(Duration timeout, CloseReason reason) {
        outer.deadline(timeout, reason);
    }

    /** A connection out is plain bytes of the protocol's own (a proxy's backend): the outer connection opens it. */
    @Override
    public void connect(InetSocketAddress address, Duration timeout, Handler handler, Consumer<String> failed) {
        outer.connect(address, timeout, handler, failed);
    }

    @Override
    public void upgrade(Handler next, ByteBuffer unconsumed) {
        demand.upgrade(next, unconsumed);
    }

    @Override
    public void clearDeadline() {
        outer.clearDeadline();
    }

    @Override
    public long bytesIn() {
        return outer.bytesIn();
    }

    @Override
    public long bytesOut() {
        return outer.bytesOut();
    }
}
