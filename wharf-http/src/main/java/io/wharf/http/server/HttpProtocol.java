package io.wharf.http.server;

import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.Companion;
import io.wharf.core.spi.Need;
import io.wharf.core.spi.Protocol;
import io.wharf.core.spi.ProtocolOption;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code wharf serve http}: the static file server. */
public final class HttpProtocol implements Protocol {

    public static final int DEFAULT_PORT = 8080;

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String description() {
        return "HTTP/1.1 static file server with health, stats, metrics, access log, auth and rate limits";
    }

    @Override
    public int defaultPort() {
        return DEFAULT_PORT;
    }

    /** HTTPS: 8443, as the plain default is 8080. */
    @Override
    public int defaultTlsPort() {
        return 8443;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        List<ConfigKey<?>> keys = new ArrayList<>(HttpKeys.ALL);
        Extensions.all().forEach(e -> keys.addAll(e.configKeys()));
        return keys;
    }

    /** What the mounted extensions need (the browser chat: one process sharing its rooms). */
    @Override
    public Set<Need> needs(Config config) {
        Set<Need> needs = new HashSet<>(needs());
        Extensions.all().forEach(e -> needs.addAll(e.needs(config)));
        return needs;
    }

    @Override
    public List<ProtocolOption> options() {
        return List.of(ProtocolOption.value(HttpKeys.DOCUMENT_ROOT, "DIR", "http: document root (document_root).",
                "--root", "-r"));
    }

    /**
     * {@code admin_port}: the built-in routes on a port of their own (by default on 127.0.0.1), served by an
     * admin listener beside this one, so health checks and scrapes stay reachable, and private, whatever the
     * public port is doing.
     */
    @Override
    public List<Companion> companions(Config config) {
        int port = config.get(HttpKeys.ADMIN_PORT);
        if (port == 0) {
            return List.of();
        }
        Map<ConfigKey<?>, String> s = new LinkedHashMap<>();
        s.put(CoreKeys.PORT, Integer.toString(port));
        s.put(CoreKeys.BIND_ADDRESS, config.get(HttpKeys.ADMIN_BIND));
        s.put(CoreKeys.MODEL, "event"); // one loop is plenty for that traffic
        path(s, AdminKeys.HEALTH_PATH, config.get(HttpKeys.HEALTH_PATH));
        path(s, AdminKeys.STATS_PATH, config.get(HttpKeys.STATS_PATH));
        path(s, AdminKeys.METRICS_PATH, config.get(HttpKeys.METRICS_PATH));
        s.put(CoreKeys.ENABLE_AUTH, Boolean.toString(config.get(CoreKeys.ENABLE_AUTH)
                && config.get(HttpKeys.AUTH_BUILTINS)));
        s.put(AdminKeys.USERS_FILE, config.get(HttpKeys.USERS_FILE));
        return List.of(new Companion("admin", AdminProtocol.NAME, s));
    }

    private static void path(Map<ConfigKey<?>, String> s, ConfigKey<String> key, String value) {
        if (value != null && !value.isEmpty()) {
            s.put(key, value);
        }
    }

    /** {@code serving /abs/htdocs}: the document root, absolute, so a user sees which directory it is. */
    @Override
    public String readyNote(Config config) {
        return "serving " + config.get(HttpKeys.DOCUMENT_ROOT).toAbsolutePath().normalize();
    }

    @Override
    public ProtocolService start(ServiceContext context) throws StartupException {
        try {
            return new HttpService(context.config(), context.stats(), Extensions.start(context));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
                throw new StartupException(e.getMessage() + ": pick the directory to serve with --root DIR, or "
                        + "document_root in the config's [server] (or [listener.NAME]) section", e);
            }
            throw new StartupException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }
}
