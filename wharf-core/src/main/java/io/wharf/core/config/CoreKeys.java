package io.wharf.core.config;

import io.wharf.core.Limits;
import io.wharf.core.Lingering;
import io.wharf.core.Model;
import io.wharf.core.ServerSettings;
import io.wharf.core.SocketOptions;
import io.wharf.core.Watermarks;
import io.wharf.core.stats.Bytes;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The keys every wharf server understands: {@code [server]}, {@code [logging]}, {@code [security]} and
 * {@code [tls]}.
 * Protocols add their own sections. {@code conf/server.conf} documents each key with its default.
 */
public final class CoreKeys {

    private static final int MAX = Integer.MAX_VALUE;
    private static final long MIB = 1L << 20;

    // [server]: listener and socket
    public static final ConfigKey<Integer> PORT = ConfigKey.integer("server", "port", null, 1, 65535, false,
            "TCP port to listen on; unset = the protocol's own (echo 7007, http 8080, ...)");
    public static final ConfigKey<String> BIND_ADDRESS = ConfigKey.string("server", "bind_address", "0.0.0.0",
            false, "address to listen on; 0.0.0.0 or :: = all interfaces");
    public static final ConfigKey<Integer> BACKLOG = ConfigKey.integer("server", "backlog", 0, 0, MAX, false,
            "accept queue length, in connections; 0 = the OS maximum");
    public static final ConfigKey<String> MODEL = ConfigKey.oneOf("server", "model", "virtual", false,
            "concurrency model: " + Model.ids(), Arrays.stream(Model.values()).map(Model::id).toArray(String[]::new));
    public static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey.integer("server", "max_connections", 10_000,
            1, MAX, true, "connections served at once; past it a client is refused");

    // [server]: model tuning
    public static final ConfigKey<Integer> THREAD_POOL_SIZE = ConfigKey.integer("server", "thread_pool_size", 20,
            1, MAX, false, "worker threads of the pool model");
    public static final ConfigKey<Integer> QUEUE_SIZE = ConfigKey.integer("server", "queue_size", 1000, 1, MAX,
            false, "accepted connections waiting for a pool worker");
    public static final ConfigKey<Duration> ENQUEUE_TIMEOUT = ConfigKey.duration("server", "enqueue_timeout",
            Duration.ofSeconds(5), false, "how long the pool acceptor waits for queue space before 'server busy'");
    public static final ConfigKey<Integer> EVENT_LOOPS = ConfigKey.integer("server", "event_loops", 0, 0, MAX,
            false, "event loops of the reactor model; 0 = one per core");
    public static final ConfigKey<Integer> WORKER_THREADS = ConfigKey.integer("server", "worker_threads", 0, 0,
            MAX, false, "reactor worker pool for offloaded work; 0 = max(2, cores)");

    // [server]: the multi-process models (iterative is no worker model: one client per worker)
    public static final ConfigKey<Integer> WORKERS = ConfigKey.integer("server", "workers", 0, 0, 1024, false,
            "prefork model: worker processes; 0 = one per core");
    public static final ConfigKey<String> WORKER_MODEL = ConfigKey.oneOf("server", "worker_model", "event", false,
            "prefork model: the in-process model each worker runs", "event", "reactor", "virtual", "thread", "pool");
    public static final ConfigKey<Integer> MAX_CHILDREN = ConfigKey.integer("server", "max_children", 256, 1,
            65_536, true, "process model: live child processes; past it a client gets the busy reply");
    // Apache prefork's MinSpareServers/MaxSpareServers: children started ahead of demand, warmed and waiting
    public static final ConfigKey<Integer> MIN_SPARE_CHILDREN = ConfigKey.integer("server", "min_spare_children", 2,
            0, 4096, true, "process model: warmed children kept waiting for a connection; below it more are started");
    // 8 covers about a second of new connections at what two cores can start, and caps idle memory near 0.5 GiB
    public static final ConfigKey<Integer> MAX_SPARE_CHILDREN = ConfigKey.integer("server", "max_spare_children", 8,
            0, 4096, true, "process model: waiting children at most; past it one a second is stopped");
    public static final ConfigKey<Boolean> CHILD_FD_PASSING = ConfigKey.bool("server", "child_fd_passing", true,
            false, "process model: hand the client's socket to its child (Java 22+, Linux); off = relay the bytes");
    // C1 only (no C2 threads to start or feed), serial GC (no GC threads), a small heap, no hsperfdata file
    public static final ConfigKey<String> CHILD_JVM_OPTIONS = ConfigKey.string("server", "child_jvm_options",
            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -Xss512k -Xshare:auto -XX:-UsePerfData", false,
            "process model: JVM options of each per-connection child, tuned for start-up time");

