package io.wharf.cli;

import io.wharf.cli.prefork.PreforkMaster;
import io.wharf.cli.process.ChildJvm;
import io.wharf.cli.process.MultiProcessKeys;
import io.wharf.cli.process.RelayFactory;
import io.wharf.core.Model;
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
    private final List<String> serveArgs;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile Config config;
    private volatile Server server;
    private HandlerFactory handlers;
    private StatsTicker ticker;
    private RelayFactory relay;
    private PreforkMaster master;

    /** @param serveArgs the {@code serve} arguments again, for the child JVMs of the multi-process models */
    ServerRunner(Protocol protocol, Config config, List<String> serveArgs) {
        this.protocol = protocol;
        this.config = config;
        this.serveArgs = serveArgs;
    }

    int run() {
        LogSetup.apply(config);
        ServerSettings settings = CoreKeys.settings(config, protocol.defaultPort());
        protocol.refuses(settings.model()).ifPresent(reason -> {
            throw new UserError(protocol.name() + " cannot run under --model " + settings.model().id() + ": " + reason);
        });
        if (settings.model() == Model.PREFORK) {
            return runPrefork();
        }
        ServerStats stats = new ServerStats();
        try {
            handlers = protocol.handlers(config, stats);
        } catch (StartupException e) {
            throw new UserError(e.getMessage());
        }
        ServerSettings start = settings;
        if (settings.model() == Model.PROCESS) {
            // a virtual thread per client relays its bytes to and from the client's own child JVM
            relay = new RelayFactory(handlers, ChildJvm.current(), config, serveArgs, stats);
            handlers = relay;
            start = settings.withModel(Model.VIRTUAL);
        }
        try {
            server = Server.start(start, handlers, stats);
        } catch (StartupException e) {
            handlers.shutdown();
            throw new UserError(e.getMessage());
        }
        if (relay != null) {
            stats.model(Model.PROCESS.id(), relay::gauges);
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
        if (relay != null) {
            relay.drain();
        }
        boolean clean = server.shutdown(drain);
        handlers.shutdown();
        ticker.close();
        log.info(clean ? "all connections finished; bye" : "drain timeout reached; remaining connections closed");
        LogSetup.flush();
        return 0;
    }

    /** The prefork master: it serves nothing itself, it runs and supervises the workers that do. */
    private int runPrefork() {
        master = new PreforkMaster(protocol, config, serveArgs, ChildJvm.current());
        try {
            master.start();
        } catch (StartupException e) {
            throw new UserError(e.getMessage());
        }
        log.info("wharf {} server ready on port {} (model prefork: {} workers, {} model each); Ctrl-C stops it "
                + "gracefully", protocol.name(), master.port(), master.workerCount(),
                MultiProcessKeys.workerModel(config).id());
        ticker = new StatsTicker(master::aggregate);
        ticker.every(config.get(CoreKeys.STATS_INTERVAL));
        Signals.install(this::requestStop, () -> {
            master.kill();
            forceStop();
        }, this::reload);
        awaitStop();
        log.info("shutting down: every worker stops accepting and drains (Ctrl-C again to force)");
        boolean clean = master.stop();
        ticker.close();
        log.info(clean ? "all workers drained and exited; bye" : "some workers had to be killed");
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

    /**
     * SIGHUP: re-read the file; apply what can change live, name what needs a restart. Under prefork every
     * reload replaces the workers (as nginx does), with the file's new values, if any.
     */
    private void reload() {
        if (config.file().isEmpty()) {
            log.info("SIGHUP: no config file given (--config), nothing to reload{}",
                    master == null ? "" : "; replacing the workers");
            if (master != null) {
                master.reload(config);
            }
            return;
        }
        Config fresh;
        try {
            fresh = config.reload();
            CoreKeys.check(fresh);
        } catch (ConfigException e) {
            log.error("reload failed, keeping the running config: {}", e.getMessage());
            return;
        }
        List<ConfigKey<?>> changed = config.changedKeys(fresh);
        if (changed.isEmpty()) {
            log.info("reloaded {}: nothing changed", config.file().get());
        }
        for (ConfigKey<?> key : changed) {
            boolean pinned = key.equals(CoreKeys.PORT) || key.equals(CoreKeys.BIND_ADDRESS);
            if (master != null && !pinned) {
                log.info("reload: {} = {} (the new workers take it)", key.id(), fresh.get(key));
            } else if (key.live() && master == null) {
                log.info("reload: {} = {} (applied)", key.id(), fresh.get(key));
            } else {
                log.warn("reload: {} changed to {} but needs a restart to take effect", key.id(), fresh.get(key));
            }
        }
        config = fresh;
        LogSetup.level(fresh.get(CoreKeys.LOG_LEVEL));
        ticker.every(fresh.get(CoreKeys.STATS_INTERVAL));
        if (master != null) {
            master.reload(fresh);
        } else if (!changed.isEmpty()) {
            server.limits(CoreKeys.limits(fresh));
            handlers.reconfigure(fresh);
        }
    }
}
