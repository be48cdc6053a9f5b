package io.wharf.http.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections of one HTTP endpoint, so a graceful drain can close the ones waiting idle between
 * requests after a short grace, instead of waiting out their keep-alive timeout. A connection in the middle
 * of a request finishes it and is closed after its response ({@code Connection: close}).
 *
 * <p>Threading: safe from any thread. A connection joins once when it opens and leaves once when it closes,
 * so requests themselves never touch the set.
 */
final class KeepAliveConnections {

    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();

    void opened(HttpConnection c) {
        open.add(c);
    }

    void closed(HttpConnection c) {
        open.remove(c);
    }

    /** Gives every connection waiting for its next request a short grace, then closes it (a drain began). */
    void closeIdle() {
        open.forEach(HttpConnection::closeIfWaiting);
    }
}