    // [server]: per-connection limits (live)
    public static final ConfigKey<Duration> IDLE_TIMEOUT = ConfigKey.duration("server", "idle_timeout",
            Duration.ZERO, true, "close a connection that sends nothing for this long; 0 = never");
    public static final ConfigKey<Duration> DRAIN_TIMEOUT = ConfigKey.duration("server", "drain_timeout",
            Duration.ofSeconds(30), true, "how long a graceful shutdown waits for open connections");
    public static final ConfigKey<Long> MAX_OUTBOX = ConfigKey.size("server", "max_outbox", MIB, 1, Long.MAX_VALUE,
            true, "bytes of queued output past which a connection that does not read is closed");
    public static final ConfigKey<Long> WRITE_BUFFER_HIGH = ConfigKey.size("server", "write_buffer_high",
            Watermarks.DEFAULTS.high(), 1, Long.MAX_VALUE, true,
            "queued output past which a connection stops reading until it drains below write_buffer_low");
    public static final ConfigKey<Long> WRITE_BUFFER_LOW = ConfigKey.size("server", "write_buffer_low",
            Watermarks.DEFAULTS.low(), 0, Long.MAX_VALUE, true,
            "queued output below which a connection paused by write_buffer_high reads again");
    public static final ConfigKey<Duration> WRITE_TIMEOUT = ConfigKey.duration("server", "write_timeout",
            Duration.ofSeconds(30), true, "close a connection whose output makes no progress for this long; 0 = never");

    public static final ConfigKey<String> LINGERING_CLOSE = ConfigKey.oneOf("server", "lingering_close", "on", true,
            "after a close by the server, shut output down and read and drop input before closing, so the client "
                    + "reads the reply rather than a reset: on = after a refusal or an error reply, or with input "
                    + "unread; always = after every close; off = never", "on", "always", "off");
    public static final ConfigKey<Duration> LINGERING_TIME = ConfigKey.duration("server", "lingering_time",
            Duration.ofSeconds(30), true, "the most a lingering close lasts in all; 0 = no lingering");
    public static final ConfigKey<Duration> LINGERING_TIMEOUT = ConfigKey.duration("server", "lingering_timeout",
            Duration.ofSeconds(5), true, "a lingering close ends once the client sends nothing for this long");

    // [server]: socket options
    public static final ConfigKey<Boolean> SO_REUSEADDR = ConfigKey.bool("server", "so_reuseaddr", true, false,
            "SO_REUSEADDR on the listener, so a restart can rebind at once");
    public static final ConfigKey<Boolean> SO_REUSEPORT = ConfigKey.bool("server", "so_reuseport", false, false,
            "SO_REUSEPORT on the listener, so several processes can bind the port");
    public static final ConfigKey<Long> SO_RCVBUF = ConfigKey.size("server", "so_rcvbuf", 0L, 0, MAX, false,
            "socket receive buffer, in bytes; 0 = the OS default");
    public static final ConfigKey<Long> SO_SNDBUF = ConfigKey.size("server", "so_sndbuf", 0L, 0, MAX, false,
            "socket send buffer, in bytes; 0 = the OS default");
    public static final ConfigKey<Boolean> SO_KEEPALIVE = ConfigKey.bool("server", "so_keepalive", false, false,
            "TCP keep-alive probes on idle connections");
    public static final ConfigKey<Boolean> TCP_NODELAY = ConfigKey.bool("server", "tcp_nodelay", true, false,
            "send small writes at once (disable Nagle's algorithm)");

    // [server]: other
    public static final ConfigKey<Duration> STATS_INTERVAL = ConfigKey.duration("server", "stats_interval",
            Duration.ZERO, true, "log a stats line this often; 0 = never");

    // [logging]
    public static final ConfigKey<String> LOG_LEVEL = ConfigKey.oneOf("logging", "log_level", "info", true,
            "least severe level logged: trace, debug, info, warn, error", "trace", "debug", "info", "warn", "error");
    public static final ConfigKey<String> LOG_FILE = ConfigKey.string("logging", "log_file", null, false,
            "file to log to; unset = the console only");
    public static final ConfigKey<String> LOG_FORMAT = ConfigKey.oneOf("logging", "format", "text", false,
            "text (one line per event) or json (one JSON object per line, with trace_id and span_id in a span)",
            "text", "json");

