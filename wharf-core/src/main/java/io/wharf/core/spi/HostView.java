package io.wharf.core.spi;

import java.time.Instant;
import java.util.List;

/**
 * What a protocol can see of the process it runs in: its listeners and their stats, for the admin endpoints
 * ({@code /health}, {@code /stats}, {@code /metrics}) of every protocol. Threading: safe from any thread; the
 * list is a snapshot, since SIGHUP may add or remove listeners.
 */
public interface HostView {

    /** The listeners serving now, in start order. */
    List<ListenerView> listeners();

    Instant started();

    /** True once a graceful shutdown of the whole process has begun. */
    boolean draining();

    /** A view of nothing: for a service started outside a host (tests, a process-model child). */
    HostView NONE = new HostView() {
        private final Instant started = Instant.now();

        @Override
        public List<ListenerView> listeners() {
            return List.of();
        }

        @Override
        public Instant started() {
            return started;
        }

        @Override
        public boolean draining() {
            return false;
        }
    };
}
