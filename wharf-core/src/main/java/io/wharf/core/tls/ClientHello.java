package io.wharf.core.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the layer reads of a client's first bytes before any engine sees them, so each engine refuses the same
 * clients the same way: plain text and junk, SSL 2, a hello offering nothing newer than TLS 1.1, and ALPN
 * offering none of the listener's protocols (which BoringSSL's engine, through netty, would serve without
 * ALPN instead of refusing with {@code no_application_protocol}).
 *
 * <p>A peek, as Netty's {@code SniHandler} does: {@link #peek} reads the buffered bytes without consuming
 * them and answers {@link Verdict#NEED_MORE} until the first record is all there (it is re-run on the bytes
 * kept so far each time more arrive, so input split anywhere gives the same verdict). A hello larger than one
 * record, or one it cannot follow, is left to the engine ({@link Verdict#TLS}), which judges it anyway.
 *
 * <p>Threading: stateless.
 */
final class ClientHello {

    enum Verdict {
        /** The first record is not all here yet. */
        NEED_MORE,
        /** A TLS hello (or one to leave to the engine). */
        TLS,
        /** A TLS hello whose legacy version is below TLS 1.2: the engine refuses it unless configured for it. */
        OLD,
        /** A hello offering ALPN with none of the listener's protocols. */
        NO_SHARED_ALPN,
        /** An SSL 2 hello. */
        SSL2,
        /** Text, as plain HTTP is: the protocol's own answer. */
        PLAIN,
        /** Neither TLS nor text. */
        NOT_TLS
    }

    /** The fatal {@code no_application_protocol} alert (RFC 7301 3.2), sent in place of the ServerHello. */
    static final byte[] NO_APPLICATION_PROTOCOL_ALERT = {21, 3, 3, 0, 2, 2, 120};

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int ALPN = 16;
    private static final int MAX_RECORD = 16_384 + 256;

    private ClientHello() {
    }

    /**
     * The verdict on the bytes from {@code in}'s position to its limit, unchanged.
     *
     * @param alpn the listener's ALPN protocols; empty when it negotiates none (any offer is then fine)
     */
    static Verdict peek(ByteBuffer in, List<String> alpn) {
        int p = in.position();
        int n = in.remaining();
        if (n == 0) {
            return Verdict.NEED_MORE;
        }
        int b0 = in.get(p) & 0xff;
        if (b0 == HANDSHAKE) {
            return hello(in, p, n, alpn);
        }
        if (b0 >= 0x80) {
            if (n < 3) {
                return Verdict.NEED_MORE;
            }
            return in.get(p + 2) == 1 ? Verdict.SSL2 : Verdict.NOT_TLS;
        }
        return b0 >= 'A' && b0 <= 'Z' ? Verdict.PLAIN : Verdict.NOT_TLS;
    }

    private static Verdict hello(ByteBuffer in, int p, int n, List<String> alpn) {
        if (n < 5) {
            return Verdict.NEED_MORE;
        }
        int length = u16(in, p + 3);
        if (length > MAX_RECORD) {
            return Verdict.TLS; // the engine refuses an oversized record itself
        }
        if (n < 5 + length) {
            return Verdict.NEED_MORE;
        }
        int end = p + 5 + length;
        int at = p + 5;
        if (length < 4 || (in.get(at) & 0xff) != CLIENT_HELLO) {
            return Verdict.TLS;
        }
        int bodyEnd = at + 4 + u24(in, at + 1);
        if (bodyEnd > end) {
            return Verdict.TLS; // a hello in more than one record: the engine's to read
        }
        at += 4;
        if (at + 2 > bodyEnd) {
            return Verdict.TLS;
        }
        boolean old = u16(in, at) < 0x0303;
        at += 2 + 32; // legacy_version, random
        at = skip(in, at, bodyEnd, 1); // session id
        at = skip(in, at, bodyEnd, 2); // cipher suites
        at = skip(in, at, bodyEnd, 1); // compression methods
        if (old) {
            return Verdict.OLD;
        }
        if (at < 0 || at + 2 > bodyEnd || alpn.isEmpty()) {
            return Verdict.TLS; // no extensions (or unreadable ones): nothing offered
        }
        int extEnd = Math.min(bodyEnd, at + 2 + u16(in, at));
        at += 2;
        while (at + 4 <= extEnd) {
            int type = u16(in, at);
            int len = u16(in, at + 2);
            at += 4;
            if (at + len > extEnd) {
                return Verdict.TLS;
            }
            if (type == ALPN) {
                return offersOneOf(in, at, at + len, alpn) ? Verdict.TLS : Verdict.NO_SHARED_ALPN;
            }
            at += len;
        }
        return Verdict.TLS;
    }

    /** Whether the ALPN extension's data in {@code [at, end)} names one of {@code alpn}; true when unreadable. */
    private static boolean offersOneOf(ByteBuffer in, int at, int end, List<String> alpn) {
        if (at + 2 > end) {
            return true;
        }
        int listEnd = Math.min(end, at + 2 + u16(in, at));
        at += 2;
        boolean any = false;
        while (at < listEnd) {
            int len = in.get(at) & 0xff;
            at++;
            if (at + len > listEnd) {
                return true;
            }
            byte[] name = new byte[len];
            in.get(at, name);
            if (alpn.contains(new String(name, StandardCharsets.US_ASCII))) {
                return true;
            }
            any = true;
            at += len;
        }
        return !any; // an empty list offers nothing to refuse
    }

    /** The position after a vector with a {@code width}-byte length at {@code at}; -1 past {@code end}. */
    private static int skip(ByteBuffer in, int at, int end, int width) {
        if (at < 0 || at + width > end) {
            return -1;
        }
        int len = width == 1 ? in.get(at) & 0xff : u16(in, at);
        int next = at + width + len;
        return next > end ? -1 : next;
    }

    private static int u16(ByteBuffer in, int at) {
        return (in.get(at) & 0xff) << 8 | in.get(at + 1) & 0xff;
    }

    private static int u24(ByteBuffer in, int at) {
        return (in.get(at) & 0xff) << 16 | u16(in, at + 1);
    }
}
