package io.wharf.http.spi;

import io.wharf.core.spi.Connection;
import io.wharf.http.HttpRequest;

/**
 * What answers requests for one path: with a response, or by switching the connection to another protocol
 * ({@link Answer.Switch}, RFC 9110 section 7.8). The HTTP server has already applied its own rules (method,
 * rate limit, auth) and the request has no body.
 *
 * <p>Threading: called on the connection's thread, from every connection at once; must not block.
 */
@FunctionalInterface
public interface Route {

    Answer answer(HttpRequest request, Connection connection);
}
