package io.wharf.core;

import io.wharf.core.model.nio.LoopGroup;
import io.wharf.core.model.process.ChildLauncher;
import io.wharf.core.model.process.ProcessEngine;
import io.wharf.core.model.process.RelayService;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ListenerView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One process serving any number of listeners, each with its own protocol, port, address, limits and model
 * (any in-process one, or {@code process}: a child process per connection, started by the host's
 * {@link ChildLauncher}).
 * What the listeners can share they do: listeners under {@code event} share one loop, listeners under
 * {@code reactor} one set of loops and one worker pool, and every listener one reaper and one sequence of
 * connection ids. Starting is all or nothing: if one listener of a batch cannot bind or start, none is left
 * bound.
 *
 * <p>Threading: the control methods ({@link #start}, {@link #add}, {@link #remove}, {@link #shutdown},
 * {@link #close}) are serialised on the host; the views ({@link #listeners}, {@link #running}) are snapshots safe
 * from any thread (admin endpoints read them while SIGHUP changes the set).
 */
public final class Host implements HostView, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Host.class);

    private final int eventLoops;
    private final int workerThreads;
    private final ChildLauncher children;
    private final Instant started = Instant.now();
    private final AtomicLong connectionIds = new AtomicLong();
    private final List<HostedListener> running = new CopyOnWriteArrayList<>();
    private final ConnectionReaper reaper = new ConnectionReaper(this::contexts);
    private final Lingerer lingerer = new Lingerer();
    private LoopGroup eventGroup;
    private LoopGroup reactorGroup;
    private volatile boolean draining;
    private boolean closed;

    /** @param eventLoops the reactor's loops; {@code workerThreads} its worker pool (both made on first use) */
    public Host(int eventLoops, int workerThreads) {
        this(eventLoops, workerThreads, ChildLauncher.NONE);
    }

    /** @param children how {@code process}-model listeners start the child that serves each connection */
    public Host(int eventLoops, int workerThreads, ChildLauncher children) {
        this.eventLoops = eventLoops;
        this.workerThreads = workerThreads;
        this.children = children;
    }

    /**
     * Binds every listener of {@code specs}, then starts them. If any cannot, the ones bound or started are
     * closed again and the failure names its listener ({@link StartupException#listener}).
     */
    public synchronized List<HostedListener> start(List<ListenerSpec> specs) throws StartupException {
        if (closed) {
            throw new StartupException("the server is stopping");
        }
        checkNames(specs);
        List<ServerSocketChannel> bound = new ArrayList<>();
        for (ListenerSpec spec : specs) {
            try {
                bound.add(Listener.bind(spec.settings()));
            } catch (StartupException e) {
                bound.forEach(HostedListener::closeUnstarted);
                specs.forEach(x -> x.layer().close()); // none started: their layers' watches stop too
                throw e.of(spec.name());
            }
        }
        List<HostedListener> started = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            ListenerSpec spec = specs.get(i);
            try {
                ProtocolService service = spec.service();
                Engine engine;
                if (spec.settings().model() == Model.PROCESS) {
                    // the listener's connections are relayed to children, each running the protocol's handler
                    RelayService relay = new RelayService(service, children, spec.name(), spec.children(),
                            spec.stats());
                    service = relay;
                    engine = new ProcessEngine(relay);
                } else {
                    engine = engine(spec.settings().model());
                }
                HostedListener l = new HostedListener(spec.protocol(), new ServerContext(spec.name(), spec.settings(),
                        service, spec.stats(), connectionIds, lingerer, spec.layer()), bound.get(i), engine);
                l.start();
                started.add(l);
            } catch (IOException | RuntimeException e) {
                started.forEach(HostedListener::close);
                bound.subList(started.size(), bound.size()).forEach(HostedListener::closeUnstarted);
                specs.subList(started.size(), specs.size()).forEach(x -> x.layer().close());
                throw new StartupException("cannot start the " + spec.settings().model().id() + " model: "
                        + e.getMessage(), e).of(spec.name());
            }
        }
        running.addAll(started);
        return List.copyOf(started);
    }

    /** Starts one more listener (SIGHUP); the others are untouched. */
    public HostedListener add(ListenerSpec spec) throws StartupException {
        return start(List.of(spec)).get(0);
    }

    /**
     * Stops the listener {@code name} gracefully (SIGHUP removed it): it accepts nothing new, its open
     * connections get up to {@code drain} to finish, then the rest are closed. False if some had to be closed,
     * or there is no such listener.
     */
    public boolean remove(String name, Duration drain) {
        HostedListener l = listener(name).orElse(null);
        if (l == null) {
            return false;
        }
        boolean clean = drain(List.of(l), drain);
        synchronized (this) {
            l.close();
            running.remove(l);
        }
        return clean;
    }

    public Optional<HostedListener> listener(String name) {
        return running.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The listeners serving now, in start order. */
    public List<HostedListener> running() {
        return List.copyOf(running);
    }

    @Override
    public List<ListenerView> listeners() {
        return running.stream().map(HostedListener::view).toList();
    }

    @Override
    public Instant started() {
        return started;
    }

    @Override
    public boolean draining() {
        return draining;
    }

    /**
     * Graceful stop of every listener within one {@code drainTimeout}: all stop accepting first, then all
     * drain together, then what is left is closed. True when every connection finished by itself.
     */
    public boolean shutdown(Duration drainTimeout) {
        draining = true;
        boolean clean = drain(running(), drainTimeout);
        close();
        return clean;
    }

    /** Immediate stop: every connection of every listener is dropped, the shared threads stop. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        draining = true;
        running.forEach(HostedListener::stopAccepting);
        running.forEach(HostedListener::close);
        running.clear();
        reaper.close();
        lingerer.close();
        if (eventGroup != null) {
            eventGroup.close();
        }
        if (reactorGroup != null) {
            reactorGroup.close();
        }
        log.info("stopped");
    }

    private static boolean drain(List<HostedListener> listeners, Duration timeout) {
        listeners.forEach(HostedListener::stopAccepting);
        listeners.forEach(HostedListener::startDraining);
        int open = open(listeners);
        if (open > 0) {
            log.info("draining {} open connection(s), up to {}s", open, timeout.toSeconds());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (open(listeners) > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(10_000_000);
        }
        int left = open(listeners);
        if (left > 0) {
            log.warn("drain timeout: closing {} connection(s) still open", left);
        }
        return left == 0;
    }

    /** Open connections the drain waits for (an admin listener's watch it, and do not count). */
    private static int open(List<HostedListener> listeners) {
        int n = 0;
        for (HostedListener l : listeners) {
            if (l.context().service().holdsDrain()) {
                n += l.openConnections();
            }
        }
        return n;
    }

    private Collection<ServerContext> contexts() {
        List<ServerContext> all = new java.util.ArrayList<>();
        for (HostedListener l : running) {
            all.add(l.context());
            ServerContext out = l.context().outboundIfAny();
            if (out != null) {
                all.add(out); // outbound connections get the same timeouts
            }
        }
        return all;
    }

    private void checkNames(List<ListenerSpec> specs) throws StartupException {
        Set<String> names = new HashSet<>();
        running.forEach(l -> names.add(l.name()));
        for (ListenerSpec spec : specs) {
            if (!names.add(spec.name())) {
                throw new StartupException("two listeners are named '" + spec.name() + "'").of(spec.name());
            }
        }
    }

    /** The engine for one listener; the non-blocking models' threads are made once and shared. */
    private Engine engine(Model model) throws IOException {
        return switch (model) {
            case EVENT -> new io.wharf.core.model.nio.LoopEngine(eventGroup == null
                    ? eventGroup = LoopGroup.event() : eventGroup);
            case REACTOR -> new io.wharf.core.model.nio.LoopEngine(reactorGroup == null
                    ? reactorGroup = LoopGroup.reactor(eventLoops, workerThreads) : reactorGroup);
            default -> Engines.create(model);
        };
    }
}
