package io.wharf.cli;

import io.wharf.core.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket through the CLI as a user runs it: the shipped {@code conf/chat-web.conf} (on free ports) with a
 * telnet user and a browser-like client in one room, the echo under the multi-process models (the upgrade
 * then happens in a child process or a worker), and the chat refused where it cannot share its rooms.
 */
class WebSocketIT {

    /** Collects text messages from the JDK's WebSocket client. */
    private static final class Messages implements WebSocket.Listener {
        final BlockingQueue<String> got = new LinkedBlockingQueue<>();
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                got.add(part.toString());
                part.setLength(0);
            }
            ws.request(1);
            return null;
        }

        String until(String fragment) throws InterruptedException {
            for (;;) {
                String m = got.poll(10, TimeUnit.SECONDS);
                assertThat(m).as("a message containing " + fragment).isNotNull();
                if (m.contains(fragment)) {
                    return m;
                }
            }
        }
    }

    private static WebSocket open(int port, String path, Messages listener) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), listener).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theShippedChatWebConfServesTelnetAndBrowserUsersInOneRoom(@TempDir Path dir) throws Exception {
        int telnet = WharfProcess.freePort();
        int web = WharfProcess.freePort();
        String conf = Files.readString(Path.of("../conf/chat-web.conf"))
                .replace("port = 6667", "port = " + telnet).replace("port = 8080", "port = " + web)
                .replace("database = chat.db", "database = " + dir.resolve("chat.db"))
                .replace("document_root = conf/chat-web-htdocs", "document_root = ../conf/chat-web-htdocs");
        Path file = Files.writeString(dir.resolve("chat-web.conf"), conf);
        try (WharfProcess w = WharfProcess.start("serve", "-c", file.toString())) {
            w.awaitOutput("wharf ready:");
            Messages ann = new Messages();
            WebSocket socket = open(web, "/chat", ann);
            ann.until("\"type\":\"connected\"");
            socket.sendText("{\"type\":\"nick\",\"nick\":\"ann\"}", true).get(5, TimeUnit.SECONDS);
            ann.until("\"to\":\"ann\"");
            try (LineClient bob = LineClient.connect(new InetSocketAddress("127.0.0.1", telnet), Duration.ofSeconds(10))) {
                bob.send("/nick bob\nhello from telnet\n");
                assertThat(ann.until("hello from telnet")).contains("\"nick\":\"bob\"", "\"type\":\"message\"");
                socket.sendText("{\"type\":\"say\",\"text\":\"hello from the browser\"}", true).get(5, TimeUnit.SECONDS);
                for (String l; (l = bob.readLine()) != null; ) {
                    if (l.contains("hello from the browser")) {
                        assertThat(l).contains("ann");
                        break;
                    }
                }
            }
            var page = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + web + "/chat")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>wharf chat</title>");
            socket.abort();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"process", "prefork"})
    void theEchoUpgradesUnderTheMultiProcessModels(String model, @TempDir Path dir) throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess w = WharfProcess.start("serve", "http", "--model", model, "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--root", dir.toString())) {
            w.awaitOutput("ready on port " + port);
            Messages echo = new Messages();
            WebSocket socket = open(port, "/echo", echo);
            socket.sendText("through " + model, true).get(5, TimeUnit.SECONDS);
            assertThat(echo.until("through")).isEqualTo("through " + model);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void wharfLoadWsDrivesTheEcho(@TempDir Path dir) throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess server = WharfProcess.start("serve", "http", "--model", "event", "--port",
                Integer.toString(port), "--bind", "127.0.0.1", "--root", dir.toString())) {
            server.awaitOutput("ready on port " + port);
            try (WharfProcess load = WharfProcess.start("load", "ws", "--port", Integer.toString(port), "-c", "20",
                    "--size", "64", "--warmup", "500ms", "-d", "1s", "--json")) {
                assertThat(load.awaitExit(Duration.ofSeconds(30))).as(load.output()).isZero();
                assertThat(load.output()).contains("\"opened\":20", "\"total_failures\":0")
                        .containsPattern("\"round_trips\":[1-9]");
            }
        }
    }

    @Test
    void theChatOnHttpIsRefusedUnderTheProcessModelInOneLine(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("c.conf"), "[websocket]\nws_chat_path = /chat\n[chat]\ndatabase = off\n");
        try (WharfProcess w = WharfProcess.start("serve", "http", "-c", conf.toString(), "--model", "process",
                "--port", Integer.toString(WharfProcess.freePort()), "--root", dir.toString())) {
            assertThat(w.awaitExit(Duration.ofSeconds(30))).isNotZero();
            assertThat(w.output()).contains("http cannot run under --model process").doesNotContain("\tat ");
        }
    }
}
