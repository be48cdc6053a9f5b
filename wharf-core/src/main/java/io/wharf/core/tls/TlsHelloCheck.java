package io.wharf.core.tls;

import java.nio.ByteBuffer;

/**
 * The door of {@link TlsHandler}: the first record is judged ({@link ClientHello}) before the engine sees it,
 * so both engines refuse alike. Plain text gets the protocol's own answer as plain bytes, an ALPN offer of none
 * of ours the {@code no_application_protocol} alert, junk and SSL 2 the engine's alert; a hello that offers
 * nothing newer than TLS 1.1 goes on to the engine, which refuses it unless allowed, and is remembered
 * ({@link #old}) so that refusal is counted as what it is.
 *
 * <p>Threading: the outer connection's handler thread only.
 */
final class TlsHelloCheck {

    private final TlsHandler handler;
    private final TlsLayer layer;
    private final TlsInput in;
    /** The first record was judged, and the engine may read. */
    private boolean passed;
    /** The ClientHello offered nothing newer than TLS 1.1. */
    private boolean old;

    TlsHelloCheck(TlsHandler handler, TlsLayer layer, TlsInput in) {
        this.handler = handler;
        this.layer = layer;
        this.in = in;
    }

    /** Whether the first record was judged and let through: the engine may read. */
    boolean passed() {
        return passed;
    }

    /** Whether the ClientHello offered nothing newer than TLS 1.1. */
    boolean old() {
        return old;
    }

    /**
     * Judges the first record in the ciphertext kept: false while it is not all here, or when the client was
     * refused.
     */
    boolean check() {
        ByteBuffer kept = in.net.duplicate().flip();
        switch (ClientHello.peek(kept, layer.alpn())) {
            case NEED_MORE -> {
                return false;
            }
            case TLS -> passed = true;
            case OLD -> {
                passed = true;
                old = true; // offers nothing newer than TLS 1.1: the engine refuses it unless allowed
            }
            case NO_SHARED_ALPN -> handler.refuse(TlsFailures.Kind.NO_APPLICATION_PROTOCOL,
                    "ALPN offered none of " + String.join(",", layer.alpn()),
                    ClientHello.NO_APPLICATION_PROTOCOL_ALERT);
            case SSL2 -> handler.fail(TlsFailures.Kind.OLD_PROTOCOL, "an SSL 2 ClientHello");
            case PLAIN -> handler.refuse(TlsFailures.Kind.PLAINTEXT, "plain text on the TLS port",
                    layer.plainTextReply(kept));
            case NOT_TLS -> handler.fail(TlsFailures.Kind.NOT_TLS, String.format("first byte 0x%02x is no TLS record",
                    kept.get(0) & 0xff));
        }
        return passed;
    }
}
