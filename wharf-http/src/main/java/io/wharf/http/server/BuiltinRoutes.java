package io.wharf.http.server;

import io.wharf.core.stats.ServerStats;
import io.wharf.http.HttpHeaders;
import io.wharf.http.ops.HealthAndStats;
import io.wharf.http.ops.HttpCounters;
import io.wharf.http.ops.HttpMetrics;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /health}, {@code /stats} and {@code /metrics} (paths configurable; an empty path turns a route off).
 * Threading: immutable; the sources it reads are thread-safe.
 */
final class BuiltinRoutes {

    enum Route { HEALTH, STATS, METRICS }

    private final HttpSettings settings;
    private final HealthAndStats json;
    private final HttpMetrics metrics;

    BuiltinRoutes(HttpSettings settings, ServerStats stats, HttpCounters counters) {
        this.settings = settings;
        this.json = new HealthAndStats(stats, counters);
        this.metrics = new HttpMetrics(stats, counters);
    }

    Optional<Route> match(String rawPath) {
        if (!settings.healthPath().isEmpty() && rawPath.equals(settings.healthPath())) {
            return Optional.of(Route.HEALTH);
        }
        if (!settings.statsPath().isEmpty() && rawPath.equals(settings.statsPath())) {
            return Optional.of(Route.STATS);
        }
        if (!settings.metricsPath().isEmpty() && rawPath.equals(settings.metricsPath())) {
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
            case HEALTH -> exchange.send(200, headers.add("Content-Type", HealthAndStats.CONTENT_TYPE), json.health());
            case STATS -> exchange.send(200, headers.add("Content-Type", HealthAndStats.CONTENT_TYPE), json.stats());
            case METRICS -> exchange.send(200, headers.add("Content-Type", HttpMetrics.CONTENT_TYPE),
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
    }
}
