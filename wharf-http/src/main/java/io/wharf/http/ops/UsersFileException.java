package io.wharf.http.ops;

/**
 * A users file that cannot be used. The message is one line that says where and what, e.g.
 * {@code conf/users:3: expected USER:HASH}, ready to print as is.
 */
public final class UsersFileException extends Exception {

    public UsersFileException(String message) {
        super(message);
    }
}
