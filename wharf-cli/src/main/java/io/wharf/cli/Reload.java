package io.wharf.cli;

import io.wharf.core.Host;
import io.wharf.core.HostedListener;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.CoreKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one SIGHUP changes, between the running plan and the re-read one: the whole process's keys, each kept
 * listener's own keys (live ones applied, the rest named as needing a restart), and the listeners added and
 * removed. A listener whose protocol changed counts as removed and added. Immutable but for applying.
 */
final class Reload {

    private static final Logger log = LoggerFactory.getLogger("wharf");
    private static final Set<ConfigKey<?>> PER_LISTENER = Set.copyOf(CoreKeys.PER_LISTENER);

    private final ServePlan old;
    private final ServePlan fresh;
    /** Under prefork every change reaches the new workers, but for the port and address the master holds. */
    private final boolean prefork;

    Reload(ServePlan old, ServePlan fresh, boolean prefork) {
        this.old = old;
        this.fresh = fresh;
        this.prefork = prefork;
    }

    /** The listeners of the new plan that are not running (by name and protocol). */
    List<ServePlan.Listener> added() {
        return fresh.listeners().stream().filter(l -> kept(l.name()) == null).toList();
    }

    /** The names of running listeners the new plan drops (or gives another protocol). */
    List<String> removed() {
        return old.listeners().stream().map(ServePlan.Listener::name)
                .filter(n -> fresh.listeners().stream().noneMatch(l -> l.name().equals(n)) || kept(n) == null)
                .toList();
    }

    /** Logs what changed; false when nothing did (then a prefork master keeps its workers). */
    boolean logChanges() {
        List<ConfigKey<?>> global = old.config().changedKeys(fresh.config()).stream()
                .filter(k -> !PER_LISTENER.contains(k) || !fresh.sectioned()).toList();
        boolean anything = !global.isEmpty() || !added().isEmpty() || !removed().isEmpty();
        for (ConfigKey<?> key : global) {
            logChange(key.id(), key, fresh.config());
        }
        if (fresh.sectioned()) {
            for (ServePlan.Listener l : fresh.listeners()) {
                ServePlan.Listener before = kept(l.name());
                if (before == null) {
                    continue;
                }
                for (ConfigKey<?> key : ownChanges(before.config(), l.config())) {
                    logChange("[listener." + l.name() + "] " + key.name(), key, l.config());
                    anything = true;
                }
            }
        }
        if (!anything) {
            log.info("reloaded {}: nothing changed{}", fresh.config().file().orElseThrow(),
                    prefork ? "; the workers keep running" : "");
        }
        return anything;
    }

    /**
     * Applies each kept listener's live changes: the core's limits and the protocol's own keys; and has each
     * listener's layer reload (TLS certificates renewed in place change no key).
     */
    void applyLive(Host host) {
        for (ServePlan.Listener l : fresh.listeners()) {
            ServePlan.Listener before = kept(l.name());
            HostedListener running = host.listener(l.name()).orElse(null);
            if (before == null || running == null) {
                continue;
            }
            running.context().layer().reconfigure(l.config()); // TLS reads its certificates again, changed or not
            if (before.config().changedKeys(l.config()).isEmpty()) {
                continue;
            }
            running.limits(CoreKeys.limits(l.config()));
            running.context().service().reconfigure(l.config());
        }
    }

    private void logChange(String name, ConfigKey<?> key, Config c) {
        boolean pinned = key.equals(CoreKeys.PORT) || key.equals(CoreKeys.BIND_ADDRESS);
        if (prefork && !pinned) {
            log.info("reload: {} = {} (the new workers take it)", name, c.get(key));
        } else if (key.live() && !prefork) {
            log.info("reload: {} = {} (applied)", name, c.get(key));
        } else {
            log.warn("reload: {} changed to {} but needs a restart to take effect", name, c.get(key));
        }
    }

    /** A listener's changes that are its own: per-listener core keys and its protocol's keys. */
    private static List<ConfigKey<?>> ownChanges(Config before, Config after) {
        Set<ConfigKey<?>> processWide = CoreKeys.ALL.stream().filter(k -> !PER_LISTENER.contains(k))
                .collect(Collectors.toSet());
        return before.changedKeys(after).stream().filter(k -> !processWide.contains(k)).toList();
    }

    /** The running listener {@code name}, if the new plan keeps it with the same protocol. */
    private ServePlan.Listener kept(String name) {
        ServePlan.Listener before = old.listeners().stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
        ServePlan.Listener after = fresh.listeners().stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
        return before != null && after != null && before.protocol().name().equals(after.protocol().name())
                ? before : null;
    }
}
