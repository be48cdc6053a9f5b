package io.wharf.core;

import java.nio.channels.SocketChannel;

/**
 * TCP_CORK: hold partial segments while a response's head and body are handed over in separate calls (a
 * write, then sendfile), so they leave as full segments, as nginx's {@code tcp_nopush} does. Java has no
 * socket option for it; on Java 22 and later the multi-release jar's own version of this class sets it
 * through the foreign function API. Here, on Java 21, it does nothing.
 *
 * <p>Threading: safe from any thread; call it from the thread that writes the connection.
 */
public final class TcpCork {

    private TcpCork() {
    }

    /** Whether corking works in this runtime. */
    public static boolean supported() {
        return false;
    }

    /** Corks or uncorks {@code channel}; uncorking sends what was held. Does nothing where unsupported. */
    public static void set(SocketChannel channel, boolean on) {
        // Java 21: no way to reach setsockopt without native code
    }
}
