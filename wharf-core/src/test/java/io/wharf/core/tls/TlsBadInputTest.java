package io.wharf.core.tls;

import io.wharf.core.HostedListener;
import io.wharf.core.Model;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What a TLS listener does with clients that do not speak TLS, speak an old one, stop half-way or try to
 * renegotiate: each is refused or timed out and counted by kind, and none of them gets in the way of a
 * normal client.
 */
@Timeout(120)
class TlsBadInputTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    TlsFixture tls;
    private final List<Socket> sockets = new ArrayList<>();

    /** Echo, with a protocol's answer to plain text, as HTTP's 400. */
    private static final ProtocolService SERVICE = new ProtocolService() {
        @Override
        public HandlerFactory handlers() {
            return () -> new Handler() {
                @Override
                public void onData(Connection c, ByteBuffer data) {
                    c.write(data);
                }
            };
        }

        @Override
        public byte[] plainTextOnTlsReply(ByteBuffer head) {
            return "PLAIN REFUSED\n".getBytes(StandardCharsets.US_ASCII);
        }
    };

    @BeforeEach
    void fixture(@TempDir Path certs) throws Exception {
        tls = new TlsFixture(certs);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        tls.close();
    }

    @Test
    void plainTextGetsTheProtocolsReplyAsPlainBytesThenTheClose() throws Exception {
        HostedListener l = tls.start(Model.EVENT, SERVICE);
        Socket s = raw(l);
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("PLAIN REFUSED\n");
        assertThat(tls.layer.failures().failures(TlsFailures.Kind.PLAINTEXT)).isEqualTo(1);
    }

    @Test
    void randomBytesAreRefusedAndCounted() throws Exception {
        HostedListener l = tls.start(Model.REACTOR, SERVICE);
        byte[] junk = new byte[300];
        new Random(7).nextBytes(junk);
        junk[0] = 0x01; // neither a TLS record nor a letter
        Socket s = raw(l);
        s.getOutputStream().write(junk);
        assertClosed(s);
        assertThat(tls.layer.failures().failures(TlsFailures.Kind.NOT_TLS)).isEqualTo(1);
    }

    @Test
    void aTruncatedClientHelloIsCountedWhenTheClientCloses() throws Exception {
        HostedListener l = tls.start(Model.EVENT, SERVICE);
        Socket s = raw(l);
        s.getOutputStream().write(Arrays.copyOf(clientHello("TLSv1.3"), 40));
        s.shutdownOutput();
        assertClosed(s);
        await().atMost(WAIT).until(() -> tls.layer.failures().failures(TlsFailures.Kind.TRUNCATED_HANDSHAKE) == 1);
    }

    @Test
    void aClientStallingMidHandshakeIsTimedOutHoldingNoThread() throws Exception {
        tls.settings.put(TlsKeys.HANDSHAKE_TIMEOUT, "1s");
        HostedListener l = tls.start(Model.EVENT, SERVICE);
        Socket s = raw(l);
        s.getOutputStream().write(Arrays.copyOf(clientHello("TLSv1.3"), 40));
        assertClosed(s);
        await().atMost(WAIT).until(() -> tls.layer.failures().failures(TlsFailures.Kind.HANDSHAKE_TIMEOUT) == 1);
    }

    @Test
    void tls11AndSsl2HellosAreRefusedAsOldProtocols() throws Exception {
        tls.settings.put(TlsKeys.HANDSHAKE_TIMEOUT, "60s");
        HostedListener l = tls.start(Model.EVENT, SERVICE);
        byte[] hello = clientHello("TLSv1.2");
        hello[10] = 2; // client_version TLS 1.1
        for (int i = 0; i + 6 < hello.length; i++) { // and supported_versions = [TLS 1.1]
            if (hello[i] == 0 && hello[i + 1] == 0x2b && hello[i + 2] == 0 && hello[i + 3] == 3 && hello[i + 4] == 2
                    && hello[i + 5] == 3 && hello[i + 6] == 3) {
                hello[i + 6] = 2;
            }
        }
        Socket s = raw(l);
        s.getOutputStream().write(hello);
        InputStream in = s.getInputStream();
        byte[] alert = in.readNBytes(7);
        assertThat(alert[0]).as("an alert record").isEqualTo((byte) 21);
        assertThat(alert[6]).as("protocol_version").isEqualTo((byte) 70);
        assertClosed(s); // right after the alert: well before the handshake deadline, the read's timeout
        Socket v2 = raw(l);
        v2.getOutputStream().write(new byte[] {(byte) 0x80, 0x2e, 0x01, 0x00, 0x02});
        assertClosed(v2);
        await().atMost(WAIT).until(() -> tls.layer.failures().failures(TlsFailures.Kind.OLD_PROTOCOL) == 2);
    }

    @Test
    void aTls12RenegotiationIsRefused() throws Exception {
        HostedListener l = tls.start(Model.REACTOR, SERVICE);
        SSLSocket s = TlsFixture.connect(l, tls.clientContext(), null, "TLSv1.2");
        sockets.add(s);
        s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
        assertThat(s.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes(StandardCharsets.US_ASCII));
        s.startHandshake(); // asks for a new handshake
        assertThatThrownBy(() -> {
            s.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().read();
            s.getInputStream().read();
        }).isInstanceOf(IOException.class);
        await().atMost(WAIT).until(() -> tls.layer.failures().failures(TlsFailures.Kind.RENEGOTIATION) == 1);
    }

    @Test
    void alpnWithoutAProtocolTheListenerSpeaksIsRefusedWithNoApplicationProtocol() throws Exception {
        HostedListener l = tls.start(Model.EVENT, new ProtocolService() {
            @Override
            public HandlerFactory handlers() {
                return SERVICE.handlers();
            }

            @Override
            public List<String> applicationProtocols() {
                return List.of("http/1.1");
            }
        });
        SSLSocket h2 = (SSLSocket) tls.clientContext().getSocketFactory().createSocket("127.0.0.1", l.localAddress().getPort());
        sockets.add(h2);
        SSLParameters p = h2.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2"});
        h2.setSSLParameters(p);
        assertThatThrownBy(h2::startHandshake).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("no_application_protocol");

        SSLSocket ok = (SSLSocket) tls.clientContext().getSocketFactory().createSocket("127.0.0.1", l.localAddress().getPort());
        sockets.add(ok);
        p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        ok.setSSLParameters(p);
        ok.startHandshake();
        assertThat(ok.getApplicationProtocol()).isEqualTo("http/1.1");
        assertThat(tls.layer.failures().failures(TlsFailures.Kind.NO_APPLICATION_PROTOCOL)).isEqualTo(1);
    }

    @Test
    void twoThousandIdleTlsConnectionsCostANormalClientNothing() throws Exception {
        tls.settings.put(io.wharf.core.config.CoreKeys.MAX_CONNECTIONS, "5000");
        HostedListener l = tls.start(Model.EVENT, SERVICE);
        InetSocketAddress a = l.localAddress();
        for (int i = 0; i < 2000; i++) {
            Socket s = new Socket();
            s.connect(a, 5000);
            sockets.add(s);
        }
        await().atMost(WAIT).until(() -> l.openConnections() == 2000);
        long start = System.nanoTime();
        try (SSLSocket s = tls.connect(l)) {
            s.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
            assertThat(s.getInputStream().readNBytes(2)).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    /** The first flight of a JDK client offering {@code version}. */
    static byte[] clientHello(String version) throws Exception {
        SSLEngine e = SSLContext.getDefault().createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        e.setEnabledProtocols(new String[] {version});
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    Socket raw(HostedListener l) throws IOException {
        Socket s = new Socket("127.0.0.1", l.localAddress().getPort());
        s.setSoTimeout(10_000);
        sockets.add(s);
        return s;
    }

    static void assertClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // an alert may come first
            }
        } catch (java.net.SocketException reset) {
            // closed with a reset: closed all the same
        }
    }
}
