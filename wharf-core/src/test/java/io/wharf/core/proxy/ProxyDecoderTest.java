package io.wharf.core.proxy;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PROXY header decoder: v1 and v2, whole and split at every byte, and every way a header can be wrong. */
class ProxyDecoderTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);
    private static final InetSocketAddress CLIENT4 = new InetSocketAddress("192.0.2.10", 51022);
    private static final InetSocketAddress SERVER4 = new InetSocketAddress("198.51.100.1", 80);
    private static final InetSocketAddress CLIENT6 = new InetSocketAddress("2001:db8::1", 51022);
    private static final InetSocketAddress SERVER6 = new InetSocketAddress("2001:db8::2", 443);
    private static final byte[] AFTER = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Decodes {@code header + AFTER} split at {@code cut}; checks that exactly the header was consumed. */
    private static ProxiedClient decodeSplit(byte[] header, int cut) throws ProxyHeaderException {
        byte[] all = concat(header, AFTER);
        ProxyDecoder d = new ProxyDecoder();
        ByteBuffer first = ByteBuffer.wrap(all, 0, cut);
        boolean done = d.decode(first, PEER, LOCAL);
        int consumed = first.position();
        if (done) {
            assertThat(consumed).as("cut at " + cut).isEqualTo(header.length);
            return d.result();
        }
        assertThat(first.hasRemaining()).isFalse();
        ByteBuffer rest = ByteBuffer.wrap(all, cut, all.length - cut);
        assertThat(d.decode(rest, PEER, LOCAL)).as("cut at " + cut).isTrue();
        assertThat(rest.position()).as("cut at " + cut).isEqualTo(header.length);
        return d.result();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static ProxiedClient decodeAtEveryCut(byte[] header) throws ProxyHeaderException {
        ProxiedClient first = null;
        for (int cut = 0; cut <= header.length + AFTER.length; cut++) {
            ProxiedClient c = decodeSplit(header, cut);
            if (first == null) {
                first = c;
            }
            assertThat(c.source()).isEqualTo(first.source());
            assertThat(c.destination()).isEqualTo(first.destination());
            assertThat(c.tlvs().keySet()).isEqualTo(first.tlvs().keySet());
        }
        return first;
    }

    /** One byte at a time, through the decoder's every state. */
    @Test
    void versionOneSplitAtEveryByte() throws Exception {
        ProxiedClient c = decodeAtEveryCut(ProxyHeader.v1(CLIENT4, SERVER4));
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.relayed()).isTrue();
        assertThat(c.source()).isEqualTo(CLIENT4);
        assertThat(c.destination()).isEqualTo(SERVER4);
        ProxyDecoder d = new ProxyDecoder();
        byte[] h = ProxyHeader.v1(CLIENT6, SERVER6);
        for (int i = 0; i < h.length - 1; i++) {
            assertThat(d.decode(ByteBuffer.wrap(h, i, 1), PEER, LOCAL)).isFalse();
        }
        assertThat(d.decode(ByteBuffer.wrap(h, h.length - 1, 1), PEER, LOCAL)).isTrue();
        assertThat(d.result().source()).isEqualTo(CLIENT6);
        assertThat(d.result().destination()).isEqualTo(SERVER6);
    }

    @Test
    void versionTwoWithTlvsSplitAtEveryByte() throws Exception {
        Map<Integer, byte[]> tlvs = new LinkedHashMap<>();
        tlvs.put(ProxyHeader.TRACE_CONTEXT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                .getBytes(StandardCharsets.US_ASCII));
        tlvs.put(0x04, new byte[0]); // PP2_TYPE_NOOP, empty
        ProxiedClient c = decodeAtEveryCut(ProxyHeader.v2(CLIENT4, SERVER4, tlvs));
        assertThat(c.version()).isEqualTo(2);
        assertThat(c.source()).isEqualTo(CLIENT4);
        assertThat(c.destination()).isEqualTo(SERVER4);
        assertThat(c.traceparent()).contains("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(c.tlv(0x04)).hasValueSatisfying(v -> assertThat(v).isEmpty());
        ProxiedClient six = decodeAtEveryCut(ProxyHeader.v2(CLIENT6, SERVER6));
        assertThat(six.source()).isEqualTo(CLIENT6);
        assertThat(six.destination()).isEqualTo(SERVER6);
        assertThat(six.traceparent()).isEmpty();
    }

    @Test
    void localAndUnknownLeaveTheSocketsAddresses() throws Exception {
        byte[] local = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0, 0};
        ProxiedClient l = decodeAtEveryCut(local);
        assertThat(l.relayed()).isFalse();
        assertThat(l.source()).isEqualTo(PEER);
        assertThat(l.destination()).isEqualTo(LOCAL);
        ProxiedClient u = decodeAtEveryCut("PROXY UNKNOWN whatever follows\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(u.relayed()).isFalse();
        assertThat(u.source()).isEqualTo(PEER);
    }

    @Test
    void bytesThatAreNoHeaderAreMissingNotMalformed() {
        assertThatThrownBy(() -> new ProxyDecoder().decode(ByteBuffer.wrap(AFTER), PEER, LOCAL))
                .isInstanceOfSatisfying(ProxyHeaderException.class, e -> assertThat(e.missing()).isTrue())
                .hasMessage("no PROXY header: the connection starts with 'G'");
        assertThatThrownBy(() -> new ProxyDecoder().decode(ByteBuffer.wrap(new byte[]{0x16, 0x03, 0x01}), PEER,
                LOCAL)).hasMessage("no PROXY header: the connection starts with '\\x16'");
    }

    @Test
    void malformedHeadersSayWhatIsWrong() {
        assertMalformed("PROXY TCP4 192.0.2.10 198.51.100.1 51022\r\n", "bad PROXY v1 header");
        assertMalformed("PROXY TCP4 192.0.2.300 198.51.100.1 51022 80\r\n", "'192.0.2.300' is not an IPv4 address");
        assertMalformed("PROXY TCP4 example.com 198.51.100.1 51022 80\r\n", "'example.com' is not an IPv4 address");
        assertMalformed("PROXY TCP6 192.0.2.1 ::1 51022 80\r\n", "'192.0.2.1' is not an IPv6 address");
        assertMalformed("PROXY TCP4 192.0.2.10 198.51.100.1 70000 80\r\n", "'70000' is not a port");
        assertMalformed("PROXY TCP4 192.0.2.10 198.51.100.1 51022 80\n", "bare LF");
        assertMalformed("PROXY UDP4 192.0.2.10 198.51.100.1 51022 80\r\n", "expected PROXY TCP4|TCP6");
        assertMalformed("PROXY TCP4 " + "1".repeat(120) + "\r\n", "longer than 107 bytes");
        byte[] v2 = ProxyHeader.v2(CLIENT4, SERVER4);
        byte[] badVersion = v2.clone();
        badVersion[12] = 0x31;
        assertMalformed(badVersion, "version 3, not 2");
        byte[] badCommand = v2.clone();
        badCommand[12] = 0x22;
        assertMalformed(badCommand, "unknown command 2");
        byte[] badFamily = v2.clone();
        badFamily[13] = 0x41;
        assertMalformed(badFamily, "unknown address family 0x41");
        byte[] short4 = v2.clone();
        short4[15] = 8; // 8 bytes of body for TCP4's 12
        assertMalformed(java.util.Arrays.copyOf(short4, 24), "too short for its 12 bytes of addresses");
        byte[] overrun = ProxyHeader.v2(CLIENT4, SERVER4, Map.of(0xE1, new byte[4]));
        overrun[overrun.length - 5] = 9; // the TLV claims 9 bytes where 4 are
        assertMalformed(overrun, "TLV 0xe1 of 9 bytes runs past the header");
    }

    private static void assertMalformed(String header, String message) {
        assertMalformed(header.getBytes(StandardCharsets.US_ASCII), message);
    }

    private static void assertMalformed(byte[] header, String message) {
        assertThatThrownBy(() -> new ProxyDecoder().decode(ByteBuffer.wrap(header), PEER, LOCAL))
                .isInstanceOfSatisfying(ProxyHeaderException.class, e -> assertThat(e.missing()).isFalse())
                .hasMessageContaining(message);
    }

    @Test
    void signatureSniffingNeedsTheWholeSignature() {
        assertThat(ProxyDecoder.startsWithSignature(ByteBuffer.wrap(ProxyHeader.v1(CLIENT4, SERVER4)))).isTrue();
        assertThat(ProxyDecoder.startsWithSignature(ByteBuffer.wrap(ProxyHeader.v2(CLIENT4, SERVER4)))).isTrue();
        assertThat(ProxyDecoder.startsWithSignature(ByteBuffer.wrap("PROXY".getBytes(StandardCharsets.US_ASCII))))
                .isFalse();
        assertThat(ProxyDecoder.startsWithSignature(ByteBuffer.wrap(AFTER))).isFalse();
    }

    @Test
    void trustedSourcesMatchAddressesAndBlocks() throws Exception {
        TrustedSources t = TrustedSources.parse("127.0.0.0/8, ::1, 10.1.2.0/23, 192.0.2.7");
        assertThat(t.contains(java.net.InetAddress.getByName("127.9.9.9"))).isTrue();
        assertThat(t.contains(java.net.InetAddress.getByName("::1"))).isTrue();
        assertThat(t.contains(java.net.InetAddress.getByName("10.1.3.255"))).isTrue();
        assertThat(t.contains(java.net.InetAddress.getByName("10.1.4.0"))).isFalse();
        assertThat(t.contains(java.net.InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(t.contains(java.net.InetAddress.getByName("192.0.2.8"))).isFalse();
        assertThat(t).hasToString("127.0.0.0/8, 0:0:0:0:0:0:0:1/128, 10.1.2.0/23, 192.0.2.7/32");
        assertThatThrownBy(() -> TrustedSources.parse("localhost")).hasMessageContaining("'localhost' is not an IP");
        assertThatThrownBy(() -> TrustedSources.parse("10.0.0.0/33")).hasMessageContaining("0..32");
    }
}
