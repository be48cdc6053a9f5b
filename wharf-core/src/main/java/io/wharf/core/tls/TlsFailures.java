package io.wharf.core.tls;

import io.wharf.core.stats.FailureCounter;
import io.wharf.core.stats.ProtocolCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A listener's TLS counters: handshakes done and resumed, and failures by kind ({@code tls.failed.plaintext},
 * {@code tls.failed.old_protocol}...), published with its stats so {@code /stats} and {@code /metrics} show
 * them and prefork sums them. A failure is logged once per kind per minute, with the count so far, so a flood
 * of bad clients costs one line a minute, not one per connection. Threading: thread-safe.
 */
public final class TlsFailures implements ProtocolCounters {

    private static final Logger log = LoggerFactory.getLogger("wharf.tls");

    /** The kinds of failure, as the stats name them. */
    public enum Kind {
        /** Plain bytes (an HTTP request) sent to the TLS port. */
        PLAINTEXT,
        /** Bytes that are no TLS record at all. */
        NOT_TLS,
        /** SSL 3, TLS 1.0 or 1.1 (or an SSL 2 hello): refused. */
        OLD_PROTOCOL,
        /** No cipher suite, group or signature in common. */
        NO_SHARED_CIPHER,
        /** ALPN offered without a protocol this listener speaks (only {@code h2}). */
        NO_APPLICATION_PROTOCOL,
        /** A client certificate missing where required, or not trusted. */
        BAD_CLIENT_CERTIFICATE,
        /** The client closed in the middle of the handshake (a truncated ClientHello). */
        TRUNCATED_HANDSHAKE,
        /** The handshake did not finish within {@code tls_handshake_timeout}. */
        HANDSHAKE_TIMEOUT,
        /** A TLS 1.2 renegotiation attempt: refused. */
        RENEGOTIATION,
        /** Any other handshake failure. */
        HANDSHAKE_FAILED,
        /** A record that does not decrypt or parse after the handshake. */
        BAD_RECORD;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * The kind of an engine's failure, from its message (the JDK's and BoringSSL's wordings).
         *
         * @param open     the handshake was done: any failure now is a bad record
         * @param oldHello the ClientHello offered nothing newer than TLS 1.1
         */
        static Kind of(javax.net.ssl.SSLException e, boolean open, boolean oldHello) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (open) {
                return BAD_RECORD;
            }
            if (oldHello) {
                return OLD_PROTOCOL;
            }
            if (m.contains("application") || m.contains("alpn")) {
                return NO_APPLICATION_PROTOCOL;
            }
            if (m.contains("unsupported_protocol") || m.contains("protocol") && (m.contains("version")
                    || m.contains("not supported") || m.contains("disabled") || m.contains("negotiate"))) {
                return OLD_PROTOCOL;
            }
            if (m.contains("cipher") || m.contains("common") || m.contains("group")) {
                return NO_SHARED_CIPHER;
            }
            if (m.contains("certificate") || e instanceof javax.net.ssl.SSLPeerUnverifiedException) {
                return BAD_CLIENT_CERTIFICATE;
            }
            return e instanceof javax.net.ssl.SSLHandshakeException ? HANDSHAKE_FAILED : NOT_TLS;
        }
    }

    private final String listener;
    private final LongAdder handshakes = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final FailureCounter<Kind> failures = new FailureCounter<>();

    public TlsFailures(String listener) {
        this.listener = listener;
    }

    void handshake(boolean wasResumed) {
        handshakes.increment();
        if (wasResumed) {
            resumed.increment();
        }
    }

    /** Counts one failure and logs it if this kind was not logged in the last minute. */
    void failed(Kind kind, String peer, String detail) {
        long soFar = failures.count(kind);
        if (soFar > 0) {
            log.warn("{}: tls {} from {}: {} ({} so far; logged once a minute per kind)", listener, kind.key(), peer,
                    detail, soFar);
        }
    }

    public long failures(Kind kind) {
        return failures.get(kind);
    }

    public long handshakes() {
        return handshakes.sum();
    }

    public long resumedHandshakes() {
        return resumed.sum();
    }

    @Override
    public Map<String, Long> export() {
        Map<String, Long> out = new TreeMap<>();
        out.put("tls.handshakes", handshakes.sum());
        out.put("tls.handshakes_resumed", resumed.sum());
        for (Kind k : Kind.values()) {
            out.put("tls.failed." + k.key(), failures(k));
        }
        return out;
    }
}
