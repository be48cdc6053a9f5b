package io.wharf.http.server;

import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP server's settings, resolved once from the config (and again on reload). Immutable.
 *
 * @param hosts virtual hosts: lower-case host name (no port) to document root
 */
record HttpSettings(Path root, Map<String, Path> hosts, Duration keepAliveTimeout, int keepAliveRequests,
                    Duration headerTimeout, Duration bodyTimeout, int maxRequestLine, int maxHeaderSize,
                    int maxHeaders, long maxRequestSize, String index, boolean listing, boolean etag, boolean gzip,
                    long gzipMaxSize, boolean precompressed, boolean dotfiles, boolean followSymlinks, int maxRanges,
                    long fileCache, boolean auth, Path usersFile, boolean authBuiltins, int rateLimit,
                    String healthPath, String statsPath, String metricsPath, String accessLog, int adminPort,
                    String adminBind, Duration hsts, int redirectToHttps) {

    static HttpSettings from(Config c) {
        return new HttpSettings(c.get(HttpKeys.DOCUMENT_ROOT), c.get(HttpKeys.VIRTUAL_HOSTS),
                c.get(HttpKeys.KEEPALIVE_TIMEOUT), c.get(HttpKeys.KEEPALIVE_REQUESTS), c.get(HttpKeys.HEADER_TIMEOUT),
                c.get(HttpKeys.BODY_TIMEOUT), Math.toIntExact(c.get(HttpKeys.MAX_REQUEST_LINE)),
                Math.toIntExact(c.get(HttpKeys.MAX_HEADER_SIZE)), c.get(HttpKeys.MAX_HEADERS),
                c.get(CoreKeys.MAX_REQUEST_SIZE), c.get(HttpKeys.INDEX), c.get(HttpKeys.DIRECTORY_LISTING),
                c.get(HttpKeys.ETAG), c.get(HttpKeys.GZIP), c.get(HttpKeys.GZIP_MAX_SIZE), c.get(HttpKeys.PRECOMPRESSED),
                c.get(HttpKeys.DOTFILES), c.get(HttpKeys.FOLLOW_SYMLINKS), c.get(HttpKeys.MAX_RANGES),
                c.get(HttpKeys.FILE_CACHE), c.get(CoreKeys.ENABLE_AUTH), Path.of(c.get(HttpKeys.USERS_FILE)),
                c.get(HttpKeys.AUTH_BUILTINS), c.get(CoreKeys.RATE_LIMIT), c.get(HttpKeys.HEALTH_PATH),
                c.get(HttpKeys.STATS_PATH), c.get(HttpKeys.METRICS_PATH), c.get(HttpKeys.ACCESS_LOG),
                c.get(HttpKeys.ADMIN_PORT), c.get(HttpKeys.ADMIN_BIND), c.get(HttpKeys.HSTS),
                c.get(HttpKeys.REDIRECT_TO_HTTPS));
    }
}
