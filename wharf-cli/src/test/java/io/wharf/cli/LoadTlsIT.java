package io.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.cli.CliErrorsTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wharf load --tls} against real wharf servers started with {@code tls = on} and their self-signed
 * development certificate: every target (echo, echo-raw, http with and without keep-alive, chat, kv, a scenario
 * with {@code target.tls: true}) runs with no failure when the certificate is trusted through {@code --ca} or
 * {@code --insecure}; without either, one line and exit 2 say the certificate is not trusted.
 */
class LoadTlsIT {

    @TempDir
    static Path dir;
    private static WharfProcess servers;
    private static WharfProcess kv;
    private static int echo;
    private static int raw;
    private static int web;
    private static int talk;
    private static int redis;
    private static String ca;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "web over tls\n");
        echo = WharfProcess.freePort();
        raw = WharfProcess.freePort();
        web = WharfProcess.freePort();
        talk = WharfProcess.freePort();
        redis = WharfProcess.freePort();
        Path conf = Files.write(dir.resolve("tls.conf"), List.of("[server]", "model = reactor",
                "bind_address = 127.0.0.1", "drain_timeout = 2s", "[tls]", "tls_state_dir = " + dir.resolve("state"),
                "[listener.echo]", "protocol = echo", "port = " + echo, "tls = on",
                "[listener.raw]", "protocol = echo", "port = " + raw, "raw = true", "tls = on",
                "[listener.web]", "protocol = http", "port = " + web, "document_root = " + root, "tls = on",
                "[listener.talk]", "protocol = chat", "port = " + talk, "database = off", "tls = on"));
        servers = WharfProcess.start("serve", "-c", conf.toString());
        servers.awaitOutput("ready");
        kv = WharfProcess.start("serve", "kv", "--tls", "--port", Integer.toString(redis), "--model", "event",
                "--set", "tls.tls_state_dir=" + dir.resolve("state"));
        kv.awaitOutput("ready on port " + redis);
        ca = dir.resolve("state/localhost-cert.pem").toString();
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
        if (kv != null) {
            kv.close();
        }
    }

    private static Result load(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("load"));
        all.addAll(List.of(args));
        return CliErrorsTest.run(all.toArray(String[]::new));
    }

    private static void clean(Result r) {
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("over TLS", "failures  none", "(connect + TLS handshake)");
    }

    @Test
    void echoAndEchoRawOverTlsWithTheDevCertificateAsCa() {
        clean(load("echo", "--port", Integer.toString(echo), "--ca", ca, "-c", "4", "-n", "400", "--warmup", "0s"));
        clean(load("echo-raw", "--port", Integer.toString(raw), "--tls", "--insecure", "-c", "4", "--size", "2000",
                "-n", "400", "--warmup", "0s"));
    }

    @Test
    void httpKeepAliveAndAHandshakePerRequest() {
        Result keepAlive = load("http", "--port", Integer.toString(web), "--host", "localhost", "--ca", ca, "-c", "4",
                "-n", "400", "--warmup", "0s");
        clean(keepAlive);
        assertThat(keepAlive.out()).contains("connect   4 opened");

        Result perRequest = load("http", "--port", Integer.toString(web), "--insecure", "--no-keepalive", "-c", "2",
                "-n", "100", "--warmup", "0s");
        clean(perRequest);
        assertThat(perRequest.out()).contains("new connection per request").containsPattern(
                "tls +\\d+ handshakes in the window: [\\d,]+ handshakes/s");
        assertThat(perRequest.out()).containsPattern("connect   (1\\d\\d) opened"); // one per request, at least 100
    }

    @Test
    void chatOverTls() {
        Result r = load("chat", "--port", Integer.toString(talk), "--ca", ca, "-c", "6", "--rooms", "2", "--rate",
                "2", "-d", "1s", "--warmup", "0s");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("over TLS", "0 lost, 0 duplicated", "(connect + TLS handshake)");
    }

    @Test
    void kvOverTls() {
        Result r = load("kv", "--port", Integer.toString(redis), "--ca", ca, "-c", "2", "-n", "200", "--warmup", "0s");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Result untrusted = load("kv", "--port", Integer.toString(redis), "--tls", "-c", "1", "-n", "10");
        assertThat(untrusted.code()).isEqualTo(2);
        assertThat(untrusted.err()).contains("certificate is not trusted");
    }

    @Test
    void aSelfSignedCertificateNeedsInsecureOrCa() {
        for (String target : List.of("echo", "http")) {
            int port = target.equals("echo") ? echo : web;
            Result r = load(target, "--tls", "--port", Integer.toString(port), "-n", "10");
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("TLS handshake with 127.0.0.1:" + port + " failed: the server's certificate "
                    + "is not trusted", "--ca FILE", "--insecure").doesNotContain("Exception:", "\tat ");
            assertThat(r.out()).isEmpty();
        }
        Result wrongName = load("echo", "--port", Integer.toString(echo), "--ca", ca, "--sni", "example.com", "-n",
                "10");
        assertThat(wrongName.code()).isEqualTo(2);
        assertThat(wrongName.err()).contains("does not name the host");
        Result noFile = load("echo", "--ca", dir.resolve("missing.pem").toString());
        assertThat(noFile.code()).isEqualTo(2);
        assertThat(noFile.err()).contains("--ca: cannot read " + dir.resolve("missing.pem") + ": no such file");
    }

    @Test
    void aScenarioWithTargetTls() throws Exception {
        Path file = Files.writeString(dir.resolve("tls.yaml"), String.join("\n",
                "name: https",
                "target: {protocol: http, port: " + web + ", tls: true, ca: state/localhost-cert.pem}",
                "load: {connections: 2}",
                "stages:",
                "  - {duration: 1s, rate: 50}",
                "requests:",
                "  - {path: /index.html}",
                ""));
        Result r = load("run", file.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("over TLS");

        Files.writeString(file, "target: {protocol: http, port: " + web + ", insecure: true}\nstages:\n"
                + "  - {duration: 1s, rate: 5}\n");
        Result notTls = load("run", file.toString());
        assertThat(notTls.code()).isEqualTo(2);
        assertThat(notTls.err()).contains("target.insecure: insecure is a TLS setting: add tls: true");
    }
}