    // [security]
    public static final ConfigKey<Boolean> ENABLE_AUTH = ConfigKey.bool("security", "enable_auth", false, false,
            "require clients to authenticate, where the protocol supports it");
    public static final ConfigKey<Integer> RATE_LIMIT = ConfigKey.integer("security", "rate_limit", 0, 0, MAX, true,
            "requests per second allowed per client; 0 = unlimited");
    public static final ConfigKey<Long> MAX_REQUEST_SIZE = ConfigKey.size("security", "max_request_size", MIB, 1,
            Long.MAX_VALUE, true, "largest request accepted, in bytes");

    public static final List<ConfigKey<?>> ALL = withTls(
            PORT, BIND_ADDRESS, BACKLOG, MODEL, MAX_CONNECTIONS,
            THREAD_POOL_SIZE, QUEUE_SIZE, ENQUEUE_TIMEOUT, EVENT_LOOPS, WORKER_THREADS,
            WORKERS, WORKER_MODEL, MAX_CHILDREN, MIN_SPARE_CHILDREN, MAX_SPARE_CHILDREN, CHILD_FD_PASSING,
            CHILD_JVM_OPTIONS,
            IDLE_TIMEOUT, DRAIN_TIMEOUT, MAX_OUTBOX, WRITE_BUFFER_HIGH, WRITE_BUFFER_LOW, WRITE_TIMEOUT,
            LINGERING_CLOSE, LINGERING_TIME, LINGERING_TIMEOUT,
            SO_REUSEADDR, SO_REUSEPORT, SO_RCVBUF, SO_SNDBUF, SO_KEEPALIVE, TCP_NODELAY,
            STATS_INTERVAL,
            LOG_LEVEL, LOG_FILE, LOG_FORMAT,
            ENABLE_AUTH, RATE_LIMIT, MAX_REQUEST_SIZE,
            TracingKeys.ENABLED, TracingKeys.ENDPOINT, TracingKeys.SERVICE_NAME, TracingKeys.RESOURCE_ATTRIBUTES,
            TracingKeys.SAMPLING_RATIO, TracingKeys.EXPORT_INTERVAL);

    /**
     * The core keys a {@code [listener.NAME]} section may set: where and how that listener serves. The rest
     * (threads shared by all listeners, the drain, logging, prefork) are for the whole process.
     */
    public static final List<ConfigKey<?>> PER_LISTENER = withTls(
            PORT, BIND_ADDRESS, BACKLOG, MODEL, MAX_CONNECTIONS,
            THREAD_POOL_SIZE, QUEUE_SIZE, ENQUEUE_TIMEOUT, MAX_CHILDREN, MIN_SPARE_CHILDREN, MAX_SPARE_CHILDREN,
            CHILD_FD_PASSING, CHILD_JVM_OPTIONS,
            IDLE_TIMEOUT, MAX_OUTBOX, WRITE_BUFFER_HIGH, WRITE_BUFFER_LOW, WRITE_TIMEOUT,
            LINGERING_CLOSE, LINGERING_TIME, LINGERING_TIMEOUT,
            SO_REUSEADDR, SO_REUSEPORT, SO_RCVBUF, SO_SNDBUF, SO_KEEPALIVE, TCP_NODELAY,
            ENABLE_AUTH, RATE_LIMIT, MAX_REQUEST_SIZE);

    private CoreKeys() {
    }

    /**
     * {@code keys}, then the PROXY input keys and the {@code [tls]} keys, which every listener may set
     * ({@link io.wharf.core.proxy.ProxyKeys}, {@link io.wharf.core.tls.TlsKeys}).
     */
    private static List<ConfigKey<?>> withTls(ConfigKey<?>... keys) {
        List<ConfigKey<?>> all = new java.util.ArrayList<>(List.of(keys));
        all.addAll(io.wharf.core.proxy.ProxyKeys.ALL);
        all.addAll(io.wharf.core.tls.TlsKeys.ALL);
        return List.copyOf(all);
    }

    /** The core schema; protocols extend it with {@link ConfigSchema#withProtocol}. */
    public static ConfigSchema schema() {
        return ConfigSchema.of(ALL).perListener(PER_LISTENER);
    }

    /**
     * The settings a {@link io.wharf.core.Server} starts with.
     *
     * @param protocolDefaultPort the port used when {@code [server] port} is unset
     */
    public static ServerSettings settings(Config c, int protocolDefaultPort) {
        return settings(c, protocolDefaultPort, c.get(BIND_ADDRESS));
    }

