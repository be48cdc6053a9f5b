package io.wharf.kv.command;

/**
 * A command's error reply, thrown from anywhere in the command and written by the dispatcher as
 * {@code -<message>\r\n}. Carries no stack trace: it is flow, not failure.
 */
public final class CommandError extends RuntimeException {

    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String NO_SUCH_KEY = "ERR no such key";

    public CommandError(String message) {
        super(message, null, false, false);
    }

    public static CommandError err(String text) {
        return new CommandError("ERR " + text);
    }
}
