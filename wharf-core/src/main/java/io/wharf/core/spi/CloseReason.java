package io.wharf.core.spi;

/**
 * Why a connection ended, or why a client was turned away at the door: a small fixed set with stable keys,
 * counted per listener in the stats ({@code /stats}, and {@code wharf_connections_closed_total{reason=...}} in
 * {@code /metrics}), whatever the protocol. The log line keeps its own detail ("read failed: Connection reset").
 *
 * <p>{@link #lingers} marks the reasons after which the client may still be sending: a close for one of
 * them lingers ({@code lingering_close = on}): output is shut down and input read and dropped for a bounded
 * time, so the client reads the reply instead of a TCP reset.
 */
public enum CloseReason {
    /** The client closed its end. */
    CLIENT_CLOSED("client_closed", "closed by client", false),
    /** The protocol closed it in the normal course (a {@code Connection: close} response, a drain). */
    SERVER_CLOSED("server_closed", "closed by server", false),
    /** The protocol closed it after answering a malformed request (HTTP's 400, 413, 431, 505...). */
    PROTOCOL_ERROR("protocol_error", "closed after a protocol error", true),
    /** The protocol closed it with the client's input not all read (a body it answered before reading). */
    UNREAD_INPUT("unread_input", "closed with input unread", true),
    /** The protocol dropped it at once ({@link Connection#abort}). */
    ABORTED("aborted", "aborted by server", false),
    /** Nothing received for {@code idle_timeout}. */
    IDLE_TIMEOUT("idle_timeout", "idle timeout", false),
    /** Queued output made no progress for {@code write_timeout}. */
    WRITE_TIMEOUT("write_timeout", "write timeout", false),
    /** Queued output passed {@code max_outbox}. */
    OUTBOX_OVERFLOW("outbox_overflow", "queued output over max_outbox", false),
    /** A protocol deadline: HTTP's request-header timeout. */
    HEADER_TIMEOUT("header_timeout", "request header timeout", false),
    /** A protocol deadline: HTTP's request-body timeout. */
    BODY_TIMEOUT("body_timeout", "request body timeout", false),
    /** A protocol deadline: HTTP's keep-alive timeout between requests. */
    KEEPALIVE_TIMEOUT("keepalive_timeout", "keep-alive timeout", false),
    /** Another protocol deadline, given by text only ({@link Connection#deadline(java.time.Duration, String)}). */
    TIMEOUT("timeout", "timeout", false),
    READ_ERROR("read_error", "read failed", false),
    WRITE_ERROR("write_error", "write failed", false),
    /** The handler threw. */
    HANDLER_ERROR("handler_error", "handler error", false),
    /** The server stopped, or a drain ran out of time. */
    SERVER_STOPPING("server_stopping", "server stopping", false),
    /** Turned away at the door: {@code max_connections} were open. */
    REFUSED_MAX_CONNECTIONS("refused_max_connections", "too many connections", true),
    /** Turned away: the model had no thread, queue room or child process ({@code max_children}) for it. */
    REFUSED_BUSY("refused_busy", "server busy", true),
    /** Turned away at the door: the listener is shutting down. */
    REFUSED_SHUTDOWN("refused_shutdown", "server shutting down", true);

    private final String key;
    private final String text;
    private final boolean lingers;

    CloseReason(String key, String text, boolean lingers) {
        this.key = key;
        this.text = text;
        this.lingers = lingers;
    }

    /** The stable key stats and metrics use: {@code header_timeout}. */
    public String key() {
        return key;
    }

    /** For the log, when no detail is given: {@code request header timeout}. */
    public String text() {
        return text;
    }

    /** True when the client may still be sending: a close for this reason lingers. */
    public boolean lingers() {
        return lingers;
    }

    /** True for the reasons a client is turned away with before being served. */
    public boolean refusal() {
        return this == REFUSED_MAX_CONNECTIONS || this == REFUSED_BUSY || this == REFUSED_SHUTDOWN;
    }
}
