package io.wharf.core.tls;

import io.wharf.core.tls.ClientHello.Verdict;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The layer's peek at a first record: real JDK hellos, every verdict, and each one split at every byte. */
class ClientHelloTest {

    private static final List<String> HTTP = List.of("http/1.1");

    @Test
    void aHelloOfferingOneOfOurProtocolsOrNoneIsTls() throws Exception {
        assertEverySplit(hello("TLSv1.3", "h2", "http/1.1"), HTTP, Verdict.TLS);
        assertEverySplit(hello("TLSv1.3"), HTTP, Verdict.TLS);
        assertEverySplit(hello("TLSv1.2", "http/1.1"), HTTP, Verdict.TLS);
    }

    @Test
    void aHelloOfferingOnlyOthersIsRefusedUnlessTheListenerNegotiatesNone() throws Exception {
        assertEverySplit(hello("TLSv1.3", "h2"), HTTP, Verdict.NO_SHARED_ALPN);
        assertEverySplit(hello("TLSv1.3", "h2", "spdy/3"), HTTP, Verdict.NO_SHARED_ALPN);
        assertEverySplit(hello("TLSv1.3", "h2"), List.of(), Verdict.TLS);
    }

    @Test
    void aHelloOfferingNothingNewerThanTls11IsOld() throws Exception {
        byte[] hello = hello("TLSv1.2");
        hello[10] = 2; // legacy_version TLS 1.1
        assertEverySplit(hello, HTTP, Verdict.OLD);
    }

    @Test
    void ssl2TextAndJunkAreToldApartOnTheirFirstBytes() {
        assertEverySplit(new byte[] {(byte) 0x80, 0x2e, 0x01, 0x00, 0x02}, HTTP, Verdict.SSL2);
        assertEverySplit(new byte[] {(byte) 0x80, 0x2e, 0x07}, HTTP, Verdict.NOT_TLS);
        assertThat(ClientHello.peek(ascii("GET / HTTP/1.1\r\n"), HTTP)).isEqualTo(Verdict.PLAIN);
        assertThat(ClientHello.peek(ascii("G"), HTTP)).isEqualTo(Verdict.PLAIN);
        assertThat(ClientHello.peek(ByteBuffer.wrap(new byte[] {1, 2, 3}), HTTP)).isEqualTo(Verdict.NOT_TLS);
        assertThat(ClientHello.peek(ByteBuffer.allocate(0), HTTP)).isEqualTo(Verdict.NEED_MORE);
    }

    @Test
    void whatItCannotFollowIsLeftToTheEngine() throws Exception {
        byte[] hello = hello("TLSv1.3", "h2");
        byte[] fragment = Arrays.copyOf(hello, hello.length);
        int length = (fragment[3] & 0xff) << 8 | fragment[4] & 0xff;
        fragment[6] = 1; // the hello says it is 64 KiB longer than its record: more records follow
        assertEverySplit(fragment, HTTP, Verdict.TLS);
        byte[] notHello = Arrays.copyOf(hello, 5 + length);
        notHello[5] = 2; // a ServerHello from a client
        assertEverySplit(notHello, HTTP, Verdict.TLS);
        byte[] huge = {22, 3, 1, (byte) 0x7f, (byte) 0xff};
        assertThat(ClientHello.peek(ByteBuffer.wrap(huge), HTTP)).isEqualTo(Verdict.TLS);
    }

    @Test
    void peekingConsumesNothing() throws Exception {
        ByteBuffer b = ByteBuffer.wrap(hello("TLSv1.3", "h2"));
        ClientHello.peek(b, HTTP);
        assertThat(b.position()).isZero();
    }

    /** Every prefix is NEED_MORE until the verdict, which is {@code want}, as it is for all of {@code bytes}. */
    private static void assertEverySplit(byte[] bytes, List<String> alpn, Verdict want) {
        int whole = bytes.length;
        for (int n = 0; n <= whole; n++) {
            Verdict v = ClientHello.peek(ByteBuffer.wrap(bytes, 0, n), alpn);
            if (v != Verdict.NEED_MORE) {
                assertThat(v).as("first %d of %d bytes", n, whole).isEqualTo(want);
                assertThat(ClientHello.peek(ByteBuffer.wrap(bytes), alpn)).isEqualTo(want);
                return;
            }
        }
        throw new AssertionError("NEED_MORE for all " + whole + " bytes, expected " + want);
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** The first flight of a JDK client offering {@code version} and {@code alpn} (none when empty). */
    static byte[] hello(String version, String... alpn) throws Exception {
        SSLEngine e = SSLContext.getDefault().createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(new String[] {version});
        if (alpn.length > 0) {
            p.setApplicationProtocols(alpn);
        }
        e.setSSLParameters(p);
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }
}
