package io.wharf.http.server;

import io.wharf.core.spi.HostView;
import io.wharf.core.stats.ServerStats;
import io.wharf.http.HttpHeaders;
import io.wharf.http.ops.HealthAndStats;
import io.wharf.http.ops.HostHealthAndStats;
import io.wharf.http.ops.HttpCounters;
import io.wharf.http.ops.HttpMetrics;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code /health}, {@code /stats} and {@code /metrics} (paths configurable; an empty path turns a route off),
 * either of one HTTP listener (its built-in routes) or of the whole process (the admin listener). Only GET and
 * HEAD; never cached. Threading: immutable; the sources it reads are thread-safe.
 */
final class BuiltinRoutes {

    enum Route { HEALTH, STATS, METRICS }

    /** Where the routes are; an empty path is a route turned off. */
    record Paths(String health, String stats, String metrics) {
    }

    private final Paths paths;
    /** The {@code /health} answer, given whether this connection's server is draining. */
    private final Function<Boolean, HealthAndStats.Health> health;
    private final Supplier<byte[]> stats;
    private final HttpMetrics metrics;

    private BuiltinRoutes(Paths paths, Function<Boolean, HealthAndStats.Health> health, Supplier<byte[]> stats,
                          HttpMetrics metrics) {
        this.paths = paths;
        this.health = health;
        this.stats = stats;
        this.metrics = metrics;
    }

    /** One HTTP listener's own numbers. */
    static BuiltinRoutes of(HttpSettings s, ServerStats stats, HttpCounters counters) {
        HealthAndStats json = new HealthAndStats(stats, counters);
        return new BuiltinRoutes(new Paths(s.healthPath(), s.statsPath(), s.metricsPath()),
                json::health, json::stats, new HttpMetrics(stats, counters));
    }

    /** Every listener of the process, read from {@code host} at each request, and the JVM. */
    static BuiltinRoutes of(Paths paths, HostView host) {
        HostHealthAndStats json = new HostHealthAndStats(host);
        return new BuiltinRoutes(paths, draining -> json.health(), json::stats, HttpMetrics.of(host));
    }

    Optional<Route> match(String rawPath) {
        if (!paths.health().isEmpty() && rawPath.equals(paths.health())) {
            return Optional.of(Route.HEALTH);
        }
        if (!paths.stats().isEmpty() && rawPath.equals(paths.stats())) {
            return Optional.of(Route.STATS);
        }
        if (!paths.metrics().isEmpty() && rawPath.equals(paths.metrics())) {
            return Optional.of(Route.METRICS);
        }
        return Optional.empty();
    }

    void serve(Exchange exchange, Route route) {
        String method = exchange.request().method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.sendText(405, new HttpHeaders().add("Allow", "GET, HEAD"), "405 Method Not Allowed\n");
            return;
        }
        HttpHeaders headers = new HttpHeaders().add("Cache-Control", "no-store");
        switch (route) {
            case HEALTH -> {
                HealthAndStats.Health h = health.apply(exchange.connection().draining());
                exchange.send(h.status(), headers.add("Content-Type", HealthAndStats.CONTENT_TYPE), h.body());
            }
            case STATS -> exchange.send(200, headers.add("Content-Type", HealthAndStats.CONTENT_TYPE), stats.get());
            case METRICS -> exchange.send(200, headers.add("Content-Type", HttpMetrics.CONTENT_TYPE),
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
    }
}
