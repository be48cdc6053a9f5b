package io.wharf.http.spi;

import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.spi.Need;
import io.wharf.core.spi.ServiceContext;

import java.util.List;
import java.util.Set;

/**
 * Routes another module mounts on every HTTP listener: the WebSocket endpoints ({@code /echo}, {@code /chat})
 * and what goes with them. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.wharf.http.spi.HttpExtension}), so the HTTP server depends on no protocol that
 * rides on it: it asks its mounts first for a request's path, then serves files.
 *
 * <p>Threading: {@link #start} is called once per HTTP listener, from the controlling thread.
 */
public interface HttpExtension {

    /** Its config keys, served as the {@code http} protocol's own (their section is the extension's). */
    List<ConfigKey<?>> configKeys();

    /** What the listener then needs of its model (shared state for a chat), given its config. */
    default Set<Need> needs(Config config) {
        return Set.of();
    }

    /** Its routes for one HTTP listener, configured by that listener's config. */
    Mount start(ServiceContext context) throws StartupException;
}
