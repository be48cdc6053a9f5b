package io.wharf.ws.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.core.Model;
import io.wharf.core.testing.LineClient;
import io.wharf.ws.JdkWsClient;
import io.wharf.ws.RawWsClient;
import io.wharf.ws.codec.CloseCodes;
import io.wharf.ws.codec.Opcode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat over WebSocket and JSON, in the same rooms as telnet users: one process, two listeners, one hub.
 */
class WebChatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String message) throws Exception {
        assertThat(message).startsWith("text:");
        return JSON.readTree(message.substring("text:".length()));
    }

    /** Lines from a telnet user until one satisfies {@code p}. */
    private static String line(LineClient c, java.util.function.Predicate<String> p) throws Exception {
        for (;;) {
            String l = c.readLine();
            assertThat(l).as("the telnet user's next line").isNotNull();
            if (p.test(l)) {
                return l;
            }
        }
    }

    private static java.util.function.Predicate<String> type(String type) {
        return m -> m.startsWith("text:") && m.contains("\"type\":\"" + type + "\"");
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL"})
    void webAndTelnetUsersTalkInOneRoomAndPrivateMessagesReachOnlyTheirTarget(Model model) throws Exception {
        try (TwoListeners chat = TwoListeners.start(model, ":memory:");
             JdkWsClient ann = JdkWsClient.connect(URI.create(chat.chatUrl()), "wharf-chat.v1");
             JdkWsClient cat = JdkWsClient.connect(URI.create(chat.chatUrl()));
             LineClient bob = LineClient.connect(chat.telnet.localAddress(), Duration.ofSeconds(5))) {
            assertThat(ann.socket().getSubprotocol()).isEqualTo("wharf-chat.v1");
            ann.until(type("connected"));
            cat.until(type("connected"));
            ann.sendText("{\"type\":\"nick\",\"nick\":\"ann\"}");
            ann.until(m -> m.contains("\"type\":\"nick\"") && m.contains("\"to\":\"ann\""));
            cat.sendText("{\"type\":\"nick\",\"nick\":\"cat\"}");
            cat.until(m -> m.contains("\"type\":\"nick\"") && m.contains("\"to\":\"cat\""));
            bob.send("/nick bob\n");
            ann.until(m -> m.contains("\"type\":\"nick\"") && m.contains("\"to\":\"bob\""));

            ann.sendText("{\"type\":\"say\",\"text\":\"hi from the browser\"}");
            JsonNode said = json(cat.until(type("message")));
            assertThat(said.get("nick").asText()).isEqualTo("ann");
            assertThat(said.get("text").asText()).isEqualTo("hi from the browser");
            assertThat(said.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(line(bob, l -> l.contains("hi from the browser"))).contains("ann");

            bob.send("hello from telnet\n");
            JsonNode back = json(ann.until(m -> type("message").test(m) && m.contains("hello from telnet")));
            assertThat(back.get("nick").asText()).isEqualTo("bob");

            ann.sendText("{\"type\":\"msg\",\"to\":\"bob\",\"text\":\"psst, bob\"}");
            assertThat(line(bob, l -> l.contains("psst"))).contains("ann -> bob");
            cat.sendText("{\"type\":\"say\",\"text\":\"after the secret\"}");
            String next = cat.until(m -> m.contains("after the secret") || m.contains("psst"));
            assertThat(next).as("cat never sees the private message").contains("after the secret");
        }
    }

    @Test
    void badRequestsAreAnsweredWithAnErrorNamingWhatIsWrong() throws Exception {
        try (TwoListeners chat = TwoListeners.start(Model.EVENT, ":memory:");
             JdkWsClient ann = JdkWsClient.connect(URI.create(chat.chatUrl()))) {
            ann.until(type("connected"));
            ann.sendText("not json");
            assertThat(json(ann.until(type("error"))).get("message").asText()).startsWith("not JSON");
            ann.sendText("{\"type\":\"fly\"}");
            assertThat(json(ann.until(type("error"))).get("message").asText()).contains("unknown request type \"fly\"");
            ann.sendText("{\"type\":\"msg\",\"to\":\"x\"}");
            assertThat(json(ann.until(type("error"))).get("message").asText()).contains("\"text\"");
            ann.sendText("{\"type\":\"join\",\"room\":\"a b c\"}");
            assertThat(json(ann.until(type("error"))).get("reason").asText()).isEqualTo("ROOM_INVALID");
            ann.sendText("{\"type\":\"say\",\"text\":\"" + "x".repeat(5000) + "\"}"); // over max_line, 4 KiB
            assertThat(json(ann.until(type("error"))).get("reason").asText()).isEqualTo("TOO_LONG");
        }
    }

    @Test
    void quittingClosesWith1000AndWaitsBoundedForThePeersClose() throws Exception {
        try (TwoListeners chat = TwoListeners.start(Model.EVENT, ":memory:", "websocket.ws_close_timeout=300ms");
             RawWsClient c = RawWsClient.connect(chat.web.address())) {
            assertThat(c.handshake("/chat")).startsWith("HTTP/1.1 101 ");
            c.sendText("{\"type\":\"quit\"}");
            RawWsClient.Received f;
            do {
                f = c.next();
            } while (f != null && f.opcode() != Opcode.CLOSE);
            assertThat(f).isNotNull();
            assertThat(f.closeCode()).isEqualTo(CloseCodes.NORMAL);
            assertThat(c.awaitEnd()).as("closed by the server though we never answered").isTrue();
        }
    }

    @Test
    void aLoggedInUserSeesWhatWasSaidWhileAway(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String db = dir.resolve("chat.db").toString();
        try (TwoListeners chat = TwoListeners.start(Model.EVENT, db)) {
            try (JdkWsClient ann = JdkWsClient.connect(URI.create(chat.chatUrl()))) {
                ann.until(type("connected"));
                ann.sendText("{\"type\":\"register\",\"name\":\"ann\",\"password\":\"secret pw\"}");
                ann.until(type("registered"));
                ann.sendText("{\"type\":\"join\",\"room\":\"dev\"}");
                ann.until(m -> type("current").test(m) && m.contains("dev"));
            }
            try (LineClient bob = LineClient.connect(chat.telnet.localAddress(), Duration.ofSeconds(5))) {
                bob.send("/join dev\n");
                // ann's leaving is handled on the hub's thread: speak once she is gone, or she was still there to hear it
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                    bob.send("/who\n");
                    return !line(bob, l -> l.contains("in dev (")).contains("ann");
                });
                bob.send("said while ann was away\n");
                line(bob, l -> l.contains("said while ann was away"));
            }
            try (JdkWsClient ann = JdkWsClient.connect(URI.create(chat.chatUrl()))) {
                ann.until(type("connected"));
                ann.sendText("{\"type\":\"login\",\"name\":\"ann\",\"password\":\"secret pw\"}");
                ann.until(type("loggedIn"));
                JsonNode missed = json(ann.until(m -> type("history").test(m) && m.contains("\"replay\":\"missed\"")));
                assertThat(missed.get("messages").toString()).contains("said while ann was away");
            }
        }
    }

    @Test
    void thePageIsServedAtTheChatPath() throws Exception {
        try (TwoListeners chat = TwoListeners.start(Model.EVENT, ":memory:")) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + chat.web.port();
            var page = http.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/chat")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("data-socket=\"/chat\"").contains("/chat/app.js");
            var js = http.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/chat/app.js")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        }
    }
}
