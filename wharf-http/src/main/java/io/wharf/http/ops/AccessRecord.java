package io.wharf.http.ops;

import io.wharf.http.HttpRequest;

import java.time.Instant;
import java.util.Objects;

/**
 * One finished request, as the access log needs it. Text fields are the request's text as the parser
 * produced it (one char per wire byte, ISO-8859-1); an empty string means "absent" and is logged as
 * {@code -}. Immutable, so it can cross from the connection's thread to the log writer.
 *
 * @param client      the client's address, e.g. {@code 127.0.0.1} or {@code ::1}
 * @param user        the authenticated user, or empty
 * @param time        when the response was finished
 * @param requestLine the request line, e.g. {@code GET /a.html HTTP/1.1}, or empty if none was read
 * @param bytesSent   body bytes sent (nginx's {@code $body_bytes_sent})
 * @param traceId     the request's trace id when it was traced, else empty (the JSON format writes it)
 * @param spanId      its server span's id, else empty
 */
public record AccessRecord(String client, String user, Instant time, String requestLine, int status,
                           long bytesSent, String referer, String userAgent, String traceId, String spanId) {

    /** A record of a request that was not traced. */
    public AccessRecord(String client, String user, Instant time, String requestLine, int status, long bytesSent,
                        String referer, String userAgent) {
        this(client, user, time, requestLine, status, bytesSent, referer, userAgent, "", "");
    }

    public AccessRecord {
        traceId = Objects.requireNonNullElse(traceId, "");
        spanId = Objects.requireNonNullElse(spanId, "");
        client = Objects.requireNonNullElse(client, "");
        user = Objects.requireNonNullElse(user, "");
        Objects.requireNonNull(time, "time");
        requestLine = Objects.requireNonNullElse(requestLine, "");
        referer = Objects.requireNonNullElse(referer, "");
        userAgent = Objects.requireNonNullElse(userAgent, "");
    }

    /** A record for a parsed request: the request line is rebuilt from it, Referer and User-Agent read from it. */
    public static AccessRecord of(String client, String user, Instant time, HttpRequest request, int status,
                                  long bytesSent) {
        String line = request.method() + " " + request.target() + " " + request.version().text();
        return new AccessRecord(client, user, time, line, status, bytesSent,
                request.headers().first("Referer").orElse(""), request.headers().first("User-Agent").orElse(""));
    }

    /** This record with the request's trace and span ids. */
    public AccessRecord traced(String traceId, String spanId) {
        return new AccessRecord(client, user, time, requestLine, status, bytesSent, referer, userAgent, traceId, spanId);
    }
}
