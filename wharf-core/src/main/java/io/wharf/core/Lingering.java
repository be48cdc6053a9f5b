package io.wharf.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a server-side close lingers, as nginx's {@code lingering_close}, {@code lingering_time} and
 * {@code lingering_timeout}: output is shut down (the client sees the reply, then end-of-stream) and input is
 * read and dropped until the client closes, {@code timeout} passes without input, or {@code time} passes in
 * all; only then is the socket closed. Without it, closing with unread input makes the kernel send a reset,
 * which can destroy the reply in the client's receive buffer before the client reads it.
 *
 * @param mode    when to linger
 * @param time    the most a close lingers in all (nginx's {@code lingering_time}, 30 s)
 * @param timeout the most it waits for more input (nginx's {@code lingering_timeout}, 5 s)
 */
public record Lingering(Mode mode, Duration time, Duration timeout) {

    /** When a close lingers. */
    public enum Mode {
        /** Never: close at once, as before lingering existed. */
        OFF,
        /** After a refusal or an error reply, or when input is left unread (the default). */
        ON,
        /** After every close by the server. */
        ALWAYS;

        public static Mode of(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Lingering DEFAULTS = new Lingering(Mode.ON, Duration.ofSeconds(30), Duration.ofSeconds(5));

    public Lingering {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** False when closes never linger ({@code off}, or a zero time or timeout). */
    public boolean enabled() {
        return mode != Mode.OFF && !time.isZero() && !timeout.isZero();
    }
}
