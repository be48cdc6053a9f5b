package io.wharf.http.spi;

import io.wharf.core.spi.Handler;
import io.wharf.http.HttpHeaders;

import java.util.Objects;

/** A {@link Route}'s answer. Immutable. */
public sealed interface Answer {

    /**
     * A whole response; the server adds the framing fields (Date, Server, Connection, Content-Length). A HEAD
     * request gets the head only.
     */
    record Respond(int status, HttpHeaders headers, byte[] body) implements Answer {
        public Respond {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * {@code 101 Switching Protocols} with {@code headers} (Upgrade, Connection and the protocol's own), then the
     * connection is handed to {@code next} ({@link io.wharf.core.spi.Connection#upgrade}) with the bytes that
     * followed the request.
     */
    record Switch(HttpHeaders headers, Handler next) implements Answer {
        public Switch {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(next, "next");
        }
    }
}
