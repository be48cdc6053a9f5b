package io.wharf.balance;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ServiceContext;
import io.wharf.core.stats.ServerStats;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Real wharf servers on 127.0.0.1 and ephemeral ports: backends serving any handler, and a balancer in front
 * of them configured as server.conf would ({@code section.key=value} overrides).
 */
final class BalanceRig implements AutoCloseable {

    private final List<Server> backends = new ArrayList<>();
    private Server balancer;
    private BalanceService service;

    /** Starts {@code n} backends under {@code event}, each serving {@code handlers}. */
    BalanceRig backends(int n, HandlerFactory handlers) throws Exception {
        for (int i = 0; i < n; i++) {
            backends.add(Server.start(ServerSettings.defaults(0, Model.EVENT).withBindAddress("127.0.0.1"), handlers));
        }
        return this;
    }

    Server backend(int i) {
        return backends.get(i);
    }

    /** {@code host:port} of every backend, comma-separated, with {@code weights} if given. */
    String backendList(int... weights) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            String s = "127.0.0.1:" + backends.get(i).localAddress().getPort();
            out.add(weights.length > i && weights[i] != 1 ? s + " weight=" + weights[i] : s);
        }
        return String.join(", ", out);
    }

    /** Starts the balancer under {@code model}; {@code balance.backends} defaults to {@link #backendList}. */
    BalanceRig balancer(Model model, String... settings) throws Exception {
        List<String> all = new ArrayList<>(List.of(settings));
        if (all.stream().noneMatch(s -> s.startsWith("balance.backends="))) {
            all.add("balance.backends=" + backendList());
        }
        Config config = config(all.toArray(String[]::new));
        ServerSettings ss = CoreKeys.settings(config, 0).withPort(0).withBindAddress("127.0.0.1").withModel(model);
        ServerStats stats = new ServerStats();
        service = (BalanceService) new BalanceProtocol().start(new ServiceContext("lb", config, stats, HostView.NONE));
        balancer = Server.start(ss, service, stats);
        return this;
    }

    static Config config(String... settings) throws Exception {
        ConfigSchema schema = CoreKeys.schema().withProtocol("balance", new BalanceProtocol().configKeys());
        return override(schema, Config.defaults(schema), settings);
    }

    /** {@code config} with {@code section.key=value} {@code settings} of {@code schema} applied, as server.conf would. */
    static Config override(ConfigSchema schema, Config config, String... settings) throws Exception {
        for (String s : settings) {
            int dot = s.indexOf('.');
            int eq = s.indexOf('=');
            ConfigKey<?> key = schema.find(s.substring(0, dot), s.substring(dot + 1, eq)).orElseThrow();
            config = config.override(key, s.substring(eq + 1), "test");
        }
        return config;
    }

    InetSocketAddress address() {
        return balancer.localAddress();
    }

    Server server() {
        return balancer;
    }

    BalanceService service() {
        return service;
    }

    /** Connections each backend has accepted so far, in backend order. */
    List<Long> accepted() {
        return backends.stream().map(b -> b.stats().snapshot().totalConnections()).collect(Collectors.toList());
    }

    @Override
    public void close() {
        if (balancer != null) {
            balancer.close();
        }
        backends.forEach(Server::close);
    }
}
