package io.wharf.balance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The configured backends of one balancer listener, replaced whole on reload. A backend still listed keeps
 * its state and counters (a weight change is applied in place); a new one starts up; a removed one drains:
 * it is never picked again, its open connections finish, and it stays in {@link #everything} for the stats
 * until its last connection has closed.
 *
 * <p>Threading: {@link #current} and {@link #everything} are lock-free reads of immutable lists; reloads
 * are serialised by a lock.
 */
final class BackendPool {

    private static final Logger log = LoggerFactory.getLogger("wharf.balance");

    private final String listener;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile List<Backend> current;
    private volatile List<Backend> removed = List.of();

    BackendPool(String listener, List<BackendSpec> specs) {
        this.listener = listener;
        this.current = specs.stream().map(Backend::new).toList();
    }

    /** The backends new connections may go to (subject to their state); replaced, never changed. */
    List<Backend> current() {
        return current;
    }

    /** The current backends, then the removed ones still draining. */
    List<Backend> everything() {
        List<Backend> r = removed;
        if (r.isEmpty()) {
            return current;
        }
        List<Backend> all = new ArrayList<>(current);
        r.stream().filter(b -> b.active() > 0).forEach(all::add);
        return all;
    }

    /** Applies a reloaded {@code backends} list; logs what was added, removed or reweighted. */
    void reconfigure(List<BackendSpec> specs) {
        lock.lock();
        try {
            Map<String, Backend> old = new HashMap<>();
            current.forEach(b -> old.put(b.name(), b));
            List<Backend> next = new ArrayList<>();
            for (BackendSpec s : specs) {
                Backend b = old.remove(s.name());
                if (b == null) {
                    b = new Backend(s);
                    log.info("[listener.{}] backend {} added", listener, s);
                } else if (b.weight() != s.weight()) {
                    log.info("[listener.{}] backend {} weight {} -> {}", listener, s.name(), b.weight(), s.weight());
                    b.spec(s);
                }
                next.add(b);
            }
            List<Backend> gone = new ArrayList<>();
            removed.stream().filter(b -> b.active() > 0).forEach(gone::add);
            for (Backend b : old.values()) {
                b.remove();
                gone.add(b);
                log.info("[listener.{}] backend {} removed: draining {} connection(s)", listener, b.name(), b.active());
            }
            current = List.copyOf(next);
            removed = List.copyOf(gone);
        } finally {
            lock.unlock();
        }
    }
}
