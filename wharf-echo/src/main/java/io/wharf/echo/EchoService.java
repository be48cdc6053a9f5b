package io.wharf.echo;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Echo on one listener: makes each connection's handler and knows the open ones, so that a graceful drain ends
 * them at once ({@link #draining}): a line client between lines is told goodbye and closed, a raw one closed once
 * idle. Without it an idle echo client, which never leaves by itself, would hold the shutdown for the whole
 * {@code drain_timeout}.
 *
 * <p>Threading: {@link #handlers} from accepting threads; {@link #draining} from the controlling thread; the set
 * of open handlers is concurrent.
 */
final class EchoService implements ProtocolService {

    /** A handler the drain can end. Safe from any thread. */
    interface Drainable {
        void drain();
    }

    private static final byte[] IDLE_GOODBYE = EchoHandler.IDLE_GOODBYE.getBytes(StandardCharsets.US_ASCII);

    private static final byte[] WARM_UP = "warm-up\n".getBytes(StandardCharsets.US_ASCII);

    private final Set<Drainable> open = ConcurrentHashMap.newKeySet();
    private final HandlerFactory handlers;
    private final boolean raw;

    EchoService(boolean raw, int maxLine) {
        this.raw = raw;
        this.handlers = raw ? () -> new RawEchoHandler(open) : () -> new EchoHandler(maxLine, open);
    }

    /** A line client closed for idling is told so; raw echo adds no bytes of its own to the stream. */
    @Override
    public byte[] closeNotice(CloseReason reason) {
        return !raw && reason == CloseReason.IDLE_TIMEOUT ? IDLE_GOODBYE.clone() : null;
    }

    /** One line: a handler of its own echoes it, which logs and counts nothing. */
    @Override
    public byte[] warmUpInput() {
        return WARM_UP.clone();
    }

    @Override
    public HandlerFactory handlers() {
        return handlers;
    }

    @Override
    public void draining() {
        List.copyOf(open).forEach(Drainable::drain);
    }

    /** Connections open now (for tests). */
    int open() {
        return open.size();
    }
}
