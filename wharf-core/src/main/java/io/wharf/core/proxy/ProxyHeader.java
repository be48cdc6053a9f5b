package io.wharf.core.proxy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The PROXY protocol header (HAProxy's spec, versions 1 and 2) a proxy sends first on a connection to a
 * backend, so the backend sees the real client's address. Both ends of the header must be the same family; a
 * mixed pair (an IPv4 client on an IPv6 listener) is sent with the client's address mapped to IPv6.
 *
 * <p>Threading: stateless.
 */
public final class ProxyHeader {

    /** The v2 signature: {@code \r\n\r\n\0\r\nQUIT\n}. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /**
     * The TLV type (in the spec's custom range 0xE0-0xEF) in which a wharf balancer sends the W3C
     * {@code traceparent} of its span for the connection, so the backend's spans join the trace.
     */
    public static final int TRACE_CONTEXT = 0xE0;

    private ProxyHeader() {
    }

    /** {@code PROXY TCP4 1.2.3.4 5.6.7.8 51022 80\r\n}: the client, then the address it connected to. */
    public static byte[] v1(InetSocketAddress client, InetSocketAddress server) {
        InetAddress c = client.getAddress();
        InetAddress s = server.getAddress();
        String line = bothV4(c, s)
                ? "PROXY TCP4 " + c.getHostAddress() + " " + s.getHostAddress()
                : "PROXY TCP6 " + v6Text(c) + " " + v6Text(s);
        return (line + " " + client.getPort() + " " + server.getPort() + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The binary v2 header, command PROXY, over TCP. */
    public static byte[] v2(InetSocketAddress client, InetSocketAddress server) {
        return v2(client, server, java.util.Map.of());
    }

    /**
     * The binary v2 header, command PROXY, over TCP, with {@code tlvs} (type 0..255 to value) after the addresses.
     *
     * @throws IllegalArgumentException a type out of range, or TLVs too long for the header's 16-bit length
     */
    public static byte[] v2(InetSocketAddress client, InetSocketAddress server, java.util.Map<Integer, byte[]> tlvs) {
        InetAddress c = client.getAddress();
        InetAddress s = server.getAddress();
        boolean v4 = bothV4(c, s);
        int addressLength = v4 ? 12 : 36;
        int length = addressLength;
        for (var t : tlvs.entrySet()) {
            if (t.getKey() < 0 || t.getKey() > 255) {
                throw new IllegalArgumentException("TLV type " + t.getKey() + " is not 0..255");
            }
            length += 3 + t.getValue().length;
        }
        if (length > 0xffff) {
            throw new IllegalArgumentException("TLVs of " + length + " bytes do not fit a PROXY v2 header");
        }
        ByteBuffer b = ByteBuffer.allocate(16 + length);
        b.put(V2_SIGNATURE).put((byte) 0x21).put((byte) (v4 ? 0x11 : 0x21)).putShort((short) length);
        b.put(v4 ? c.getAddress() : v6Bytes(c)).put(v4 ? s.getAddress() : v6Bytes(s));
        b.putShort((short) client.getPort()).putShort((short) server.getPort());
        for (var t : tlvs.entrySet()) {
            b.put((byte) (int) t.getKey()).putShort((short) t.getValue().length).put(t.getValue());
        }
        return b.array();
    }

    /** {@code PROXY UNKNOWN\r\n}: a v1 header naming no client (a proxy's own health check). */
    public static byte[] v1Unknown() {
        return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** A v2 header with command LOCAL and no addresses: the proxy's own connection (a health check). */
    public static byte[] v2Local() {
        byte[] h = new byte[16];
        System.arraycopy(V2_SIGNATURE, 0, h, 0, V2_SIGNATURE.length);
        h[12] = 0x20;
        return h;
    }

    private static boolean bothV4(InetAddress a, InetAddress b) {
        return a instanceof Inet4Address && b instanceof Inet4Address;
    }

    /** 16 bytes; an IPv4 address mapped ({@code ::ffff:a.b.c.d}). */
    static byte[] v6Bytes(InetAddress a) {
        byte[] raw = a.getAddress();
        if (raw.length == 16) {
            return raw;
        }
        byte[] m = new byte[16];
        m[10] = (byte) 0xff;
        m[11] = (byte) 0xff;
        System.arraycopy(raw, 0, m, 12, 4);
        return m;
    }

    private static String v6Text(InetAddress a) {
        return a instanceof Inet4Address ? "::ffff:" + a.getHostAddress() : a.getHostAddress();
    }
}
