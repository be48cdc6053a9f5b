package io.wharf.http.server;

import io.wharf.http.HttpRequest;
import io.wharf.http.codec.ParserLimits;

/**
 * What an {@link HttpConnection} answers requests with: the file server ({@link HttpService}) or the admin
 * endpoints ({@link AdminService}). The connection owns the protocol (parsing, pipelining, keep-alive,
 * timeouts); the endpoint only answers complete requests.
 *
 * <p>Threading: called from every connection's thread at once; implementations are thread-safe and never
 * block (under {@code event} and {@code reactor} the caller is an event loop).
 */
interface HttpEndpoint {

    /** The connection timeouts and the keep-alive request budget; read per request, so a reload applies. */
    HttpTimeouts timeouts();

    ParserLimits parserLimits();

    /** Its open connections, which a drain closes when they wait idle. */
    KeepAliveConnections connections();

    /** Whether a request's body is worth a 100 Continue. */
    boolean wantsBody(HttpRequest head);

    /**
     * Answers one complete request: true when the response is written, false when a step of it went off the
     * loop ({@link Exchange#offload}) and the connection must wait for {@link #run}. Never throws.
     */
    boolean handle(Exchange exchange);

    /** Runs the next step of an exchange whose earlier step was offloaded; true once it is answered. */
    default boolean run(Exchange exchange, java.util.function.Consumer<Exchange> step) {
        step.accept(exchange);
        return !exchange.pending();
    }

    /** The connection closed while a step of {@code exchange} was offloaded; it will never be answered. */
    default void abandoned(Exchange exchange) {
    }

    /** Answers with an error status and a short text body (a bad request, an unmet expectation). */
    void error(Exchange exchange, int status, String reason);
}
