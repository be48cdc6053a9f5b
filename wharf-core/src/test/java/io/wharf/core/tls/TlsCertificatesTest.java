package io.wharf.core.tls;

import io.wharf.core.HostedListener;
import io.wharf.core.Model;
import io.wharf.core.config.ConfigException;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Certificates as users have them (PEM in PKCS#8, PKCS#1 and SEC1, RSA and EC, and PKCS#12, made by
 * {@code openssl}), one-line errors for bad ones, a certificate per SNI name, client certificates, and reloads
 * that switch new handshakes to the new certificate or refuse a broken one and keep the old.
 */
@Timeout(60)
class TlsCertificatesTest {

    @TempDir
    Path dir;
    TlsFixture tls;

    @AfterEach
    void stop() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void readsPkcs8Pkcs1Sec1AndPkcs12KeysOfRsaAndEc() throws Exception {
        requireOpenssl();
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa8.key", "-out", "rsa.crt", "-days", "2",
                "-subj", "/CN=rsa");
        openssl("rsa", "-in", "rsa8.key", "-out", "rsa1.key", "-traditional");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec1.key");
        openssl("req", "-x509", "-key", "ec1.key", "-out", "ec.crt", "-days", "2", "-subj", "/CN=ec");
        openssl("pkcs12", "-export", "-in", "ec.crt", "-inkey", "ec1.key", "-out", "ec.p12", "-passout", "pass:secret");
        assertThat(Files.readString(dir.resolve("rsa1.key"))).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("ec1.key"))).contains("BEGIN EC PRIVATE KEY");

        assertThat(KeyMaterial.load(dir.resolve("rsa.crt"), dir.resolve("rsa8.key"), null).key().getAlgorithm()).isEqualTo("RSA");
        assertThat(KeyMaterial.load(dir.resolve("rsa.crt"), dir.resolve("rsa1.key"), null).key().getAlgorithm()).isEqualTo("RSA");
        assertThat(KeyMaterial.load(dir.resolve("ec.crt"), dir.resolve("ec1.key"), null).key().getAlgorithm()).isEqualTo("EC");
        assertThat(KeyMaterial.load(dir.resolve("ec.p12"), null, "secret").leaf().getSubjectX500Principal().getName())
                .isEqualTo("CN=ec");
        assertThatThrownBy(() -> KeyMaterial.load(dir.resolve("ec.p12"), null, "wrong"))
                .hasMessage(dir.resolve("ec.p12") + ": wrong PKCS#12 password (tls_password)");

        // an RSA listener serves TLS 1.2 and 1.3 clients alike
        tls = fixture(dir.resolve("fixture"));
        tls.settings.put(TlsKeys.CERT, dir.resolve("rsa.crt").toString());
        tls.settings.put(TlsKeys.KEY, dir.resolve("rsa1.key").toString());
        HostedListener l = tls.start(Model.EVENT, Echo::new);
        SSLContext trustRsa = TlsFixture.trusting(KeyMaterial.certificates(dir.resolve("rsa.crt")).get(0));
        try (SSLSocket s = TlsFixture.connect(l, trustRsa, null, "TLSv1.2")) {
            assertThat(s.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        }
    }

    @Test
    void aBadCertificateOrKeyIsOneLineNamingWhereItWasSetAndTheFile() throws Exception {
        tls = fixture(dir);
        DevCertificate.CertFiles other = DevCertificate.make(List.of("other"), dir.resolve("other"));
        tls.settings.put(TlsKeys.KEY, other.key().toString());
        assertThatThrownBy(() -> TlsContext.build(tls.config(), List.of())).isInstanceOf(ConfigException.class)
                .hasMessage("test: tls_key: " + other.key() + ": the key does not match the certificate of "
                        + tls.cert.cert());

        tls.settings.put(TlsKeys.CERT, dir.resolve("missing.pem").toString());
        assertThatThrownBy(() -> TlsContext.build(tls.config(), List.of()))
                .hasMessage("test: tls_cert: cannot read " + dir.resolve("missing.pem") + ": no such file");

        Path junk = Files.writeString(dir.resolve("junk.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        tls.settings.put(TlsKeys.CERT, junk.toString());
        assertThatThrownBy(() -> TlsContext.build(tls.config(), List.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test: tls_cert: " + junk + ": not a valid PEM certificate")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        tls.settings.put(TlsKeys.CERT, tls.cert.cert().toString());
        tls.settings.put(TlsKeys.KEY, tls.cert.key().toString());
        tls.settings.put(TlsKeys.CIPHERS, "TLS_AES_128_GCM_SHA256,TLS_RSA_WITH_RC4");
        assertThatThrownBy(() -> TlsContext.build(tls.config(), List.of()))
                .hasMessage("test: tls_ciphers: unknown cipher suite 'TLS_RSA_WITH_RC4' (IANA names, e.g. TLS_AES_128_GCM_SHA256)");
    }

    @Test
    void sniPicksTheCertificateOfTheNameAskedForWithTheDefaultForOthers() throws Exception {
        tls = fixture(dir);
        DevCertificate.CertFiles a = DevCertificate.make(List.of("a.example"), dir.resolve("a"));
        DevCertificate.CertFiles w = DevCertificate.make(List.of("*.b.example"), dir.resolve("b"));
        tls.settings.put(TlsKeys.SNI, "a.example=" + a.cert() + ":" + a.key() + ", *.b.example=" + w.cert() + ":" + w.key());
        HostedListener l = tls.start(Model.REACTOR, Echo::new);
        SSLContext trustAll = TlsFixture.trusting(leaf(tls.cert.cert()), leaf(a.cert()), leaf(w.cert()));
        assertThat(served(l, trustAll, "a.example")).isEqualTo("CN=a.example,O=wharf development certificate");
        assertThat(served(l, trustAll, "x.b.example")).isEqualTo("CN=*.b.example,O=wharf development certificate");
        assertThat(served(l, trustAll, "c.example")).isEqualTo("CN=localhost,O=wharf development certificate");
        assertThat(served(l, trustAll, null)).isEqualTo("CN=localhost,O=wharf development certificate");
    }

    @Test
    void aRequiredClientCertificateIsCheckedAndItsSubjectVisibleToTheHandler() throws Exception {
        tls = fixture(dir);
        DevCertificate.CertFiles client = DevCertificate.make(List.of("alice"), dir.resolve("client"));
        tls.settings.put(TlsKeys.CLIENT_AUTH, "required");
        tls.settings.put(TlsKeys.CA, client.cert().toString());
        HostedListener l = tls.start(Model.VIRTUAL, () -> new Handler() {
            @Override
            public void onData(Connection c, ByteBuffer data) {
                data.position(data.limit());
                c.write(TlsConnection.of(c).flatMap(TlsConnection::peerSubject).orElse("nobody") + "\n");
            }
        });
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        KeyMaterial.Identity id = KeyMaterial.load(client.cert(), client.key(), null);
        ks.setKeyEntry("alice", id.key(), new char[0], id.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", leaf(tls.cert.cert()));
        tmf.init(trust);
        SSLContext withCert = SSLContext.getInstance("TLS");
        withCert.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        try (SSLSocket s = TlsFixture.connect(l, withCert, null)) {
            s.getOutputStream().write('?');
            assertThat(new String(s.getInputStream().readNBytes(41), StandardCharsets.US_ASCII))
                    .isEqualTo("CN=alice,O=wharf development certificate\n");
        }
        assertThatThrownBy(() -> {
            try (SSLSocket s = TlsFixture.connect(l, tls.clientContext(), null)) {
                s.getOutputStream().write('?');
                s.getInputStream().read(); // TLS 1.3: the refusal comes after the client's Finished
            }
        }).isInstanceOf(java.io.IOException.class);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                tls.layer.failures().failures(TlsFailures.Kind.BAD_CLIENT_CERTIFICATE) == 1);
    }

    @Test
    void changedFilesSwitchNewHandshakesToTheNewCertificateAndABrokenOneIsRefused() throws Exception {
        tls = fixture(dir);
        tls.settings.put(TlsKeys.WATCH, "100ms");
        HostedListener l = tls.start(Model.EVENT, Echo::new);
        DevCertificate.CertFiles next = DevCertificate.make(List.of("renewed"), dir.resolve("next"));
        SSLContext trustBoth = TlsFixture.trusting(leaf(tls.cert.cert()), leaf(next.cert()));
        try (SSLSocket before = TlsFixture.connect(l, trustBoth, null)) {
            Files.copy(next.key(), tls.cert.key(), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(next.cert(), tls.cert.cert(), StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(10)).until(() -> served(l, trustBoth, null).startsWith("CN=renewed"));
            // the connection made before the switch is served on
            before.getOutputStream().write("still".getBytes(StandardCharsets.US_ASCII));
            assertThat(before.getInputStream().readNBytes(5)).isEqualTo("still".getBytes(StandardCharsets.US_ASCII));
        }
        Files.writeString(tls.cert.cert(), "broken");
        assertThat(tls.layer.reload(tls.config())).isFalse();
        assertThat(served(l, trustBoth, null)).startsWith("CN=renewed");
    }

    static final class Echo implements Handler {
        @Override
        public void onData(Connection c, ByteBuffer data) {
            c.write(data);
        }
    }

    private static String served(HostedListener l, SSLContext ctx, String sni) throws Exception {
        try (SSLSocket s = TlsFixture.connect(l, ctx, sni)) {
            s.getSession().invalidate(); // each call a full handshake: a resumed one would show the old certificate
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    /** A fixture with this class's {@code tls_provider}. */
    TlsFixture fixture(Path certs) throws Exception {
        TlsFixture f = new TlsFixture(certs);
        f.settings.put(TlsKeys.PROVIDER, provider());
        return f;
    }

    /** The {@code tls_provider} under test: the JDK's here, BoringSSL's in wharf-tls-openssl's subclass. */
    String provider() {
        return "jdk";
    }

    private static X509Certificate leaf(Path pem) throws Exception {
        return KeyMaterial.certificates(pem).get(0);
    }

    private static void requireOpenssl() {
        boolean found = java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "openssl")));
        Assumptions.assumeTrue(found, "openssl is not installed (apt-get install openssl): skipping the key formats test");
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
