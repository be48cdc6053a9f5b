package io.wharf.core;

/**
 * A server cannot start for a reason the user can fix (port in use, bad address, bad config). The message
 * is one line meant for the user as it is; the CLI prints it without a stack trace and exits with 2.
 */
public final class StartupException extends Exception {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
