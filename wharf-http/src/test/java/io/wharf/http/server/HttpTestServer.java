package io.wharf.http.server;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;
import io.wharf.core.stats.ServerStats;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** A real wharf HTTP server on 127.0.0.1 and an ephemeral port, configured as server.conf would. */
final class HttpTestServer implements AutoCloseable {

    private final Server server;
    private HttpTestServer(Server server) {
        this.server = server;
    }

    /** {@code settings} are {@code section.key=value} overrides, e.g. {@code http.directory_listing=true}. */
    static HttpTestServer start(Model model, Path root, String... settings) throws Exception {
        HttpProtocol protocol = new HttpProtocol();
        Config config = config(root, settings);
        ServerSettings ss = CoreKeys.settings(config, 0).withPort(0).withBindAddress("127.0.0.1").withModel(model);
        ServerStats stats = new ServerStats();
        ProtocolService service = protocol.start(new ServiceContext("web", config, stats, HostView.NONE));
        return new HttpTestServer(Server.start(ss, service, stats));
    }

    /** The config a server.conf with these {@code section.key=value} lines would give, serving {@code root}. */
    static Config config(Path root, String... settings) throws io.wharf.core.config.ConfigException {
        ConfigSchema schema = CoreKeys.schema().withProtocol("http", new HttpProtocol().configKeys())
                .withProtocol(AdminProtocol.NAME, AdminKeys.ALL);
        Config config = Config.defaults(schema).override(HttpKeys.DOCUMENT_ROOT, root.toString(), "test");
        for (String s : settings) {
            int dot = s.indexOf('.');
            int eq = s.indexOf('=');
            ConfigKey<?> key = schema.find(s.substring(0, dot), s.substring(dot + 1, eq)).orElseThrow();
            config = config.override(key, s.substring(eq + 1), "test");
        }
        return config;
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    String url(String path) {
        return "http://127.0.0.1:" + address().getPort() + path;
    }

    Server server() {
        return server;
    }

    /** One GET on a fresh connection, with extra header lines such as {@code "Range: bytes=0-9"}. */
    RawResponse get(String path, String... headers) throws java.io.IOException {
        try (RawHttpClient c = client()) {
            StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            return c.send(req.append("\r\n").toString()).read();
        }
    }

    RawHttpClient client() throws java.io.IOException {
        return new RawHttpClient(address());
    }

    @Override
    public void close() {
        server.close();
    }
}
