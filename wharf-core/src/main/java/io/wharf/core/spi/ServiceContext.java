package io.wharf.core.spi;

import io.wharf.core.config.Config;
import io.wharf.core.stats.ServerStats;

/**
 * What a {@link Protocol} is given to start a service on one listener.
 *
 * @param listener the listener's name ({@code web} for {@code [listener.web]}; the protocol's name for the one
 *                 listener of {@code wharf serve <protocol>})
 * @param config   the listener's resolved config: the file's sections with the listener's own keys over them
 * @param stats    the listener's stats, for protocols that publish them
 * @param host     every listener of this process, for admin endpoints; read it when asked, not at start
 */
public record ServiceContext(String listener, Config config, ServerStats stats, HostView host) {
}
