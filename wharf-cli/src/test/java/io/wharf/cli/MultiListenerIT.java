package io.wharf.cli;

import io.wharf.core.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One process, several listeners from one config, as a user runs it: serve, reload, fail, drain. */
class MultiListenerIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesEveryListenerAddsAndRemovesThemOnSighupAndDrainsThemAll(@TempDir Path dir) throws Exception {
        int web = WharfProcess.freePort();
        int chat = WharfProcess.freePort();
        int echo = WharfProcess.freePort();
        int added = WharfProcess.freePort();
        int admin = WharfProcess.freePort();
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello from web\n");
        List<String> base = List.of(
                "[server]", "model = reactor", "bind_address = 127.0.0.1", "drain_timeout = 10s",
                "[listener.web]", "protocol = http", "port = " + web, "document_root = " + www,
                "[listener.chat]", "protocol = chat", "port = " + chat, "database = off",
                "[listener.echo]", "protocol = echo", "port = " + echo, "model = event",
                "[listener.admin]", "protocol = admin", "port = " + admin);
        Path conf = Files.write(dir.resolve("multi.conf"), base);
        try (WharfProcess w = WharfProcess.start("serve", "-c", conf.toString(), "--stats-interval", "1")) {
            w.awaitOutput("wharf ready:");
                assertThat(w.output()).contains("web (http, reactor) on port " + web, "chat (chat, reactor) on port " + chat,
                    "echo (echo, event) on port " + echo, "admin (admin, reactor) on port " + admin);
            assertThat(get(web, "/")).isEqualTo("hello from web\n");
            try (LineClient e = LineClient.connect(new InetSocketAddress("127.0.0.1", echo))) {
                assertThat(e.readLine()).startsWith("Welcome to Echo Server!");
                e.send("hi\n");
                assertThat(e.readLine()).isEqualTo("Echo #1: hi");
            }
            try (LineClient c = LineClient.connect(new InetSocketAddress("127.0.0.1", chat))) {
                assertThat(c.readLine()).isNotEmpty();
            }
            String metrics = get(admin, "/metrics");
            for (String l : List.of("web", "chat", "echo", "admin")) {
                assertThat(metrics).contains("listener=\"" + l + "\"");
            }
            assertThat(metrics).contains("jvm_memory_used_bytes");
            assertThat(get(admin, "/health")).contains("\"status\":\"ok\"");
            w.awaitOutput("stats listener=echo model=event");
            w.awaitOutput("stats listener=web model=reactor");
            assertThat(w.output()).containsPattern("conn#\\d+ open 127\\.0\\.0\\.1:\\d+ on echo");

            // a fifth listener, and the echo's limit changed live
            List<String> more = new java.util.ArrayList<>(base);
            more.add(more.indexOf("model = event") + 1, "max_connections = 7");
            more.addAll(List.of("[listener.more]", "protocol = echo", "port = " + added, "raw = true"));
            Files.write(conf, more);
            w.signal("HUP");
            w.awaitOutput("reload: added listener more (echo) on port " + added);
            await().untilAsserted(() -> assertThat(get(admin, "/metrics")).contains("listener=\"more\""));
            assertThat(w.output()).contains("reload: [listener.echo] max_connections = 7 (applied)");
            try (LineClient m = LineClient.connect(new InetSocketAddress("127.0.0.1", added))) {
                m.send("raw bytes\n");
                assertThat(m.readLine()).isEqualTo("raw bytes");
            }

            // and gone again: its port closes; the others serve on
            Files.write(conf, base);
            w.signal("HUP");
            w.awaitOutput("reload: removing listener more");
            await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(added));
            assertThat(get(web, "/")).isEqualTo("hello from web\n");
            assertThat(get(admin, "/metrics")).doesNotContain("listener=\"more\"");

            w.signal("TERM");
            assertThat(w.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(w.output()).contains("web: stopped", "chat: stopped", "echo: stopped", "all connections finished");
        }
    }

    @Test
    void httpsAdminPortIsAnAdminListenerBesideIt(@TempDir Path dir) throws Exception {
        int web = WharfProcess.freePort();
        int admin = WharfProcess.freePort();
        Files.writeString(dir.resolve("index.html"), "home\n");
        try (WharfProcess w = WharfProcess.start("serve", "http", "--port", "" + web, "--bind", "127.0.0.1",
                "--root", dir.toString(), "--set", "http.admin_port=" + admin)) {
            w.awaitOutput("ready on port " + web);
            assertThat(get(web, "/")).isEqualTo("home\n");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(get(admin, "/health")).contains("\"status\":\"ok\"");
            assertThat(get(admin, "/metrics")).contains("listener=\"http\"", "listener=\"admin\"");
            assertThat(w.output()).contains("admin: admin listening on 127.0.0.1:" + admin + " (event model");
        }
    }

    @Test
    void aListenerThatCannotBindStopsTheStartWithItsLine(@TempDir Path dir) throws Exception {
        int free = WharfProcess.freePort();
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Path conf = Files.write(dir.resolve("multi.conf"), List.of(
                    "[server]", "bind_address = 127.0.0.1",
                    "[listener.first]", "protocol = echo", "port = " + free,
                    "[listener.second]", "protocol = echo", "port = " + taken.getLocalPort()));
            try (WharfProcess w = WharfProcess.start("serve", "-c", conf.toString())) {
                assertThat(w.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
                assertThat(w.output()).contains("wharf: " + conf + ":8: [listener.second] port " + taken.getLocalPort()
                        + " is already in use on 127.0.0.1");
                assertThat(w.output()).doesNotContain("Exception", "\tat ");
            }
        }
    }

    @Test
    void flagsThatNameOneAddressAreRefusedForAConfigOfListeners(@TempDir Path dir) throws Exception {
        Path conf = Files.write(dir.resolve("multi.conf"), List.of("[listener.a]", "protocol = echo", "port = 1234"));
        try (WharfProcess w = WharfProcess.start("serve", "-c", conf.toString(), "--port", "9000")) {
            assertThat(w.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(w.output()).contains("--port: " + conf + " has [listener.NAME] sections")
                    .contains("--set listener.NAME.port=N");
        }
        try (WharfProcess w = WharfProcess.start("serve", "echo", "-c", conf.toString())) {
            assertThat(w.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(w.output()).contains("has [listener.NAME] sections, which name their protocols");
        }
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
