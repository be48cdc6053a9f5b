package io.wharf.ws.codec;

/** A peer broke the protocol; {@code code} is the close code to answer with (1002, 1007, 1009). */
public final class ProtocolException extends Exception {

    private final int code;

    public ProtocolException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
