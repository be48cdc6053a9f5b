package io.wharf.balance;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.layer.Layer;
import io.wharf.core.proxy.ProxyLayer;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;
import io.wharf.core.stats.ServerStats;
import io.wharf.http.server.HttpKeys;
import io.wharf.http.server.HttpProtocol;

import java.nio.file.Path;

/** A real wharf HTTP file server serving {@code root}, for backends in tests. */
final class HttpBackends {

    private HttpBackends() {
    }

    static HandlerFactory handlers(Path root) throws Exception {
        HttpProtocol http = new HttpProtocol();
        ConfigSchema schema = CoreKeys.schema().withProtocol("http", http.configKeys());
        Config config = Config.defaults(schema).override(HttpKeys.DOCUMENT_ROOT, root.toString(), "test");
        return http.start(new ServiceContext("web", config, new ServerStats(), HostView.NONE)).handlers();
    }

    /**
     * {@code wharf serve http} in process, under {@code event} on 127.0.0.1: its config as server.conf would set
     * it ({@code section.key=value}, e.g. {@code server.accept_proxy=on}), its layer (PROXY input) built from it
     * as the CLI builds it.
     */
    static Server server(Path root, String... settings) throws Exception {
        HttpProtocol http = new HttpProtocol();
        ConfigSchema schema = CoreKeys.schema().withProtocol("http", http.configKeys());
        Config config = BalanceRig.override(schema,
                Config.defaults(schema).override(HttpKeys.DOCUMENT_ROOT, root.toString(), "test"), settings);
        ServerStats stats = new ServerStats();
        ProtocolService service = http.start(new ServiceContext("web", config, stats, HostView.NONE));
        Layer layer = ProxyLayer.of("web", config, Layer.NONE, stats);
        return Server.start(ServerSettings.defaults(0, Model.EVENT).withBindAddress("127.0.0.1"), service, stats,
                layer);
    }
}
