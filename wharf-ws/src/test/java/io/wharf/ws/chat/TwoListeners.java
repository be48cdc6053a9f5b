package io.wharf.ws.chat;

import io.wharf.chat.ChatProtocol;
import io.wharf.chat.line.LineChat;
import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.stats.ServerStats;
import io.wharf.ws.WsTestServer;

import java.util.ArrayList;
import java.util.List;

/**
 * A telnet chat listener and an HTTP listener with the browser chat at {@code /chat}, in this JVM, on the same
 * chat database, so they share one hub as the two listeners of {@code conf/chat-web.conf} do.
 */
final class TwoListeners implements AutoCloseable {

    final Server telnet;
    final WsTestServer web;

    private TwoListeners(Server telnet, WsTestServer web) {
        this.telnet = telnet;
        this.web = web;
    }

    static TwoListeners start(Model model, String database, String... settings) throws Exception {
        return start(model, 0, 0, database, settings);
    }

    /** On fixed ports (0: any), so that a restarted pair is found where its clients left it. */
    static TwoListeners start(Model model, int telnetPort, int webPort, String database, String... settings)
            throws Exception {
        List<String> all = new ArrayList<>(List.of("websocket.ws_chat_path=/chat", "chat.database=" + database,
                "chat.password_iterations=1000", "chat.admins=root"));
        all.addAll(List.of(settings));
        String[] s = all.toArray(String[]::new);
        Config config = WsTestServer.config(s);
        LineChat chat = ChatProtocol.start(config);
        Server telnet = Server.start(CoreKeys.settings(config, 0).withPort(telnetPort).withBindAddress("127.0.0.1")
                .withModel(model), chat, new ServerStats());
        try {
            return new TwoListeners(telnet, WsTestServer.start(model, "127.0.0.1", webPort, s));
        } catch (Exception e) {
            telnet.close();
            throw e;
        }
    }

    String chatUrl() {
        return "ws://127.0.0.1:" + web.port() + "/chat";
    }

    @Override
    public void close() {
        web.close();
        telnet.close();
    }

}
