package io.wharf.load;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.Locale;

/** Names the {@link FailureKind} of an I/O error on a load connection. */
final class Failures {

    private Failures() {
    }

    /** A failed connect: refused, unreachable or reset all mean the server did not take the connection. */
    static FailureKind ofConnect(IOException e) {
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return message(e).contains("timed out") ? FailureKind.TIMEOUT : FailureKind.REFUSED;
        }
        return message(e).contains("reset") ? FailureKind.RESET : FailureKind.REFUSED;
    }

    /** A failed read or write on an open connection (or its TLS handshake). */
    static FailureKind ofTransfer(IOException e) {
        if (e instanceof javax.net.ssl.SSLException) {
            return FailureKind.PROTOCOL_ERROR; // a TLS alert or a record that does not decrypt
        }
        String m = message(e);
        if (m.contains("reset") || m.contains("broken pipe")) {
            return FailureKind.RESET;
        }
        return m.contains("timed out") ? FailureKind.TIMEOUT : FailureKind.CLOSED;
    }

    private static String message(IOException e) {
        return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    }
}
