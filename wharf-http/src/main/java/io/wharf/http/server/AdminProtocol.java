package io.wharf.http.server;

import io.wharf.core.StartupException;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.spi.Protocol;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;

import java.util.List;

/**
 * {@code protocol = admin}: {@code /health}, {@code /stats} and {@code /metrics} of the whole process, over
 * HTTP/1.1, for every listener whatever its protocol (an echo or chat server gets a health check too).
 */
public final class AdminProtocol implements Protocol {

    public static final String NAME = "admin";
    public static final int DEFAULT_PORT = 9090;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "HTTP/1.1 /health, /stats (JSON) and /metrics (Prometheus) of every listener of the process";
    }

    /** It tells anyone who asks about the whole process: private unless a bind_address says otherwise. */
    @Override
    public String defaultBindAddress() {
        return "127.0.0.1";
    }

    @Override
    public int defaultPort() {
        return DEFAULT_PORT;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return AdminKeys.ALL;
    }

    @Override
    public ProtocolService start(ServiceContext context) throws StartupException {
        return AdminService.start(context);
    }
}
