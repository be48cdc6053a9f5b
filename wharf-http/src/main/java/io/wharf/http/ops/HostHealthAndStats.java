package io.wharf.http.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ListenerView;
import io.wharf.core.stats.StatsSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The JSON bodies of the admin listener's {@code /health} and {@code /stats}: those of {@link HealthAndStats}
 * for the whole process, extended with every listener, whatever its protocol.
 * <ul>
 *   <li>{@code /health}: {@code {"status":"ok","uptime":12,"connections":3,"listeners":[{"name":"web",
 *       "protocol":"http","port":8080,"active":2},...]}}; {@code "draining"} with {@link HealthAndStats.Health#status} 503
 *       once the process has begun a graceful shutdown, so load balancers stop sending;</li>
 *   <li>{@code /stats}: the process totals ({@code started}, {@code uptime_seconds}, {@code total_connections},
 *       {@code active_connections}, {@code refused_connections}, {@code bytes_in}, {@code bytes_out},
 *       {@code errors}, {@code closed_by_reason}, {@code lingering_connections}; {@code "http"} summed over
 *       the HTTP listeners, if any; {@code "tracing"}, the process's tracing counts, once it has been on), then
 *       {@code "listeners"}: for
 *       each, {@code name}, {@code protocol}, {@code address}, {@code port} and the fields of its own
 *       {@link HealthAndStats#stats()} ({@code model}, the counters, {@code model_gauges}, {@code workers}
 *       under prefork, {@code http} for HTTP).</li>
 * </ul>
 * Under prefork every number is the whole server's, summed over its worker processes (see {@link WholeServer}).
 * The host is read at each request: listeners added or removed live show at once.
 *
 * <p>Threading: safe from any thread; cheap enough for an event loop.
 */
public final class HostHealthAndStats {

    private final HostView host;

    public HostHealthAndStats(HostView host) {
        this.host = host;
    }

    public HealthAndStats.Health health() {
        boolean draining = host.draining();
        List<ListenerView> listeners = host.listeners();
        ObjectNode root = HealthAndStats.health(draining ? "draining" : "ok", uptime().toSeconds(),
                listeners.stream().mapToLong(l -> WholeServer.snapshot(l.stats()).activeConnections()).sum());
        ArrayNode each = root.putArray("listeners");
        for (ListenerView l : listeners) {
            ObjectNode n = each.addObject();
            n.put("name", l.name());
            n.put("protocol", l.protocol());
            n.put("port", l.address().getPort());
            n.put("active", WholeServer.snapshot(l.stats()).activeConnections());
        }
        return new HealthAndStats.Health(draining ? 503 : 200, HealthAndStats.bytes(root));
    }

    public byte[] stats() {
        List<ListenerView> listeners = host.listeners();
        List<StatsSnapshot> s = listeners.stream().map(l -> WholeServer.snapshot(l.stats())).toList();
        ObjectNode root = HealthAndStats.object();
        root.put("started", host.started().toString());
        root.put("uptime_seconds", uptime().toSeconds());
        HealthAndStats.totals(root, sum(s, StatsSnapshot::totalConnections), sum(s, StatsSnapshot::activeConnections),
                sum(s, StatsSnapshot::refusedConnections), sum(s, StatsSnapshot::bytesIn),
                sum(s, StatsSnapshot::bytesOut), sum(s, StatsSnapshot::errors));
        HealthAndStats.closes(root, listeners.stream().map(ListenerView::stats).toList());
        List<HttpCounters> http = listeners.stream()
                .map(l -> WholeServer.http(l.stats(), l.stats().published(HttpCounters.class)))
                .flatMap(Optional::stream).toList();
        if (!http.isEmpty()) {
            HealthAndStats.http(root.putObject("http"), http);
        }
        HealthAndStats.tracing(root);
        ArrayNode each = root.putArray("listeners");
        for (ListenerView l : listeners) {
            ObjectNode n = each.addObject();
            n.put("name", l.name());
            n.put("protocol", l.protocol());
            n.put("address", l.address().getAddress().getHostAddress());
            n.put("port", l.address().getPort());
            HealthAndStats.listener(n, l.stats(), l.stats().published(HttpCounters.class));
        }
        return HealthAndStats.bytes(root);
    }

    private Duration uptime() {
        return Duration.between(host.started(), Instant.now());
    }

    private static long sum(List<StatsSnapshot> snapshots, java.util.function.ToLongFunction<StatsSnapshot> field) {
        return snapshots.stream().mapToLong(field).sum();
    }
}
