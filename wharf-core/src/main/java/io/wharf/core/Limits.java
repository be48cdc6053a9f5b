package io.wharf.core;

import java.time.Duration;

/**
 * The per-connection limits that can change while the server runs (SIGHUP reload). Immutable; the server
 * swaps the whole object, and each check reads the current one.
 *
 * @param maxConnections connections served at once; past it a client gets a one-line refusal
 * @param idleTimeout    close a connection that received nothing for this long; {@link Duration#ZERO} = never
 * @param maxOutbox      bytes of queued output past which a connection is closed
 * @param writeTimeout   close a connection whose pending output makes no progress for this long
 */
public record Limits(int maxConnections, Duration idleTimeout, long maxOutbox, Duration writeTimeout) {

    public static final Limits DEFAULTS = new Limits(10_000, Duration.ZERO, 1 << 20, Duration.ofSeconds(30));

    public boolean idleTimeoutEnabled() {
        return !idleTimeout.isZero();
    }
}
