package io.wharf.http.server;

import io.wharf.core.config.ConfigKey;

import java.util.List;

/**
 * The {@code [admin]} section of server.conf, each key settable in an admin listener's section too
 * ({@code [listener.admin] protocol = admin}). The names are those of the {@code [http]} keys that do the same
 * for an HTTP listener's built-in routes; a listener section resolves a name against its own protocol's keys
 * first, so {@code health_path} under an admin listener is {@code [admin] health_path}. Where it listens
 * ({@code port}, {@code bind_address}) and whether it asks for a password ({@code enable_auth}) are the core's
 * per-listener keys.
 */
public final class AdminKeys {

    private static final String S = "admin";

    public static final ConfigKey<String> HEALTH_PATH = ConfigKey.string(S, "health_path", "/health", false,
            "the process's health check: 200, or 503 while draining (empty = off)");
    public static final ConfigKey<String> STATS_PATH = ConfigKey.string(S, "stats_path", "/stats", false,
            "every listener's stats as JSON (empty = off)");
    public static final ConfigKey<String> METRICS_PATH = ConfigKey.string(S, "metrics_path", "/metrics", false,
            "every listener's and the JVM's Prometheus metrics (empty = off)");
    public static final ConfigKey<String> USERS_FILE = ConfigKey.string(S, "users_file", "users.passwd", false,
            "Basic auth users, when enable_auth is set for the admin listener (wharf passwd FILE USER adds one)");

    public static final List<ConfigKey<?>> ALL = List.of(HEALTH_PATH, STATS_PATH, METRICS_PATH, USERS_FILE);

    private AdminKeys() {
    }
}
