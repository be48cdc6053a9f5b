package io.wharf.core.proxy;

/** A PROXY protocol header that is missing or malformed; the message says what is wrong, in one line. */
public final class ProxyHeaderException extends Exception {

    /** True when the bytes were no PROXY header at all (not one gone wrong). */
    private final boolean missing;

    ProxyHeaderException(String message, boolean missing) {
        super(message, null, false, false);
        this.missing = missing;
    }

    public boolean missing() {
        return missing;
    }
}
