package io.wharf.core;

import io.wharf.core.stats.Bytes;

import java.time.Duration;
import java.util.Objects;

/**
 * The per-connection limits that can change while the server runs (SIGHUP reload). Immutable; the server
 * swaps the whole object, and each check reads the current one.
 *
 * @param maxConnections connections served at once; past it a client gets a one-line refusal
 * @param idleTimeout    close a connection that received nothing for this long; {@link Duration#ZERO} = never
 * @param maxOutbox      bytes of queued output past which a connection is closed
 * @param writeTimeout   close a connection whose pending output makes no progress for this long
 * @param writeBuffer    queued output at which a connection stops and resumes reading; {@code high} at most
 *                       {@code maxOutbox}, so a connection pauses before it would be dropped
 * @param lingering      how a close after a refusal or an error reply lingers ({@code lingering_close})
 */
public record Limits(int maxConnections, Duration idleTimeout, long maxOutbox, Duration writeTimeout,
                     Watermarks writeBuffer, Lingering lingering) {

    public static final Limits DEFAULTS = new Limits(10_000, Duration.ZERO, 1 << 20, Duration.ofSeconds(30),
            Watermarks.DEFAULTS, Lingering.DEFAULTS);

    /** @throws IllegalArgumentException if {@code writeBuffer.high()} is over {@code maxOutbox} */
    public Limits {
        Objects.requireNonNull(writeBuffer, "writeBuffer");
        Objects.requireNonNull(lingering, "lingering");
        if (writeBuffer.high() > maxOutbox) {
            throw new IllegalArgumentException("[server] write_buffer_high (" + Bytes.human(writeBuffer.high())
                    + ") must be at most [server] max_outbox (" + Bytes.human(maxOutbox) + ")");
        }
    }

    /** These limits with the default lingering. */
    public Limits(int maxConnections, Duration idleTimeout, long maxOutbox, Duration writeTimeout,
                  Watermarks writeBuffer) {
        this(maxConnections, idleTimeout, maxOutbox, writeTimeout, writeBuffer, Lingering.DEFAULTS);
    }

    /** These limits with {@code maxOutbox} and the default write watermarks. */
    public Limits(int maxConnections, Duration idleTimeout, long maxOutbox, Duration writeTimeout) {
        this(maxConnections, idleTimeout, maxOutbox, writeTimeout, Watermarks.DEFAULTS);
    }

    public Limits withWriteBuffer(Watermarks w) {
        return new Limits(maxConnections, idleTimeout, maxOutbox, writeTimeout, w, lingering);
    }

    public Limits withLingering(Lingering l) {
        return new Limits(maxConnections, idleTimeout, maxOutbox, writeTimeout, writeBuffer, l);
    }

    public boolean idleTimeoutEnabled() {
        return !idleTimeout.isZero();
    }
}
