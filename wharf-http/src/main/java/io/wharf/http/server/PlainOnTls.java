package io.wharf.http.server;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What HTTP says over TLS: ALPN {@code http/1.1} (a client offering only {@code h2} is refused with the
 * {@code no_application_protocol} alert until there is an h2), and, to a plain HTTP request sent to the TLS
 * port, nginx's one-line 400 in plain text before the close. Constants only.
 */
final class PlainOnTls {

    static final List<String> ALPN = List.of("http/1.1");

    private static final String BODY = "The plain HTTP request was sent to HTTPS port\n";

    static final byte[] REPLY = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private PlainOnTls() {
    }
}
