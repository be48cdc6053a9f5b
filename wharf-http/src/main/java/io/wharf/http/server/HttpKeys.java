package io.wharf.http.server;

import io.wharf.core.config.ConfigKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code [http]} section of server.conf, each key settable per listener too, and the two HTTP keys the seed
 * format puts elsewhere: {@code [server] document_root} and {@code [logging] access_log}. {@code enable_auth},
 * {@code rate_limit} and {@code max_request_size} are the core's {@code [security]} keys.
 */
public final class HttpKeys {

    private static final String S = "http";
    private static final int MAX = Integer.MAX_VALUE;

    public static final ConfigKey<Duration> KEEPALIVE_TIMEOUT = ConfigKey.duration(S, "keepalive_timeout",
            Duration.ofSeconds(60), true, "close a keep-alive connection idle this long between requests");
    public static final ConfigKey<Integer> KEEPALIVE_REQUESTS = ConfigKey.integer(S, "keepalive_requests", 1000, 1,
            MAX, true, "requests served on one connection before it is closed");
    public static final ConfigKey<Duration> HEADER_TIMEOUT = ConfigKey.duration(S, "header_timeout",
            Duration.ofSeconds(20), true, "time a client has to send a whole request head");
    public static final ConfigKey<Duration> BODY_TIMEOUT = ConfigKey.duration(S, "body_timeout",
            Duration.ofSeconds(20), true, "time a client has to send a request body");
    public static final ConfigKey<Long> MAX_REQUEST_LINE = ConfigKey.size(S, "max_request_line", 8192L, 16, 1 << 20,
            false, "longest request line; longer gets 414");
    public static final ConfigKey<Long> MAX_HEADER_SIZE = ConfigKey.size(S, "max_header_size", 8192L, 16, 1 << 20,
            false, "longest header field line; longer gets 431");
    public static final ConfigKey<Integer> MAX_HEADERS = ConfigKey.integer(S, "max_headers", 100, 1, 10_000, false,
            "most header fields in a request; more gets 431");
    public static final ConfigKey<String> INDEX = ConfigKey.string(S, "index", "index.html", false,
            "file served for a directory");
    public static final ConfigKey<Boolean> DIRECTORY_LISTING = ConfigKey.bool(S, "directory_listing", false, false,
            "list a directory without an index (HTML, or JSON when Accept asks for it)");
    public static final ConfigKey<Boolean> ETAG = ConfigKey.bool(S, "etag", true, false,
            "send ETag and honour If-None-Match / If-Match");
    public static final ConfigKey<Boolean> GZIP = ConfigKey.bool(S, "gzip", true, false,
            "compress compressible types on the fly when the client accepts gzip");
    public static final ConfigKey<Long> GZIP_MAX_SIZE = ConfigKey.size(S, "gzip_max_size", 1L << 20, 0, 1L << 30,
            false, "largest file compressed on the fly (larger ones go out as they are, zero-copy)");
    public static final ConfigKey<Boolean> PRECOMPRESSED = ConfigKey.bool(S, "precompressed", true, false,
            "serve x.css.br / .zst / .gz siblings as they are when present and accepted");
    public static final ConfigKey<Boolean> DOTFILES = ConfigKey.bool(S, "dotfiles", false, false,
            "serve names starting with a dot");
    public static final ConfigKey<Boolean> FOLLOW_SYMLINKS = ConfigKey.bool(S, "follow_symlinks", false, false,
            "follow symlinks that lead outside the document root");
    public static final ConfigKey<Integer> MAX_RANGES = ConfigKey.integer(S, "max_ranges", 16, 1, 1000, false,
            "most ranges in one Range request");
    public static final ConfigKey<Long> FILE_CACHE = ConfigKey.size(S, "file_cache", 16L << 20, 0, 1L << 34, false,
            "memory for caching small hot files (0 = off)");
    public static final ConfigKey<Map<String, Path>> VIRTUAL_HOSTS = ConfigKey.of(S, "virtual_hosts", Map.of(), false,
            "host=root pairs, comma-separated, e.g. a.example=/srv/a, b.example=/srv/b", HttpKeys::hosts);
    public static final ConfigKey<String> USERS_FILE = ConfigKey.string(S, "users_file", "users.passwd", false,
            "Basic auth users (wharf passwd FILE USER adds one)");
    public static final ConfigKey<Boolean> AUTH_BUILTINS = ConfigKey.bool(S, "auth_builtin_routes", false, false,
            "also require auth for /health, /stats, /metrics");
    public static final ConfigKey<String> HEALTH_PATH = ConfigKey.string(S, "health_path", "/health", false,
            "health check route (empty = off)");
    public static final ConfigKey<String> STATS_PATH = ConfigKey.string(S, "stats_path", "/stats", false,
            "stats JSON route (empty = off)");
    public static final ConfigKey<String> METRICS_PATH = ConfigKey.string(S, "metrics_path", "/metrics", false,
            "Prometheus metrics route (empty = off)");

