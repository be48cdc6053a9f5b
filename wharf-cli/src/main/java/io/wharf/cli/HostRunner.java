package io.wharf.cli;

import io.wharf.cli.prefork.PreforkMaster;
import io.wharf.cli.process.ChildJvm;
import io.wharf.cli.process.MultiProcessKeys;
import io.wharf.core.Host;
import io.wharf.core.HostedListener;
import io.wharf.core.Model;
import io.wharf.core.ServerSettings;
import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.stats.StatsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Runs {@code wharf serve} for the CLI: logging, the host and its listeners (or the prefork master), signals,
 * the stats line, reload, and the graceful stop.
 *
 * <p>Threading: {@link #run} blocks the main thread until a stop signal; signal handlers run on the JVM's signal
 * thread and only flip state or call the thread-safe host controls; a reload runs on its own thread, one at a time.
 */
final class HostRunner {

    private static final Logger log = LoggerFactory.getLogger("wharf");

    private final List<String> serveArgs;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile ServePlan plan;
    private Host host;
    private StatsTicker ticker;
    private PreforkMaster master;

    /** @param serveArgs the {@code serve} arguments again, for the child JVMs of the multi-process models */
    HostRunner(ServePlan plan, List<String> serveArgs) {
        this.plan = plan;
        this.serveArgs = serveArgs;
    }

    int run() {
        LogSetup.apply(plan.config());
        if (serverModel() == Model.PREFORK) {
            return runPrefork();
        }
        plan.listeners().forEach(ListenerStarter::model); // every refusal before anything starts
        ServerSettings shared = CoreKeys.settings(plan.config(), 0);
        host = new Host(shared.eventLoops(), shared.workerThreads(), ConnChildCommand.launcher(serveArgs));
        try {
            host.start(ListenerStarter.specs(plan.listeners(), host));
        } catch (StartupException e) {
            host.close();
            throw new UserError(describe(e));
        }
        logReady();
        ticker = new StatsTicker(this::listenerStats);
        ticker.every(plan.config().get(CoreKeys.STATS_INTERVAL));
        Signals.install(this::requestStop, this::forceStop, this::reload);
        awaitStop();
        Duration drain = plan.config().get(CoreKeys.DRAIN_TIMEOUT);
        log.info("shutting down: no new connections; waiting up to {}s for open ones (Ctrl-C again to force)",
                drain.toSeconds());
        boolean clean = host.shutdown(drain);
        ticker.close();
        log.info(clean ? "all connections finished; bye" : "drain timeout reached; remaining connections closed");
        LogSetup.flush();
        return 0;
    }

    /** {@code [server] model}: prefork, or the model listeners inherit unless they set their own. */
    private Model serverModel() {
        return Model.byId(plan.config().get(CoreKeys.MODEL)).orElseThrow();
    }

    /**
     * A listener that failed to start, named as its config names it: where its port was set, since what fails
     * at start is nearly always the binding.
     */
    private String describe(StartupException e) {
        return e.listener().flatMap(n -> plan.listeners().stream().filter(l -> l.name().equals(n)).findFirst())
                .filter(l -> l.origin() != null)
                .map(l -> {
                    String port = l.config().origin(CoreKeys.PORT);
                    String where = port.contains(":") ? port : l.origin();
                    return where + ": [listener." + l.name() + "] ";
                }).orElse("") + e.getMessage();
    }

    private void logReady() {
        List<HostedListener> running = host.running();
        if (!plan.sectioned()) {
            HostedListener l = running.get(0);
            ServePlan.Listener p = plan.listeners().get(0);
            log.info("wharf {} server ready on port {} (model {}){}; Ctrl-C stops it gracefully", l.protocol(),
                    l.localAddress().getPort(), p.config().get(CoreKeys.MODEL), note(p));
            return;
        }
        log.info("wharf ready: {}; Ctrl-C stops it gracefully", running.stream()
                .map(l -> l.name() + " (" + l.protocol() + ", " + l.settings().model().id() + ") on port "
                        + l.localAddress().getPort() + plan.listeners().stream().filter(p -> p.name().equals(l.name()))
                        .findFirst().map(HostRunner::note).orElse(""))
                .collect(Collectors.joining(", ")));
    }

    /** {@code , serving /srv/htdocs}: what the protocol says about the listener, if anything. */
    private static String note(ServePlan.Listener l) {
        String note = l.protocol().readyNote(l.config());
        return note.isEmpty() ? "" : ", " + note;
    }

    private Map<String, StatsSnapshot> listenerStats() {
        Map<String, StatsSnapshot> out = new LinkedHashMap<>();
        host.running().forEach(l -> out.put(l.name(), l.context().stats().snapshot()));
        return out;
    }

    /** The prefork master: it serves nothing itself, it runs and supervises the workers that do. */
    private int runPrefork() {
        master = new PreforkMaster(plan, serveArgs, ChildJvm.current());
        try {
            master.start();
        } catch (StartupException e) {
            throw new UserError(e.getMessage());
        }
        log.info("wharf {} ready on port {} (model prefork: {} workers, {} model each){}; Ctrl-C stops it "
                + "gracefully", plan.sectioned() ? "server" : plan.listeners().get(0).protocol().name() + " server",
                master.ports(), master.workerCount(), MultiProcessKeys.workerModel(plan.config()).id(),
                plan.sectioned() ? "" : note(plan.listeners().get(0)));
        ticker = new StatsTicker(() -> Map.of("all", master.aggregate()));
        ticker.every(plan.config().get(CoreKeys.STATS_INTERVAL));
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
     * SIGHUP: re-read the file; per listener, apply what can change live and name what needs a restart; start
     * the listeners the file added and drain the ones it removed. Under prefork a reload that changed something
     * replaces the workers (as nginx does) with the file's new values; one that changed nothing keeps them.
     */
    private synchronized void reload() {
        Config config = plan.config();
        if (config.file().isEmpty()) {
            log.info("SIGHUP: no config file given (--config), nothing to reload{}",
                    master == null ? "" : "; the workers keep running");
            return;
        }
        ServePlan fresh;
        try {
            Config reread = config.reload();
            CoreKeys.check(reread);
            for (String name : reread.listenerNames()) {
                CoreKeys.check(reread.forListener(name));
            }
            fresh = ServePlan.of(reread, plan.sectioned() ? null : plan.listeners().get(0).protocol(),
                    ServeCommand.protocols());
        } catch (ConfigException | UserError e) {
            log.error("reload failed, keeping the running config: {}", e.getMessage());
            return;
        }
        if (!fresh.sectioned() && plan.sectioned() || fresh.sectioned() && !plan.sectioned()) {
            log.error("reload failed, keeping the running config: {} changed between one protocol and "
                    + "[listener.NAME] sections: that needs a restart", config.file().get());
            return;
        }
        LogSetup.level(fresh.config().get(CoreKeys.LOG_LEVEL));
        ticker.every(fresh.config().get(CoreKeys.STATS_INTERVAL));
        Reload r = new Reload(plan, fresh, master != null);
        boolean changed = r.logChanges();
        plan = fresh;
        if (master != null) {
            if (changed) {
                master.reload(fresh);
            }
            return;
        }
        r.applyLive(host);
        for (String name : r.removed()) {
            log.info("reload: removing listener {}: it stops accepting and drains", name);
            host.remove(name, fresh.config().get(CoreKeys.DRAIN_TIMEOUT));
        }
        for (ServePlan.Listener l : r.added()) {
            try {
                HostedListener started = host.add(ListenerStarter.specs(List.of(l), host).get(0));
                log.info("reload: added listener {} ({}) on port {}", l.name(), l.protocol().name(),
                        started.localAddress().getPort());
            } catch (StartupException | UserError e) {
                log.error("reload: cannot add listener {}: {}", l.name(),
                        e instanceof StartupException s ? describe(s) : e.getMessage());
            }
        }
    }
}
