package io.wharf.core.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one PROXY protocol header (HAProxy's spec, v1 text or v2 binary with its TLVs) off the front of a
 * connection, incrementally: {@link #decode} takes whatever bytes arrived, consumes only the header's, and
 * says whether the header is complete. An explicit state machine: {@code SIGNATURE} (the first bytes, until
 * they are {@code "PROXY "} or the v2 signature), {@code V1_LINE} (up to the CRLF, 107 bytes at most),
 * {@code V2_FIXED} (version, command, family, length), {@code V2_BODY} (addresses, then TLVs), {@code DONE}.
 * No byte after the header is consumed, so what follows is the protocol's.
 *
 * <p>Addresses are parsed as literals only, never resolved. Threading: one connection's, on its handler thread.
 */
public final class ProxyDecoder {

    /** The spec's limit for a v1 line, CRLF included. */
    static final int V1_MAX = 107;
    private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);

    private enum State { SIGNATURE, V1_LINE, V2_FIXED, V2_BODY, DONE }

    private State state = State.SIGNATURE;
    /** The signature, the v1 line or the v2 fixed part, as read so far. */
    private final byte[] head = new byte[V1_MAX];
    private int n;
    private byte[] body;
    private int bodyRead;
    private ProxiedClient result;
    private InetSocketAddress source;
    private InetSocketAddress destination;

    /**
     * True when {@code data} (from its position, not consumed) starts with a whole PROXY signature: how a
     * listener tells that an untrusted peer sent a header.
     */
    public static boolean startsWithSignature(ByteBuffer data) {
        return startsWith(data, V1_SIGNATURE) || startsWith(data, ProxyHeader.V2_SIGNATURE);
    }

    private static boolean startsWith(ByteBuffer data, byte[] prefix) {
        if (data.remaining() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data.get(data.position() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Consumes header bytes from {@code in}; true once the header is complete ({@link #result}), false when it
     * needs more.
     *
     * @param peer  the socket's remote address, which a header naming no client leaves in place
     * @param local the socket's local address
     * @throws ProxyHeaderException the bytes are no PROXY header, or a malformed one
     */
    public boolean decode(ByteBuffer in, InetSocketAddress peer, InetSocketAddress local) throws ProxyHeaderException {
        while (in.hasRemaining()) {
            switch (state) {
                case SIGNATURE -> signature(in.get());
                case V1_LINE -> {
                    if (v1(in.get())) {
                        finish(1, Map.of(), peer, local);
                    }
                }
                case V2_FIXED -> v2Fixed(in.get(), peer, local);
                case V2_BODY -> {
                    int take = Math.min(in.remaining(), body.length - bodyRead);
                    in.get(body, bodyRead, take);
                    bodyRead += take;
                    if (bodyRead == body.length) {
                        finish(2, v2Body(), peer, local);
                    }
                }
                case DONE -> {
                    return true;
                }
            }
        }
        return state == State.DONE;
    }

    /** The header, once {@link #decode} returned true. */
    public ProxiedClient result() {
        if (result == null) {
            throw new IllegalStateException("the PROXY header is not complete");
        }
        return result;
    }

    private void signature(byte b) throws ProxyHeaderException {
        head[n++] = b;
        boolean v1 = n <= V1_SIGNATURE.length && matches(V1_SIGNATURE);
        boolean v2 = n <= ProxyHeader.V2_SIGNATURE.length && matches(ProxyHeader.V2_SIGNATURE);
        if (!v1 && !v2) {
            throw new ProxyHeaderException("no PROXY header: the connection starts with " + printable(), true);
        }
        if (v1 && n == V1_SIGNATURE.length) {
            state = State.V1_LINE;
        } else if (v2 && n == ProxyHeader.V2_SIGNATURE.length) {
            state = State.V2_FIXED;
        }
    }

    private boolean matches(byte[] signature) {
        for (int i = 0; i < n; i++) {
            if (head[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** One byte of the v1 line; true at its end, with the addresses parsed. */
    private boolean v1(byte b) throws ProxyHeaderException {
        if (n == V1_MAX) {
            throw new ProxyHeaderException("PROXY v1 header longer than " + V1_MAX + " bytes", false);
        }
        head[n++] = b;
        if (b != '\n') {
            return false;
        }
        if (n < 2 || head[n - 2] != '\r') {
            throw new ProxyHeaderException("PROXY v1 header ends in a bare LF, not CRLF", false);
        }
        String line = new String(head, 0, n - 2, StandardCharsets.US_ASCII);
        String[] f = line.split(" ", -1);
        if (f.length >= 2 && f[1].equals("UNKNOWN")) {
            return true; // the proxy does not know the client: the socket's addresses stand
        }
        if (f.length != 6 || !(f[1].equals("TCP4") || f[1].equals("TCP6"))) {
            throw new ProxyHeaderException("bad PROXY v1 header '" + line + "': expected "
                    + "PROXY TCP4|TCP6 SOURCE DESTINATION SPORT DPORT", false);
        }
        boolean four = f[1].equals("TCP4");
        source = new InetSocketAddress(address(f[2], four), port(f[4]));
        destination = new InetSocketAddress(address(f[3], four), port(f[5]));
        return true;
    }

    private void v2Fixed(byte b, InetSocketAddress peer, InetSocketAddress local) throws ProxyHeaderException {
        head[n++] = b;
        if (n < ProxyHeader.V2_SIGNATURE.length + 4) {
            return;
        }
        int verCmd = head[12] & 0xff;
        if (verCmd >> 4 != 2) {
            throw new ProxyHeaderException("PROXY v2 header with version " + (verCmd >> 4) + ", not 2", false);
        }
        if ((verCmd & 0x0f) > 1) {
            throw new ProxyHeaderException("PROXY v2 header with unknown command " + (verCmd & 0x0f), false);
        }
        int length = (head[14] & 0xff) << 8 | head[15] & 0xff;
        body = new byte[length];
        state = State.V2_BODY;
        if (length == 0) {
            finish(2, v2Body(), peer, local);
        }
    }

    /** The addresses (for command PROXY over TCP) and the TLVs. */
    private Map<Integer, byte[]> v2Body() throws ProxyHeaderException {
        boolean proxy = (head[12] & 0x0f) == 1;
        int family = head[13] & 0xff;
        int addresses = switch (family) {
            case 0x00 -> 0;            // UNSPEC
            case 0x11, 0x12 -> 12;     // TCP4, UDP4
            case 0x21, 0x22 -> 36;     // TCP6, UDP6
            case 0x31, 0x32 -> 216;    // unix stream, dgram
            default -> throw new ProxyHeaderException(String.format(
                    "PROXY v2 header with unknown address family 0x%02x", family), false);
        };
        if (body.length < addresses) {
            throw new ProxyHeaderException("PROXY v2 header of " + body.length + " bytes, too short for its "
                    + addresses + " bytes of addresses", false);
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        if (proxy && (family == 0x11 || family == 0x21)) {
            int size = family == 0x11 ? 4 : 16;
            InetAddress src = raw(b, size);
            InetAddress dst = raw(b, size);
            source = new InetSocketAddress(src, b.getShort() & 0xffff);
            destination = new InetSocketAddress(dst, b.getShort() & 0xffff);
        } else {
            b.position(addresses); // LOCAL, or a family a TCP listener cannot use: the socket's addresses stand
        }
        Map<Integer, byte[]> tlvs = new LinkedHashMap<>();
        while (b.hasRemaining()) {
            if (b.remaining() < 3) {
                throw new ProxyHeaderException("PROXY v2 header ends inside a TLV's type and length", false);
            }
            int type = b.get() & 0xff;
            int len = b.getShort() & 0xffff;
            if (len > b.remaining()) {
                throw new ProxyHeaderException(String.format("PROXY v2 TLV 0x%02x of %d bytes runs past the header",
                        type, len), false);
            }
            byte[] value = new byte[len];
            b.get(value);
            tlvs.put(type, value);
        }
        return tlvs;
    }

    private static InetAddress raw(ByteBuffer b, int size) throws ProxyHeaderException {
        byte[] a = new byte[size];
        b.get(a);
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new ProxyHeaderException("PROXY v2 header with a bad address", false);
        }
    }

    private void finish(int version, Map<Integer, byte[]> tlvs, InetSocketAddress peer, InetSocketAddress local) {
        boolean relayed = source != null;
        result = new ProxiedClient(version, relayed, relayed ? source : peer, relayed ? destination : local, tlvs);
        state = State.DONE;
        body = null;
    }

    /** A v1 address literal of the family the line named; never a name to resolve. */
    private static InetAddress address(String text, boolean four) throws ProxyHeaderException {
        InetAddress a = four ? v4(text) : v6(text);
        if (a == null) {
            throw new ProxyHeaderException("bad PROXY v1 header: '" + text + "' is not an IPv" + (four ? "4" : "6")
                    + " address", false);
        }
        return a;
    }

    static InetAddress v4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            a[i] = (byte) v;
        }
        try {
            return Inet4Address.getByAddress(a);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static InetAddress v6(String text) {
        // only hex digits, colons and dots (a mapped IPv4 tail): a literal, which the JDK parses without DNS
        if (text.indexOf(':') < 0 || !text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            return a instanceof Inet6Address || a instanceof Inet4Address ? a : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int port(String text) throws ProxyHeaderException {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)
                || Integer.parseInt(text) > 65535) {
            throw new ProxyHeaderException("bad PROXY v1 header: '" + text + "' is not a port", false);
        }
        return Integer.parseInt(text);
    }

    /** The first bytes read, for the log: printable ASCII as is, the rest as hex. */
    private String printable() {
        StringBuilder s = new StringBuilder("'");
        for (int i = 0; i < n; i++) {
            int c = head[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.append("'").toString();
    }
}
