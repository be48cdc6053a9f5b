package io.wharf.core.config;

/**
 * A config file or flag the user must fix. The message is one line that says where and what, e.g.
 * {@code conf/server.conf:12: [server] port: '70000' is out of range 1-65535}, ready to print as is.
 */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code file:line: message}. */
    static ConfigException at(String file, int line, String message) {
        return new ConfigException(file + ":" + line + ": " + message);
    }
}
