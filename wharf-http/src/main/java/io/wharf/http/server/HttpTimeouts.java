package io.wharf.http.server;

import java.time.Duration;

/**
 * How long an {@link HttpConnection} waits for a client, and how many requests one connection serves.
 * Immutable.
 */
record HttpTimeouts(Duration header, Duration body, Duration keepAlive, int keepAliveRequests) {

    static HttpTimeouts of(HttpSettings s) {
        return new HttpTimeouts(s.headerTimeout(), s.bodyTimeout(), s.keepAliveTimeout(), s.keepAliveRequests());
    }

    /** The {@code [http]} defaults: what the admin listener uses. */
    static HttpTimeouts defaults() {
        return new HttpTimeouts(HttpKeys.HEADER_TIMEOUT.defaultValue(), HttpKeys.BODY_TIMEOUT.defaultValue(),
                HttpKeys.KEEPALIVE_TIMEOUT.defaultValue(), HttpKeys.KEEPALIVE_REQUESTS.defaultValue());
    }
}
