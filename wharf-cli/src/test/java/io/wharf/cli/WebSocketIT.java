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
import static org.awaitility.Awaitility.await;

/**
 * WebSocket through the CLI as a user runs it: the shipped {@code conf/chat-web.conf} (on free ports) with a
 * telnet user and a browser-like client in one room, {@code wharf load ws chat} in rooms a telnet user shares, the
 * echo under the multi-process models (the upgrade then happens in a child process or a worker), load scenarios
 * with the WebSocket targets, and the chat refused where it cannot share its rooms.
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

    /** The shipped {@code conf/chat-web.conf} on these ports, its database in {@code dir}. */
    private static Path chatWebConf(Path dir, int telnet, int web) throws java.io.IOException {
        String conf = Files.readString(Path.of("../conf/chat-web.conf"))
                .replace("port = 6667", "port = " + telnet).replace("port = 8080", "port = " + web)
                .replace("database = chat.db", "database = " + dir.resolve("chat.db"))
                .replace("document_root = conf/chat-web-htdocs", "document_root = ../conf/chat-web-htdocs");
        return Files.writeString(dir.resolve("chat-web.conf"), conf);
    }

    @Test
    void theShippedChatWebConfServesTelnetAndBrowserUsersInOneRoom(@TempDir Path dir) throws Exception {
        int telnet = WharfProcess.freePort();
        int web = WharfProcess.freePort();
        Path file = chatWebConf(dir, telnet, web);
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

    /**
     * {@code wharf load ws chat} against the shipped config: its clients join and talk over the browser chat's
     * WebSocket, every message reaches every member once, and a telnet user who joins one of the run's rooms
     * (found with {@code /rooms}) reads the load's messages there.
     */
    @Test
    void wharfLoadWsChatTalksInRoomsTelnetUsersShare(@TempDir Path dir) throws Exception {
        int telnet = WharfProcess.freePort();
        int web = WharfProcess.freePort();
        try (WharfProcess w = WharfProcess.start("serve", "-c", chatWebConf(dir, telnet, web).toString())) {
            w.awaitOutput("wharf ready:");
            try (WharfProcess load = WharfProcess.start("load", "ws", "chat", "--port", Integer.toString(web),
                    "-c", "20", "--rooms", "2", "--rate", "2", "--warmup", "500ms", "-d", "4s", "--json");
                 LineClient bob = LineClient.connect(new InetSocketAddress("127.0.0.1", telnet), Duration.ofSeconds(10))) {
                bob.send("/nick bob\n");
                String[] room = new String[1];
                await().atMost(Duration.ofSeconds(30)).until(() -> (room[0] = loadRoom(bob)) != null);
                bob.send("/join " + room[0] + "\n");
                String token = room[0].substring(0, room[0].indexOf('-'));
                String heard = null;
                for (String l; heard == null && (l = bob.readLine()) != null; ) {
                    if (l.contains("[" + room[0] + "] " + token + "-") && l.contains(": wl:" + token + " ")) {
                        heard = l;
                    }
                }
                assertThat(heard).as("a load message read by the telnet user").isNotNull();
                assertThat(load.awaitExit(Duration.ofSeconds(60))).as(load.output()).isZero();
                assertThat(load.output()).contains("\"target\" : \"ws-chat\"", "\"joined\" : 20",
                        "\"lost\" : 0", "\"total_failures\" : 0").containsPattern("\"deliveries\" : [1-9]");
            }
        }
    }

    /**
     * {@code wharf load run} with the WebSocket targets against the shipped chat config: a staged echo scenario at
     * {@code /echo} (a mix of sizes, every echo checked) and a chat scenario over {@code /chat}, both passing
     * {@code errors == 0} with replies measured; a bad {@code target.path} is one line naming file, line and key.
     */
    @Test
    void scenariosRunTheWebSocketEchoAndTheChatOverWebSocket(@TempDir Path dir) throws Exception {
        int telnet = WharfProcess.freePort();
        int web = WharfProcess.freePort();
        Path echo = Files.writeString(dir.resolve("ws.yaml"), "target: {protocol: ws, port: " + web + "}\n"
                + "load: {connections: 10}\n"
                + "stages:\n  - {name: up, duration: 1s, from: 50, rate: 200}\n  - {name: hold, duration: 1s, rate: 200}\n"
                + "requests:\n  - {size: 64, weight: 3}\n  - {size: 70000}\n"
                + "thresholds:\n  - errors == 0\n  - stage: hold\n    check: [rate >= 100/s]\n");
        Path chat = Files.writeString(dir.resolve("ws-chat.yaml"), "target: {protocol: ws-chat, port: " + web
                + ", rooms: 2}\nload: {connections: 10}\nstages:\n  - {duration: 2s, rate: 10}\n"
                + "thresholds:\n  - errors == 0\n");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "target:\n  protocol: ws\n  path: echo\n"
                + "stages:\n  - {duration: 1s, rate: 1}\n");
        try (WharfProcess w = WharfProcess.start("serve", "-c", chatWebConf(dir, telnet, web).toString())) {
            w.awaitOutput("wharf ready:");
            try (WharfProcess run = WharfProcess.start("load", "run", echo.toString())) {
                assertThat(run.awaitExit(Duration.ofSeconds(60))).as(run.output()).isZero();
                assertThat(run.output()).contains("ws 127.0.0.1:" + web, "pass  errors == 0 (overall): measured 0")
                        .contains("pass  rate >= 100/s (stage 'hold'): measured ");
            }
            try (WharfProcess run = WharfProcess.start("load", "run", chat.toString())) {
                assertThat(run.awaitExit(Duration.ofSeconds(60))).as(run.output()).isZero();
                assertThat(run.output()).contains("ws-chat 127.0.0.1:" + web + "/chat",
                        "ws-chat: 10 of 10 clients joined", " 0 lost, 0 duplicated",
                        "pass  errors == 0 (overall): measured 0");
            }
            try (WharfProcess run = WharfProcess.start("load", "run", bad.toString())) {
                assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.output()).isEqualTo(2);
                assertThat(run.output().strip()).isEqualTo("wharf: " + bad + ":3: target.path: must start with / "
                        + "and hold no spaces or control characters: echo");
            }
        }
    }

    /** Asks for the room list; the first room of a load run ("wlTOKEN-0"), or null while there is none. */
    private static String loadRoom(LineClient c) throws java.io.IOException {
        c.send("/rooms\n");
        String l;
        while ((l = c.readLine()) != null && !l.startsWith("* rooms (")) {
            // notices of the load's clients arriving in and leaving the default room
        }
        int n = Integer.parseInt(l.substring("* rooms (".length(), l.indexOf(')')));
        String found = null;
        for (int i = 0; i < n; i++) {
            String name = c.readLine().substring("*   ".length()).split(" ")[0];
            if (name.matches("wl[0-9a-z]+-0")) {
                found = name;
            }
        }
        return found;
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
