package io.wharf.cli;

/** A problem the user can fix, told in one line (exit code 2, no stack trace). */
final class UserError extends RuntimeException {

    UserError(String message) {
        super(message);
    }
}
