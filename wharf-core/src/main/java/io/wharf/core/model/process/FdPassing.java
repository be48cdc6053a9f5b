package io.wharf.core.model.process;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Hands a connected socket from one process to another over a Unix-domain socket ({@code SCM_RIGHTS}). That
 * takes {@code sendmsg}/{@code recvmsg}, which Java reaches only through the foreign function API: on Java 22
 * and later the multi-release jar's own version of this class does it. Here, on Java 21, it is unsupported and
 * the {@code process} model relays the bytes instead.
 *
 * <p>Threading: stateless; safe from any thread.
 */
final class FdPassing {

    private FdPassing() {
    }

    /** Whether descriptors can be passed in this runtime; if not, {@link #unsupportedReason} says why. */
    static boolean supported() {
        return false;
    }

    static String unsupportedReason() {
        return "descriptor passing needs Java 22+ (this is Java " + Runtime.version().feature() + ")";
    }

    /** Links what {@link #receive} calls ahead of time; nothing to do here. */
    static void warm() {
    }

    /** Sends {@code client}'s descriptor over {@code unix}, then lets go of it here without touching the socket. */
    static void send(SocketChannel unix, SocketChannel client) throws IOException {
        throw new IOException(unsupportedReason());
    }

    /** Receives a socket sent with {@link #send}, as a blocking channel of this process. */
    static SocketChannel receive(SocketChannel unix) throws IOException {
        throw new IOException(unsupportedReason());
    }
}
