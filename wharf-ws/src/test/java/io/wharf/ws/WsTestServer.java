package io.wharf.ws;

import io.wharf.chat.ChatKeys;
import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;
import io.wharf.core.stats.ServerStats;
import io.wharf.http.server.HttpProtocol;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** A real wharf HTTP listener with the WebSocket routes, configured as server.conf would. */
public final class WsTestServer implements AutoCloseable {

    private final Server server;
    private final ServerStats stats;

    private WsTestServer(Server server, ServerStats stats) {
        this.server = server;
        this.stats = stats;
    }

    /** {@code settings} are {@code section.key=value} overrides, e.g. {@code websocket.ws_deflate=on}. */
    public static WsTestServer start(Model model, String bind, int port, String... settings) throws Exception {
        Config config = config(settings);
        ServerSettings ss = CoreKeys.settings(config, 0).withPort(port).withBindAddress(bind).withModel(model);
        ServerStats stats = new ServerStats();
        ProtocolService service = new HttpProtocol().start(new ServiceContext("web", config, stats, HostView.NONE));
        return new WsTestServer(Server.start(ss, service, stats), stats);
    }

    public static WsTestServer start(Model model, String... settings) throws Exception {
        return start(model, "127.0.0.1", 0, settings);
    }

    public static Config config(String... settings) throws ConfigException {
        ConfigSchema schema = CoreKeys.schema().withProtocol("http", new HttpProtocol().configKeys())
                .withProtocol("chat", ChatKeys.ALL);
        Config config = Config.defaults(schema).override(io.wharf.http.server.HttpKeys.DOCUMENT_ROOT,
                Path.of(System.getProperty("java.io.tmpdir")).toString(), "test");
        for (String s : settings) {
            int dot = s.indexOf('.');
            int eq = s.indexOf('=');
            ConfigKey<?> key = schema.find(s.substring(0, dot), s.substring(dot + 1, eq)).orElseThrow();
            config = config.override(key, s.substring(eq + 1), "test");
        }
        return config;
    }

    public InetSocketAddress address() {
        return server.localAddress();
    }

    /** The listener's counters: closes by reason, the outbox peak, connections paused now. */
    public ServerStats stats() {
        return stats;
    }

    public int port() {
        return address().getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
