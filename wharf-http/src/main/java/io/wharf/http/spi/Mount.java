package io.wharf.http.spi;

import java.util.Optional;

/**
 * One extension's routes on one HTTP listener. The listener owns it: it calls {@link #draining} when its drain
 * begins and {@link #close} when it stops.
 *
 * <p>Threading: {@link #route} is called from every connection's thread at once, and must be thread-safe and
 * quick (a map lookup); the others from the controlling thread.
 */
public interface Mount {

    /** The route serving {@code rawPath} (still percent-encoded, without the query), if this mount has one. */
    Optional<Route> route(String rawPath);

    /** The listener's drain began: end what would hold it (long-lived sessions). */
    default void draining() {
    }

    /** The listener stopped: release what the mount holds. */
    default void close() {
    }
}
