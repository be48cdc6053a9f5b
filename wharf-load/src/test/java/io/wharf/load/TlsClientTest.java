package io.wharf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.core.tls.DevCertificate;
import io.wharf.core.tls.KeyMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.Principal;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load client's TLS layer against a JDK TLS echo server: through a proxy that passes one byte per write each
 * way (every record, handshake ones too, arrives split at every byte), with replies many records larger than the
 * worker's read buffer, without keep-alive (a full handshake per request, counted by the server's key uses), and
 * against a server that does not speak TLS (a protocol error naming the handshake).
 */
class TlsClientTest {

    @TempDir
    static Path dir;
    private static SSLContext server;

    @BeforeAll
    static void certificate() throws Exception {
        DevCertificate.CertFiles files = DevCertificate.make(List.of("localhost", "127.0.0.1"), dir);
        KeyMaterial.Identity id = KeyMaterial.load(files.cert(), files.key(), null);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", id.key(), new char[0], id.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        server = SSLContext.getInstance("TLS");
        server.init(new KeyManager[] {new CountingKeys(keys)}, null, null);
    }

    /** Full handshakes so far: only they ask for the server's key (a resumed one does not). */
    private static final AtomicInteger fullHandshakes = new AtomicInteger();

    private static final class CountingKeys extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        CountingKeys(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return keys.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            fullHandshakes.incrementAndGet();
            return keys.getPrivateKey(alias);
        }
    }

    /** Raw echo over TLS: whatever arrives goes back, as it arrives. */
    private static TestServer tlsEcho() throws IOException {
        return new TestServer(client -> {
            SSLSocket tls = (SSLSocket) server.getSocketFactory().createSocket(client, null, client.getPort(), true);
            tls.setUseClientMode(false);
            InputStream in = tls.getInputStream();
            OutputStream out = tls.getOutputStream();
            byte[] buffer = new byte[32 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        });
    }

    /** Forwards to {@code port}, one byte per write in each direction. */
    private static TestServer trickle(int port) throws IOException {
        return new TestServer(client -> {
            client.setTcpNoDelay(true);
            try (Socket upstream = new Socket("127.0.0.1", port)) {
                upstream.setTcpNoDelay(true);
                Thread back = Thread.ofPlatform().daemon().start(() -> pump(upstream, client));
                pump(client, upstream);
                back.join();
            }
        });
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                out.write(b);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side went away; the other sees its close
        }
    }

    private static LoadSpec spec(int port, int size, long requests, ClientTls tls) {
        return LoadSpec.of(TargetKind.ECHO_RAW, "127.0.0.1", port).withConnections(2).withRequests(requests)
                .withWarmup(Duration.ZERO).withMessageSize(size).withTimeout(Duration.ofSeconds(30)).withTls(tls);
    }

    @Test
    void everyRecordSplitAtEveryByte() throws Exception {
        try (TestServer echo = tlsEcho(); TestServer proxy = trickle(echo.port())) {
            LoadReport r = LoadGenerator.run(spec(proxy.port(), 300, 20, ClientTls.of(true, null, null)),
                    LoadProgress.NONE);
            assertThat(r.totalFailures()).as(r.failureExamples().toString()).isZero();
            assertThat(r.successes()).isEqualTo(20);
            assertThat(r.connectionsOpened()).isEqualTo(2);
            assertThat(r.bytesReceived()).isEqualTo(20 * 300);
        }
    }

    @Test
    void withoutKeepAliveEveryRequestIsAFullHandshake() throws Exception {
        try (TestServer echo = tlsEcho()) {
            LoadSpec s = spec(echo.port(), 64, 30, ClientTls.of(true, null, null));
            LoadReport warm = LoadGenerator.run(s, LoadProgress.NONE); // the server has sent its tickets by now
            assertThat(warm.totalFailures()).isZero();
            int before = fullHandshakes.get();
            LoadReport r = LoadGenerator.runWithoutProbe(s.withKeepAlive(false),
                    new InetSocketAddress("127.0.0.1", echo.port()), s.target().target(s), LoadProgress.NONE);
            assertThat(r.totalFailures()).as(r.failureExamples().toString()).isZero();
            assertThat(r.successes()).isEqualTo(30);
            assertThat(r.connectionsOpened()).isEqualTo(30);
            assertThat(fullHandshakes.get() - before).as("no session resumed").isEqualTo(30);
            assertThat(r.connectsMeasured()).isEqualTo(30);
        }
    }

    @Test
    void sniNamesTheServerInTheHelloAndInHttpsHostHeader() throws Exception {
        java.util.Queue<String> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (TestServer web = new TestServer(client -> {
            SSLSocket tls = (SSLSocket) server.getSocketFactory().createSocket(client, null, client.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            ((javax.net.ssl.ExtendedSSLSession) tls.getSession()).getRequestedServerNames()
                    .forEach(n -> seen.add("sni " + ((javax.net.ssl.SNIHostName) n).getAsciiName()));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(tls.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("Host: ")) {
                    seen.add(line);
                } else if (line.isEmpty()) {
                    tls.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
            }
        })) {
            LoadSpec s = LoadSpec.of(TargetKind.HTTP, "127.0.0.1", web.port()).withConnections(1).withRequests(3)
                    .withWarmup(Duration.ZERO).withTls(ClientTls.of(true, null, "web.example"));
            LoadReport r = LoadGenerator.run(s, LoadProgress.NONE);
            assertThat(r.totalFailures()).as(r.failureExamples().toString()).isZero();
            assertThat(r.successes()).isEqualTo(3);
            assertThat(seen).contains("sni web.example").contains("Host: web.example:" + web.port())
                    .doesNotContain("Host: 127.0.0.1:" + web.port());
        }
    }

    @Test
    void repliesOfManyRecordsBeyondTheReadBuffer() throws Exception {
        try (TestServer echo = tlsEcho()) {
            ClientTls trusted = ClientTls.of(false, dir.resolve("cert.pem"), null);
            LoadReport r = LoadGenerator.run(spec(echo.port(), 200_000, 10, trusted), LoadProgress.NONE);
            assertThat(r.totalFailures()).as(r.failureExamples().toString()).isZero();
            assertThat(r.successes()).isEqualTo(10);
            assertThat(r.bytesSent()).isEqualTo(10 * 200_000L);
        }
    }

    @Test
    void anUntrustedCertificateStopsTheRunBeforeItStarts() throws Exception {
        try (TestServer echo = tlsEcho()) {
            assertThatThrownBy(() -> LoadGenerator.run(spec(echo.port(), 64, 5, ClientTls.of(false, null, null)),
                    LoadProgress.NONE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("TLS handshake with 127.0.0.1:" + echo.port() + " failed: the server's "
                            + "certificate is not trusted");
        }
    }

    @Test
    void aServerThatDoesNotSpeakTlsIsAProtocolError() throws Exception {
        try (TestServer plain = new TestServer(client -> client.getOutputStream().write(
                "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
            LoadSpec s = spec(plain.port(), 64, 0, ClientTls.of(true, null, null)).withConnections(1)
                    .withDuration(Duration.ofMillis(300)).withTimeout(Duration.ofSeconds(5));
            LoadReport r = LoadGenerator.runWithoutProbe(s, new InetSocketAddress("127.0.0.1", plain.port()),
                    s.target().target(s), LoadProgress.NONE);
            assertThat(r.successes()).isZero();
            assertThat(r.failures().get(FailureKind.PROTOCOL_ERROR)).isPositive();
            assertThat(r.failureExamples()).first().satisfies(e ->
                    assertThat(e.reply()).startsWith("TLS handshake: "));
        }
    }
}
