package io.wharf.http.server;

import io.wharf.core.StartupException;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.spi.Protocol;
import io.wharf.core.spi.ProtocolOption;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;

import java.io.UncheckedIOException;
import java.util.List;

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

    @Override
    public List<ConfigKey<?>> configKeys() {
        return HttpKeys.ALL;
    }

    @Override
    public List<ProtocolOption> options() {
        return List.of(ProtocolOption.value(HttpKeys.DOCUMENT_ROOT, "DIR", "http: document root (document_root).",
                "--root", "-r"));
    }

    @Override
    public ProtocolService start(ServiceContext context) throws StartupException {
        try {
            return new HttpService(context.config(), context.stats());
        } catch (UncheckedIOException e) {
            throw new StartupException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }
}
