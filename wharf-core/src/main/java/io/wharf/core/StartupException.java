package io.wharf.core;

/**
 * A server cannot start for a reason the user can fix (port in use, bad address, bad config). The message
 * is one line meant for the user as it is; the CLI prints it without a stack trace and exits with 2.
 */
public final class StartupException extends Exception {

    private final String listener;

    public StartupException(String message) {
        this(message, null, null);
    }

    public StartupException(String message, Throwable cause) {
        this(message, cause, null);
    }

    private StartupException(String message, Throwable cause, String listener) {
        super(message, cause);
        this.listener = listener;
    }

    /** This failure, as the listener {@code name}'s: the message is unchanged, the listener is named apart. */
    public StartupException of(String name) {
        return new StartupException(getMessage(), getCause(), name);
    }

    /** The listener that failed to start, when a host was starting several. */
    public java.util.Optional<String> listener() {
        return java.util.Optional.ofNullable(listener);
    }
}
