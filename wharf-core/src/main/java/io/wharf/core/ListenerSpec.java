package io.wharf.core;

import io.wharf.core.layer.Layer;
import io.wharf.core.model.process.ChildSettings;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;

import java.util.Objects;

/**
 * One listener for a {@link Host} to start: its name, its protocol's name, where and how it serves (its own
 * port, address, limits and model), the protocol service that answers its clients, its stats, and how the
 * {@code process} model starts its children (ignored under the other models), and the layer between its
 * sockets and its protocol ({@link Layer#NONE}, or TLS). Immutable.
 */
public record ListenerSpec(String name, String protocol, ServerSettings settings, ProtocolService service,
                           ServerStats stats, ChildSettings children, Layer layer) {

    public ListenerSpec(String name, String protocol, ServerSettings settings, ProtocolService service,
                        ServerStats stats, ChildSettings children) {
        this(name, protocol, settings, service, stats, children, Layer.NONE);
    }

    public ListenerSpec(String name, String protocol, ServerSettings settings, ProtocolService service,
                        ServerStats stats) {
        this(name, protocol, settings, service, stats, ChildSettings.DEFAULTS);
    }

    public ListenerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(children, "children");
        Objects.requireNonNull(layer, "layer");
    }
}
