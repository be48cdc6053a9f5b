package io.wharf.kv;

import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.Model;
import io.wharf.core.stats.ServerStats;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.InetSocketAddress;

/**
 * A kv server on a free loopback port under the model a test names, stopped after each test (after the test's own
 * {@code @AfterEach}, so its clients close first). Register with {@code @RegisterExtension}.
 *
 * <p>Threading: used from the test's thread.
 */
final class KvTestServer implements AfterEachCallback {

    private Server server;
    private KvService service;

    /** Starts a server with the default settings; returns its address. */
    InetSocketAddress start(Model model) throws Exception {
        return start(model, KvSettings.DEFAULTS);
    }

    InetSocketAddress start(Model model, KvSettings settings) throws Exception {
        service = new KvService(settings);
        server = Server.start(ServerSettings.defaults(0, model).withBindAddress("127.0.0.1"), service, new ServerStats());
        service.state().tcpPort(server.localAddress().getPort());
        return server.localAddress();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
        if (service != null) {
            service.shutdown();
            service = null;
        }
    }
}
