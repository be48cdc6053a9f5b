package io.wharf.core.spi;

import io.wharf.core.config.Config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One protocol running on one listener: what the service as a whole owns (its shared state, the busy reply,
 * reloads, the drain and the shutdown), apart from the {@link HandlerFactory} that makes each connection's
 * handler. A {@link Protocol} starts one per listener.
 *
 * <p>Threading: {@link #handlers} and {@link #busyReply} are called from accepting threads, concurrently;
 * {@link #reconfigure}, {@link #draining} and {@link #shutdown} from the controlling thread (a signal's), once
 * each except {@code reconfigure}, while connections are being served.
 */
public interface ProtocolService {

    /** Makes each connection's handler. */
    HandlerFactory handlers();

    /**
     * The one reply a client gets when the server turns it away ({@code max_connections} reached, or the
     * {@code pool} queue stayed full), sent just before closing. Protocols override it to speak their own
     * language (HTTP answers 503).
     */
    default byte[] busyReply(String reason) {
        return ("ERROR server busy: " + reason + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a client is told when the server closes it for {@code reason} (an idle timeout), sent just before the
     * close; null to close without a word. Called from the reaper's thread.
     */
    default byte[] closeNotice(CloseReason reason) {
        return null;
    }

    /**
     * The application protocols this service speaks over TLS, as ALPN names them, preferred first (HTTP's
     * {@code http/1.1}). A client that offers ALPN without any of them is refused with the
     * {@code no_application_protocol} alert; empty means the protocol takes no part in ALPN.
     */
    default List<String> applicationProtocols() {
        return List.of();
    }

    /**
     * What a client that sends plain bytes to this listener's TLS port is told, as plain bytes, before the
     * close (HTTP's {@code 400 The plain HTTP request was sent to HTTPS port}); null for a bare close. Called
     * on the connection's thread.
     *
     * @param head the first bytes the client sent (read only; do not move its position)
     */
    default byte[] plainTextOnTlsReply(ByteBuffer head) {
        return null;
    }

    /**
     * SIGHUP: the listener's config was reloaded; apply the protocol's live keys (the core applies its own
     * limits).
     */
    default void reconfigure(Config config) {
    }

    /**
     * A graceful drain has started: the listener accepts nothing new and waits for open connections. A
     * protocol whose clients never leave by themselves (chat) ends their sessions here.
     */
    default void draining() {
    }

    /**
     * Whether a graceful drain waits for this listener's connections. False for a service that watches the
     * others (the admin endpoints): its clients stay connected to see the drain, and must not prolong it.
     */
    default boolean holdsDrain() {
        return true;
    }

    /**
     * A few bytes (a few KiB at most) that a first client of this protocol would send, for a {@code process}-model
     * spare child to run through a handler of its own before it waits for its connection: the JVM's first run of
     * the serving code (class loading, call-site linking, the interpreter's first pass) is then not on a client's
     * clock. That handler's connection is a loopback socket nobody sees, a {@link Connection#rehearsal}, its replies
     * are discarded, and it must have no effect a user sees: nothing logged, counted or stored. Empty (the default): the spare warms the
     * connection's open and close only.
     */
    default byte[] warmUpInput() {
        return new byte[0];
    }

    /** The listener has stopped: flush and release what the service holds (an access log, a database). */
    default void shutdown() {
    }

    /** A service that is nothing but its handlers, with the default busy reply. */
    static ProtocolService of(HandlerFactory handlers) {
        return () -> handlers;
    }
}
