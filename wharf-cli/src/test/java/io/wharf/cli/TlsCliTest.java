package io.wharf.cli;

import io.wharf.core.tls.KeyMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wharf cert}, and what {@code wharf serve} says about TLS settings it cannot use: one line naming
 * where the setting came from (the flag, or file:line) and what is wrong with which file, exit code 2.
 */
class TlsCliTest {

    @TempDir
    Path dir;

    @Test
    void certMakesACertificateForTheNamesGiven() throws Exception {
        CliErrorsTest.Result r = CliErrorsTest.run("cert", "--name", "example.test", "--name", "10.1.2.3",
                "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + dir.resolve("cert.pem"));
        KeyMaterial.Identity id = KeyMaterial.load(dir.resolve("cert.pem"), dir.resolve("key.pem"), null);
        assertThat(id.leaf().getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList())
                .containsExactly("example.test", "10.1.2.3");
        assertThat(Files.getPosixFilePermissions(dir.resolve("key.pem")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    void aMissingCertificateFileIsOneLineNamingTheFlag() {
        Path missing = dir.resolve("nope.pem");
        CliErrorsTest.Result r = CliErrorsTest.run("serve", "echo", "--port", port(), "--tls-cert", missing.toString());
        assertOneLine(r, "--tls-cert: tls_cert: cannot read " + missing + ": no such file");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsOneLineNamingTheConfigLine() throws Exception {
        CliErrorsTest.run("cert", "--name", "a", "--out", dir.resolve("a").toString());
        CliErrorsTest.run("cert", "--name", "b", "--out", dir.resolve("b").toString());
        Path conf = Files.write(dir.resolve("server.conf"), List.of("[tls]", "tls = on",
                "tls_cert = " + dir.resolve("a/cert.pem"), "tls_key = " + dir.resolve("b/key.pem")));
        CliErrorsTest.Result r = CliErrorsTest.run("serve", "echo", "--port", port(), "-c", conf.toString());
        assertOneLine(r, conf + ":4: tls_key: " + dir.resolve("b/key.pem") + ": the key does not match the certificate of "
                + dir.resolve("a/cert.pem"));
    }

    @Test
    void aPemThatDoesNotParseIsOneLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----\n");
        CliErrorsTest.Result r = CliErrorsTest.run("serve", "echo", "--port", port(), "--tls-cert", bad.toString(),
                "--tls-key", bad.toString());
        assertOneLine(r, "--tls-cert: tls_cert: " + bad + ": not a valid PEM certificate");
    }

    @Test
    void anUnknownTlsVersionIsOneLine() {
        CliErrorsTest.Result r = CliErrorsTest.run("serve", "echo", "--port", port(), "--tls", "--set",
                "tls.tls_state_dir=" + dir, "--set", "tls.tls_protocols=TLSv1.3,SSLv3");
        assertOneLine(r, "--set tls.tls_protocols: tls_protocols: unknown TLS version 'SSLv3': use TLSv1.3, TLSv1.2");
    }

    private static String port() {
        try {
            return Integer.toString(WharfProcess.freePort());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertOneLine(CliErrorsTest.Result r, String expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err().strip().lines().filter(l -> l.startsWith("wharf") || l.contains("tls_")).count())
                .as(r.err()).isEqualTo(1);
    }
}
