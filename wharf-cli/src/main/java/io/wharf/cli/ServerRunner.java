package io.wharf.cli;

import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.Protocol;
import io.wharf.core.stats.ServerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one server for the CLI: logging, start, signals, the stats line, reload, and the graceful stop.
 *
 * <p>Threading: {@link #run} blocks the main thread until a stop signal; signal handlers run on the JVM's
 * signal thread and only flip state or call the thread-safe server controls.
 */
final class ServerRunner {

    private static final Logger log = LoggerFactory.getLogger("wharf");

    private final Protocol protocol;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile Config config;
    private volatile Server server;
    private HandlerFactory handlers;
    private StatsTicker ticker;

    ServerRunner(Protocol protocol, Config config) {
        this.protocol = protocol;
        this.config = config;
    }

    int run() {
        LogSetup.apply(config);
        ServerSettings settings = CoreKeys.settings(config, protocol.defaultPort());
        protocol.refuses(settings.model()).ifPresent(reason -> {
            throw new UserError(protocol.name() + " cannot run under --model " + settings.model().id() + ": " + reason);
        });
        ServerStats stats = new ServerStats();
        try {
            handlers = protocol.handlers(config, stats);
        } catch (StartupException e) {
            throw new UserError(e.getMessage());
        }
        try {
            server = Server.start(settings, handlers, stats);
        } catch (StartupException e) {
            handlers.shutdown();
            throw new UserError(e.getMessage());
        }
        log.info("wharf {} server ready on port {} (model {}); Ctrl-C stops it gracefully",
                protocol.name(), server.localAddress().getPort(), settings.model().id());
        ticker = new StatsTicker(server.stats());
        ticker.every(config.get(CoreKeys.STATS_INTERVAL));
        Signals.install(this::requestStop, this::forceStop, this::reload);
        awaitStop();
        Duration drain = config.get(CoreKeys.DRAIN_TIMEOUT);
        log.info("shutting down: no new connections; waiting up to {}s for open ones (Ctrl-C again to force)",
                drain.toSeconds());
        boolean clean = server.shutdown(drain);
        handlers.shutdown();
        ticker.close();
        log.info(clean ? "all connections finished; bye" : "drain timeout reached; remaining connections closed");
        LogSetup.flush();
        return 0;
    }

    private void awaitStop() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requestStop() {
        stopRequested.countDown();
    }

    private void forceStop() {
        log.warn("second interrupt: exiting now");
        LogSetup.flush();
        Runtime.getRuntime().halt(130);
    }

    /** SIGHUP: re-read the file; apply what can change live, name what needs a restart. */
    private void reload() {
        if (config.file().isEmpty()) {
            log.info("SIGHUP: no config file given (--config), nothing to reload");
            return;
        }
        Config fresh;
        try {
            fresh = config.reload();
        } catch (ConfigException e) {
            log.error("reload failed, keeping the running config: {}", e.getMessage());
            return;
        }
        List<ConfigKey<?>> changed = config.changedKeys(fresh);
        if (changed.isEmpty()) {
            log.info("reloaded {}: nothing changed", config.file().get());
            return;
        }
        for (ConfigKey<?> key : changed) {
            if (key.live()) {
                log.info("reload: {} = {} (applied)", key.id(), fresh.get(key));
            } else {
                log.warn("reload: {} changed to {} but needs a restart to take effect", key.id(), fresh.get(key));
            }
        }
        config = fresh;
        LogSetup.level(fresh.get(CoreKeys.LOG_LEVEL));
        server.limits(CoreKeys.limits(fresh));
        handlers.reconfigure(fresh);
        ticker.every(fresh.get(CoreKeys.STATS_INTERVAL));
    }
}
