package io.wharf.kv.persist;

/**
 * Persisted data cannot be loaded (a corrupt AOF or RDB, an unreadable manifest): one line for the user that
 * names the file and, where it applies, the byte offset; start-up stops with it (exit 2).
 */
public final class PersistenceException extends RuntimeException {

    public PersistenceException(String message) {
        super(message);
    }

    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
