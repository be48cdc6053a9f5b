package io.wharf.balance;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ServiceContext;
import io.wharf.core.stats.ServerStats;
import io.wharf.http.server.HttpKeys;
import io.wharf.http.server.HttpProtocol;

import java.nio.file.Path;

/** The handlers of a real wharf HTTP file server serving {@code root}, for backends in tests. */
final class HttpBackends {

    private HttpBackends() {
    }

    static HandlerFactory handlers(Path root) throws Exception {
        HttpProtocol http = new HttpProtocol();
        ConfigSchema schema = CoreKeys.schema().withProtocol("http", http.configKeys());
        Config config = Config.defaults(schema).override(HttpKeys.DOCUMENT_ROOT, root.toString(), "test");
        return http.start(new ServiceContext("web", config, new ServerStats(), HostView.NONE)).handlers();
    }
}
