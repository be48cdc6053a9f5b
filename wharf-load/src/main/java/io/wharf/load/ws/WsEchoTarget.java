package io.wharf.load.ws;

import io.wharf.load.Exchange;
import io.wharf.load.LoadTarget;

/**
 * WebSocket echo as a request/reply target of the load generator (a scenario's {@code protocol: ws}): each new
 * connection opens with the upgrade to {@code ws://host:port/path}, then every request is one masked text message
 * of {@code size} bytes and its reply the echo of it. So stages, think time, churn, intervals and thresholds work
 * as for the other protocols; the upgrade counts in the connect time, as a TLS handshake does.
 *
 * <p>Threading: immutable; {@link #newExchange} from any load thread.
 */
public final class WsEchoTarget implements LoadTarget {

    /** The most one message may carry here: the echo server's default {@code ws_max_message} is 1 MiB. */
    public static final int MAX_SIZE = 1 << 20;

    private final String host;
    private final int port;
    private final String path;
    private final int size;

    public WsEchoTarget(String host, int port, String path, int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("message size must be 1-" + MAX_SIZE + " bytes, not " + size);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the WebSocket path must start with /, not '" + path + "'");
        }
        this.host = host;
        this.port = port;
        this.path = path;
        this.size = size;
    }

    @Override
    public Exchange newExchange(int connection) {
        return new WsEchoExchange(host, port, path, size);
    }
}
