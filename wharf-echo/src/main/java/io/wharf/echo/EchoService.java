package io.wharf.echo;

import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;

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

    private final Set<Drainable> open = ConcurrentHashMap.newKeySet();
    private final HandlerFactory handlers;

    EchoService(boolean raw, int maxLine) {
        this.handlers = raw ? () -> new RawEchoHandler(open) : () -> new EchoHandler(maxLine, open);
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
