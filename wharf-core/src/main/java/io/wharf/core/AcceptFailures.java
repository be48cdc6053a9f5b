package io.wharf.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * Classifies what {@code accept()} threw and says how long to back off. Running out of file descriptors
 * (EMFILE/ENFILE) is logged once per episode and backs off exponentially (10 ms to 1 s), so the acceptor
 * neither spins nor gives up: existing clients keep being served and accepting resumes by itself when
 * descriptors free up. ECONNABORTED (the client left before we accepted) is ignored.
 *
 * <p>Threading: one instance per accepting thread; not thread-safe.
 */
public final class AcceptFailures {

    private static final Logger log = LoggerFactory.getLogger("wharf.accept");
    private static final long MIN_BACKOFF_MS = 10;
    private static final long MAX_BACKOFF_MS = 1000;

    private final ServerContext context;
    private boolean outOfDescriptors;
    private long backoffMillis = MIN_BACKOFF_MS;

    public AcceptFailures(ServerContext context) {
        this.context = context;
    }

    /** What the acceptor should do after {@code accept()} threw. */
    public enum Action { RETRY_NOW, BACK_OFF, STOP }

    public Action failed(IOException e) {
        if (e instanceof ClosedChannelException) {
            return Action.STOP;
        }
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("Too many open files")) {
            if (!outOfDescriptors) {
                outOfDescriptors = true;
                context.stats().error();
                log.error("out of file descriptors ({}): not accepting for now; open connections are still "
                        + "served; raise the limit with 'ulimit -n' (see 'wharf doctor')", msg);
            }
            return Action.BACK_OFF;
        }
        if (msg.contains("connection abort") || msg.contains("Connection aborted")) {
            return Action.RETRY_NOW;
        }
        context.stats().error();
        log.warn("accept failed: {}", msg);
        return Action.BACK_OFF;
    }

    /** How long to pause now; doubles on each consecutive failure. */
    public long backoffMillis() {
        long ms = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MS, backoffMillis * 2);
        return ms;
    }

    /** An accept succeeded: ends an out-of-descriptors episode and resets the backoff. */
    public void succeeded() {
        if (outOfDescriptors) {
            outOfDescriptors = false;
            log.info("file descriptors available again: accepting");
        }
        backoffMillis = MIN_BACKOFF_MS;
    }
}
