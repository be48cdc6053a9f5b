package io.wharf.ws.codec;

/** The close status codes of RFC 6455 section 7.4 that wharf sends, and which a peer may send. */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never on the wire: a close frame without a code. */
    public static final int NO_STATUS = 1005;
    /** Never on the wire: the connection ended without a close frame. */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;

    private CloseCodes() {
    }

    /**
     * True for a code a peer may put in a close frame: those RFC 6455 defines for the wire (1000-1003,
     * 1007-1011) and the 3000-4999 ranges for libraries and applications; the rest is reserved.
     */
    public static boolean valid(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
    }
}