    // the seed format's sections, which users of the brief know; HTTP owns the keys, and a listener sets them too
    public static final ConfigKey<Path> DOCUMENT_ROOT = ConfigKey.path("server", "document_root", Path.of("./htdocs"),
            false, "directory the files are served from");
    public static final ConfigKey<String> ACCESS_LOG = ConfigKey.of("logging", "access_log", null, false,
            "file to write one line per request to (Combined Log Format); unset or off = none", HttpKeys::accessLog);
    public static final ConfigKey<String> ACCESS_LOG_FORMAT = ConfigKey.oneOf("logging", "access_log_format", "combined",
            false, "combined (nginx's Combined Log Format) or json (one object per line, with trace_id and span_id)",
            "combined", "json");

    public static final ConfigKey<Duration> HSTS = ConfigKey.duration(S, "hsts", Duration.ZERO, true,
            "over TLS, send Strict-Transport-Security with this max-age (e.g. 365d); 0 = none");
    public static final ConfigKey<Integer> REDIRECT_TO_HTTPS = ConfigKey.integer(S, "redirect_to_https", 0, 0, 65535,
            true, "on a plain listener, answer every request with a 301 to https on this port; 0 = off");

    public static final ConfigKey<Integer> ADMIN_PORT = ConfigKey.integer(S, "admin_port", 0, 0, 65535, false,
            "serve /health, /stats and /metrics on this port only (0 = on the main port)");
    public static final ConfigKey<String> ADMIN_BIND = ConfigKey.string(S, "admin_bind", "127.0.0.1", false,
            "address the admin port listens on");

    public static final List<ConfigKey<?>> ALL = List.of(DOCUMENT_ROOT, ACCESS_LOG, ACCESS_LOG_FORMAT, HSTS, REDIRECT_TO_HTTPS, ADMIN_PORT, ADMIN_BIND, KEEPALIVE_TIMEOUT, KEEPALIVE_REQUESTS, HEADER_TIMEOUT,
            BODY_TIMEOUT, MAX_REQUEST_LINE, MAX_HEADER_SIZE, MAX_HEADERS, INDEX, DIRECTORY_LISTING, ETAG, GZIP,
            GZIP_MAX_SIZE, PRECOMPRESSED, DOTFILES, FOLLOW_SYMLINKS, MAX_RANGES, FILE_CACHE, VIRTUAL_HOSTS,
            USERS_FILE, AUTH_BUILTINS, HEALTH_PATH, STATS_PATH, METRICS_PATH);

    private HttpKeys() {
    }

    private static String accessLog(String raw) {
        String s = raw.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("expected a file name or off");
        }
        return s.equalsIgnoreCase("off") ? "off" : s;
    }

    /** Parses {@code a.example=/srv/a, b.example=/srv/b}: lower-case host (no port) to root. */
    static Map<String, Path> hosts(String spec) {
        Map<String, Path> hosts = new LinkedHashMap<>();
        if (spec.isBlank()) {
            return hosts;
        }
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("expected host=root pairs, got '" + pair.trim() + "'");
            }
            hosts.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), Path.of(pair.substring(eq + 1).trim()));
        }
        return Map.copyOf(hosts);
    }
}
