package io.wharf.balance;

import io.wharf.core.config.ConfigKey;

import java.nio.charset.StandardCharsets;

/**
 * What a client is sent when the balancer cannot serve it ({@code busy_reply}): every backend is down, the
 * connects all failed, or {@code max_connections} is reached. The balancer speaks no protocol, so the listener
 * names the reply in its backends' language: an HTTP 503, a Redis error, a line of text, or a plain close.
 *
 * <p>Threading: immutable.
 */
record BusyReply(String kind, String line) {

    static final ConfigKey<String> KIND = ConfigKey.oneOf("balance", "busy_reply", "close", true,
            "what a client gets when no backend can take it: close (nothing), http (a 503), redis (-ERR) or line "
                    + "(busy_line)", "close", "http", "redis", "line");
    static final ConfigKey<String> LINE = ConfigKey.string("balance", "busy_line", "busy: no backend available", true,
            "the line sent (with CRLF) when busy_reply = line");

    static BusyReply of(io.wharf.core.config.Config c) {
        return new BusyReply(c.get(KIND), c.get(LINE));
    }

    /** The bytes to send before closing, saying {@code why}; empty for {@code close}. */
    byte[] bytes(String why) {
        String text = switch (kind) {
            case "http" -> {
                String body = "503 Service Unavailable: " + why + "\n";
                yield "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                        + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body;
            }
            case "redis" -> "-ERR " + why.replace('\r', ' ').replace('\n', ' ') + "\r\n";
            case "line" -> line + "\r\n";
            default -> "";
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** For the log: {@code http 503}, {@code a plain close}. */
    String describe() {
        return switch (kind) {
            case "http" -> "an HTTP 503";
            case "redis" -> "a Redis -ERR";
            case "line" -> "the line '" + line + "'";
            default -> "a plain close";
        };
    }
}
