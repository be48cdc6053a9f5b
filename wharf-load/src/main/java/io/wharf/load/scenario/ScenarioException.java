package io.wharf.load.scenario;

/**
 * A scenario file that cannot be run, as one line for the user: {@code file:line: key: what is wrong}. The command
 * prints the message alone (no stack trace) and exits 2.
 */
public final class ScenarioException extends Exception {

    public ScenarioException(String message) {
        super(message);
    }
}