    /**
     * The settings a listener starts with.
     *
     * @param protocolDefaultPort the port used when {@code port} is unset
     * @param protocolDefaultBind the address used when {@code bind_address} is unset (the admin's is loopback)
     */
    public static ServerSettings settings(Config c, int protocolDefaultPort, String protocolDefaultBind) {
        int cores = Runtime.getRuntime().availableProcessors();
        Integer port = c.get(PORT);
        int eventLoops = c.get(EVENT_LOOPS);
        int workers = c.get(WORKER_THREADS);
        SocketOptions socket = new SocketOptions(c.get(SO_REUSEADDR), c.get(SO_REUSEPORT),
                Math.toIntExact(c.get(SO_RCVBUF)), Math.toIntExact(c.get(SO_SNDBUF)),
                c.get(SO_KEEPALIVE), c.get(TCP_NODELAY));
        String bind = c.isSet(BIND_ADDRESS) ? c.get(BIND_ADDRESS) : protocolDefaultBind;
        return new ServerSettings(bind, port == null ? protocolDefaultPort : port, c.get(BACKLOG),
                Model.byId(c.get(MODEL)).orElseThrow(), c.get(THREAD_POOL_SIZE), c.get(QUEUE_SIZE),
                c.get(ENQUEUE_TIMEOUT), eventLoops == 0 ? cores : eventLoops,
                workers == 0 ? Math.max(2, cores) : workers, socket, c.get(DRAIN_TIMEOUT), limits(c));
    }

    /** How a {@code process}-model listener starts its children. */
    public static io.wharf.core.model.process.ChildSettings children(Config c) {
        String s = c.get(CHILD_JVM_OPTIONS);
        List<String> options = s == null || s.isBlank() ? List.of() : Arrays.asList(s.strip().split("\\s+"));
        return new io.wharf.core.model.process.ChildSettings(c.get(MAX_CHILDREN), c.get(MIN_SPARE_CHILDREN),
                c.get(MAX_SPARE_CHILDREN), c.get(CHILD_FD_PASSING), options);
    }

    /**
     * The limits a reload can change on a running server.
     *
     * @throws IllegalArgumentException if the keys contradict each other; {@link #check} says so as a
     *                                  {@link ConfigException}, so call it first where a user gave the config
     */
    public static Limits limits(Config c) {
        return new Limits(c.get(MAX_CONNECTIONS), c.get(IDLE_TIMEOUT), c.get(MAX_OUTBOX), c.get(WRITE_TIMEOUT),
                new Watermarks(c.get(WRITE_BUFFER_LOW), c.get(WRITE_BUFFER_HIGH)),
                new Lingering(Lingering.Mode.of(c.get(LINGERING_CLOSE)), c.get(LINGERING_TIME), c.get(LINGERING_TIMEOUT)));
    }

    /**
     * Checks what no single key can: {@code write_buffer_low < write_buffer_high <= max_outbox}.
     *
     * @throws ConfigException one line naming the keys, their values and where each was set, e.g.
     *                         {@code [server] write_buffer_low (64.0KiB, conf/server.conf:62) must be below
     *                         [server] write_buffer_high (64.0KiB, default)}
     */
    public static void check(Config c) throws ConfigException {
        long low = c.get(WRITE_BUFFER_LOW);
        long high = c.get(WRITE_BUFFER_HIGH);
        long max = c.get(MAX_OUTBOX);
        if (low >= high) {
            throw new ConfigException(where(c, WRITE_BUFFER_LOW, low) + " must be below "
                    + where(c, WRITE_BUFFER_HIGH, high));
        }
        if (high > max) {
            throw new ConfigException(where(c, WRITE_BUFFER_HIGH, high) + " must be at most "
                    + where(c, MAX_OUTBOX, max));
        }
        int minSpare = c.get(MIN_SPARE_CHILDREN);
        int maxSpare = c.get(MAX_SPARE_CHILDREN);
        if (minSpare > maxSpare) {
            throw new ConfigException(ConfigLoader.label(MIN_SPARE_CHILDREN) + " (" + minSpare + ", "
                    + c.origin(MIN_SPARE_CHILDREN) + ") must be at most " + ConfigLoader.label(MAX_SPARE_CHILDREN)
                    + " (" + maxSpare + ", " + c.origin(MAX_SPARE_CHILDREN) + ")");
        }
    }

    private static String where(Config c, ConfigKey<Long> key, long value) {
        return ConfigLoader.label(key) + " (" + Bytes.human(value) + ", " + c.origin(key) + ")";
    }
}
