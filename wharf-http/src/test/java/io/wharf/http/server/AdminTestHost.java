package io.wharf.http.server;

import io.wharf.core.Host;
import io.wharf.core.HostedListener;
import io.wharf.core.ListenerSpec;
import io.wharf.core.Model;
import io.wharf.core.ServerSettings;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;
import io.wharf.core.stats.ServerStats;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real {@link Host} on 127.0.0.1 with three listeners on ephemeral ports: {@code echo} (a trivial non-HTTP
 * protocol), {@code web} (HTTP) and {@code admin}, each under the model asked for.
 */
final class AdminTestHost implements AutoCloseable {

    static final ConfigSchema SCHEMA = CoreKeys.schema()
            .withProtocol("http", new HttpProtocol().configKeys())
            .withProtocol("admin", new AdminProtocol().configKeys());

    final Host host = new Host(1, 2);
    private final Model model;
    private final Path root;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminTestHost(Model model, Path root) throws Exception {
        this.model = model;
        this.root = root;
        host.start(java.util.List.of(echo("echo"), web(), admin()));
    }

    ListenerSpec echo(String name) {
        ProtocolService echo = ProtocolService.of(EchoHandler::new);
        return new ListenerSpec(name, "echo", settings(), echo, new ServerStats());
    }

    private ListenerSpec web() throws Exception {
        Config config = Config.defaults(SCHEMA).override(HttpKeys.DOCUMENT_ROOT, root.toString(), "test");
        ServerStats stats = new ServerStats();
        ProtocolService http = new HttpProtocol().start(new ServiceContext("web", config, stats, host));
        return new ListenerSpec("web", "http", settings(), http, stats);
    }

    private ListenerSpec admin() throws Exception {
        ServerStats stats = new ServerStats();
        ProtocolService admin = new AdminProtocol().start(new ServiceContext("admin", Config.defaults(SCHEMA), stats,
                host));
        return new ListenerSpec("admin", "admin", settings(), admin, stats);
    }

    private ServerSettings settings() {
        return ServerSettings.defaults(0, model).withBindAddress("127.0.0.1");
    }

    InetSocketAddress address(String listener) {
        HostedListener l = host.listener(listener).orElseThrow();
        return l.localAddress();
    }

    String url(String listener, String path) {
        return "http://127.0.0.1:" + address(listener).getPort() + path;
    }

    /** A GET (or any method) with java.net.http, a real client. */
    HttpResponse<String> send(String method, String listener, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(listener, path)))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", "admin", path);
    }

    @Override
    public void close() {
        host.close();
        client.close();
    }

    /** Writes back what it reads. */
    static final class EchoHandler implements Handler {
        @Override
        public void onData(Connection c, ByteBuffer data) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            c.write(copy);
        }
    }
}
