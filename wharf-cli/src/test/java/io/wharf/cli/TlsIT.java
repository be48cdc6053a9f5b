package io.wharf.cli;

import io.wharf.core.testing.Trusting;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS as users meet it, with the real jar and real clients: {@code wharf serve http --tls} for {@code curl -k}
 * (TLS 1.3 accepted, 1.1 refused, plain HTTP told it knocked on the HTTPS port), {@code openssl s_client}
 * (version, cipher, ALPN, SNI, resumption from a saved session), and echo, chat and HTTP over TLS under every
 * model. Skips what needs {@code curl} or {@code openssl} when they are missing.
 */
class TlsIT {

    @TempDir
    Path dir;

    /** Each provider alike: the default (openssl) and the JDK's. */
    @ParameterizedTest(name = "tls_provider = {0}")
    @ValueSource(strings = {"openssl", "jdk"})
    void serveHttpTlsWorksForCurlAndOpenssl(String provider) throws Exception {
        requireTool("curl");
        requireTool("openssl");
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "hello over https\n");
        int port = WharfProcess.freePort();
        List<String> args = new ArrayList<>(List.of("serve", "http", "--tls", "--port", Integer.toString(port), "--root",
                root.toString(), "--model", "reactor", "--set", "tls.tls_state_dir=" + dir.resolve("state")));
        if (provider.equals("jdk")) {
            args.addAll(List.of("--set", "tls.tls_provider=jdk"));
        }
        try (WharfProcess w = WharfProcess.start(args.toArray(String[]::new))) {
            w.awaitOutput("ready on port " + port);
            assertThat(w.output()).contains("TLS (" + provider + ")");
            assertThat(w.output()).contains("using the self-signed development certificate "
                    + dir.resolve("state/localhost-cert.pem"), "curl --cacert");
            String url = "https://localhost:" + port + "/";
            assertThat(run("curl", "-sSk", "--tlsv1.3", url)).isEqualTo("hello over https\n");
            assertThat(run("curl", "-sS", "--cacert", dir.resolve("state/localhost-cert.pem").toString(), url))
                    .isEqualTo("hello over https\n");
            assertThat(exit("curl", "-sk", "--tls-max", "1.1", url)).as("TLS 1.1 refused").isNotZero();
            assertThat(run("curl", "-s", "-i", "http://localhost:" + port + "/")).startsWith("HTTP/1.1 400 Bad Request")
                    .endsWith("\r\n\r\nThe plain HTTP request was sent to HTTPS port\n");

            // a request, as every HTTPS client sends, and stdin open a second more: s_client is still there when
            // the ticket comes (after the handshake from the JDK's engine, with the first response from BoringSSL's)
            String s = run("sh", "-c", "{ printf 'GET / HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n'; sleep 1; }"
                    + " | openssl s_client -connect 127.0.0.1:" + port
                    + " -servername localhost -alpn h2,http/1.1 -sess_out '" + dir.resolve("sess") + "' 2>&1");
            // the JDK's engine takes our order of TLS 1.3 suites; BoringSSL's its own (AES-256 for OpenSSL's hello)
            String suite = provider.equals("jdk") ? "TLS_AES_128_GCM_SHA256" : "TLS_AES_256_GCM_SHA384";
            assertThat(s).contains("New, TLSv1.3, Cipher is " + suite, "ALPN protocol: http/1.1",
                    "Verify return code: 18");
            String again = run("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost",
                    "-sess_in", dir.resolve("sess").toString());
            assertThat(again).as("resumed from the saved ticket").contains("Reused, TLSv1.3");
            String tls12 = run("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2");
            assertThat(tls12).contains("Protocol  : TLSv1.2", "Cipher    : ECDHE-ECDSA-AES128-GCM-SHA256");
            String h2 = run("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-alpn", "h2");
            assertThat(h2).contains("no application protocol");
        }
    }

    /** Where BoringSSL cannot load (forced here as netty allows), one line says so and the JDK's TLS serves. */
    @Test
    void theDefaultProviderFallsBackToTheJdksWithOneLineWhereItsNativeLibraryCannotLoad() throws Exception {
        requireTool("curl");
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "served all the same\n");
        int port = WharfProcess.freePort();
        try (WharfProcess w = WharfProcess.startWithJvmOptions(List.of("-Dio.netty.handler.ssl.noOpenSsl=true"),
                "serve", "http", "--tls", "--port", Integer.toString(port), "--root", root.toString(),
                "--set", "tls.tls_state_dir=" + dir.resolve("state"))) {
            w.awaitOutput("ready on port " + port);
            assertThat(run("curl", "-sSk", "https://localhost:" + port + "/")).isEqualTo("served all the same\n");
            List<String> lines = w.output().lines().filter(l -> l.contains("tls_provider")).toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).contains("WARN", "tls_provider = openssl cannot run here (",
                    "using the JDK's TLS");
            assertThat(w.output()).contains("TLS (jdk)");
        }
    }

    @Test
    void aPlainListenerRedirectsToTheTlsOneWhichSendsHsts() throws Exception {
        requireTool("curl");
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "secure\n");
        int tls = WharfProcess.freePort();
        int plain = WharfProcess.freePort();
        Path conf = Files.write(dir.resolve("https.conf"), List.of("[server]", "model = event", "document_root = " + root,
                "bind_address = 127.0.0.1", "[tls]", "tls_state_dir = " + dir.resolve("state"),
                "[listener.web]", "protocol = http", "port = " + tls, "tls = on", "hsts = 365d",
                "[listener.plain]", "protocol = http", "port = " + plain, "redirect_to_https = " + tls));
        try (WharfProcess w = WharfProcess.start("serve", "-c", conf.toString())) {
            w.awaitOutput("wharf ready");
            assertThat(run("curl", "-si", "http://localhost:" + plain + "/index.html?a=1"))
                    .startsWith("HTTP/1.1 301 Moved Permanently")
                    .contains("Location: https://localhost:" + tls + "/index.html?a=1\r\n");
            assertThat(run("curl", "-sSkLi", "http://localhost:" + plain + "/index.html"))
                    .contains("Strict-Transport-Security: max-age=31536000\r\n").endsWith("\r\n\r\nsecure\n");
        }
    }

    @Test
    void redisCliTlsTalksToTheKvServer() throws Exception {
        requireTool("redis-cli");
        int port = WharfProcess.freePort();
        try (WharfProcess w = WharfProcess.start("serve", "kv", "--tls", "--port", Integer.toString(port), "--model",
                "event", "--set", "tls.tls_state_dir=" + dir.resolve("state"))) {
            w.awaitOutput("ready on port " + port);
            String ca = dir.resolve("state/localhost-cert.pem").toString();
            String p = Integer.toString(port);
            assertThat(run("redis-cli", "--tls", "--cacert", ca, "-h", "localhost", "-p", p, "SET", "k", "over tls"))
                    .isEqualTo("OK\n");
            assertThat(run("redis-cli", "--tls", "--insecure", "-p", p, "GET", "k")).isEqualTo("over tls\n");
        }
    }

    /**
     * Certificate rotation under load: wrk over https (a new connection every request, so handshakes go on
     * all the time) while the certificate files are replaced: no failed request, and new handshakes present
     * the new certificate.
     */
    @Test
    void certificatesReplacedUnderLoadFailNoRequest() throws Exception {
        requireTool("wrk");
        requireTool("openssl");
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "rotating\n");
        assertThat(CliErrorsTest.run("cert", "--name", "old.test", "--out", dir.resolve("live").toString()).code()).isZero();
        assertThat(CliErrorsTest.run("cert", "--name", "new.test", "--out", dir.resolve("next").toString()).code()).isZero();
        int port = WharfProcess.freePort();
        try (WharfProcess w = WharfProcess.start("serve", "http", "--port", Integer.toString(port), "--root",
                root.toString(), "--model", "event", "--tls-cert", dir.resolve("live/cert.pem").toString(),
                "--tls-key", dir.resolve("live/key.pem").toString(), "--set", "tls.tls_watch=200ms")) {
            w.awaitOutput("ready on port " + port);
            Process wrk = new ProcessBuilder("wrk", "-t1", "-c4", "-d4s", "-H", "Connection: close",
                    "https://127.0.0.1:" + port + "/index.html").redirectErrorStream(true).start();
            Thread.sleep(1000); // wrk is under way: the files change in the middle of its run
            Files.copy(dir.resolve("next/key.pem"), dir.resolve("live/key.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(dir.resolve("next/cert.pem"), dir.resolve("live/cert.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(wrk.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("requests in").doesNotContain("Socket errors").doesNotContain("Non-2xx");
            w.awaitOutput("TLS certificate reloaded: CN=new.test");
            assertThat(run("openssl", "s_client", "-connect", "127.0.0.1:" + port)).contains("CN = new.test")
                    .doesNotContain("CN = old.test");
        }
    }

    /** Echo, chat (where the model can run it) and HTTP, all with tls = on, in one process per model. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iterative", "thread", "virtual", "pool", "event", "reactor", "process", "prefork"})
    void everyProtocolOverTlsUnderEveryModel(String model) throws Exception {
        requireTool("curl");
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "web over tls\n");
        boolean chat = !List.of("iterative", "process", "prefork").contains(model); // chat shares state
        int echo = WharfProcess.freePort();
        int web = WharfProcess.freePort();
        int talk = WharfProcess.freePort();
        List<String> conf = new ArrayList<>(List.of("[server]", "model = " + model, "bind_address = 127.0.0.1",
                "workers = 2", "drain_timeout = 2s", "[tls]", "tls_state_dir = " + dir.resolve("state"),
                "[listener.echo]", "protocol = echo", "port = " + echo, "tls = on",
                "[listener.web]", "protocol = http", "port = " + web, "document_root = " + root, "tls = on"));
        if (chat) {
            conf.addAll(List.of("[listener.talk]", "protocol = chat", "port = " + talk, "database = off", "tls = on"));
        }
        Path file = Files.write(dir.resolve("tls.conf"), conf);
        try (WharfProcess w = WharfProcess.start("serve", "-c", file.toString())) {
            w.awaitOutput("ready");
            SSLContext trust = Trusting.pem(dir.resolve("state/localhost-cert.pem"));
            try (SSLSocket s = connect(trust, echo)) {
                BufferedReader in = reader(s);
                assertThat(in.readLine()).startsWith("Welcome to Echo Server!");
                s.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("Echo #1: hi");
            }
            assertThat(run("curl", "-sS", "--cacert", dir.resolve("state/localhost-cert.pem").toString(),
                    "https://localhost:" + web + "/")).isEqualTo("web over tls\n");
            if (chat) {
                try (SSLSocket s = connect(trust, talk)) {
                    assertThat(reader(s).readLine()).isNotEmpty();
                }
            }
            w.signal("TERM");
            assertThat(w.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    private static SSLSocket connect(SSLContext trust, int port) throws Exception {
        SSLSocket s = (SSLSocket) trust.getSocketFactory().createSocket("localhost", port);
        s.setSoTimeout(20_000);
        s.startHandshake();
        return s;
    }

    private static BufferedReader reader(SSLSocket s) throws Exception {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void requireTool(String tool) {
        boolean found = java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(p -> Files.isExecutable(Path.of(p, tool)));
        Assumptions.assumeTrue(found, tool + " is not installed (apt-get install " + tool + "): skipping");
    }

    /** Output of a command that must succeed; stdin is closed at once (s_client then says Q and leaves). */
    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (!cmd[0].equals("openssl")) {
            assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        }
        return out;
    }

    private static int exit(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
