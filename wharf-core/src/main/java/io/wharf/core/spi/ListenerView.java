package io.wharf.core.spi;

import io.wharf.core.stats.ServerStats;

import java.net.InetSocketAddress;

/**
 * One listener of a host, as the admin endpoints report it. Threading: immutable but for the live stats.
 *
 * @param name     {@code web} for {@code [listener.web]}
 * @param protocol {@code http}, {@code chat}, ...
 * @param model    the model serving it ({@code event}, ...)
 * @param address  where it listens (the real port when 0 was asked for)
 * @param stats    its live counters
 */
public record ListenerView(String name, String protocol, String model, InetSocketAddress address,
                           ServerStats stats) {
}
