package io.wharf.cli;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.Protocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * {@code wharf serve <protocol>}: runs a server until SIGINT/SIGTERM. Flags override {@code server.conf};
 * both are validated by the same config keys, so a bad flag and a bad line read alike.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a server: echo (line or raw echo), http (static files) or chat (telnet/nc chat).",
            "Flags override the config file; any key can be set with --set section.key=value."},
        footer = {"", "Examples:",
            "  wharf serve echo                          echo on port 7007, virtual-thread model",
            "  wharf serve echo --model event --port 9000",
            "  wharf serve echo --raw --model reactor     raw echo (what benchmarks use)",
            "  wharf serve http --model prefork --workers 2 --worker-model event",
            "  wharf serve echo -c conf/server.conf --stats-interval 5",
            "  wharf serve chat --set chat.admins=alice    chat on port 6667; then: nc localhost 6667"})
final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROTOCOL", completionCandidates = ProtocolNames.class,
            description = "Protocol to serve: ${COMPLETION-CANDIDATES}.")
    String protocol;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "server.conf to read (INI).")
    Path configFile;

    @Option(names = {"-p", "--port"}, description = "Port, 1-65535 (default: the protocol's).")
    String port;

    @Option(names = {"-b", "--bind"}, paramLabel = "ADDRESS",
            description = "Address to listen on: 0.0.0.0 / :: for all, or one address (default 0.0.0.0).")
    String bind;

    @Option(names = {"-m", "--model"}, description = "Concurrency model: iterative, thread, virtual, pool, "
            + "event, reactor, process, prefork (default virtual).")
    String model;

    @Option(names = "--max-connections", paramLabel = "N", description = "Clients served at once; past it a "
            + "client gets a one-line refusal.")
    String maxConnections;

    @Option(names = "--threads", paramLabel = "N", description = "pool model: worker threads (thread_pool_size).")
    String threads;

    @Option(names = "--queue-size", paramLabel = "N", description = "pool model: accepted clients waiting.")
    String queueSize;

    @Option(names = "--event-loops", paramLabel = "N", description = "reactor model: event loops (0 = cores).")
    String eventLoops;

    @Option(names = "--worker-threads", paramLabel = "N", description = "reactor model: worker pool threads.")
    String workerThreads;

    @Option(names = "--workers", paramLabel = "N", description = "prefork model: worker processes (0 = cores).")
    String workers;

    @Option(names = "--worker-model", paramLabel = "MODEL", description = "prefork model: what each worker runs: "
            + "event, reactor, virtual, thread, pool (default event).")
    String workerModel;

    @Option(names = "--max-children", paramLabel = "N", description = "process model: live child processes "
            + "(256); past it a client gets the busy reply.")
    String maxChildren;

    @Option(names = "--backlog", paramLabel = "N", description = "Accept queue length (0 = OS maximum).")
    String backlog;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", description = "Close idle clients, e.g. 60s "
            + "(0 = never).")
    String idleTimeout;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "Graceful shutdown wait (30s).")
    String drainTimeout;

    @Option(names = "--max-outbox", paramLabel = "SIZE", description = "Queued output per client before it "
            + "is dropped (1MiB).")
    String maxOutbox;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "trace, debug, info, warn, error.")
    String logLevel;

    @Option(names = "--log-file", paramLabel = "FILE", description = "Also log to this file.")
    String logFile;

    @Option(names = "--stats-interval", paramLabel = "SECONDS", description = "Print a stats line every N s.")
    String statsInterval;

    @Option(names = {"-r", "--root"}, paramLabel = "DIR", description = "http: document root (document_root).")
    String root;

    @Option(names = "--raw", description = "echo: echo bytes exactly, no banner (benchmarks).")
    boolean raw;

    @Option(names = {"-o", "--set"}, paramLabel = "SECTION.KEY=VALUE",
            description = "Set any config key, e.g. --set server.write_timeout=10s.")
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() {
        Protocol p = protocols().get(protocol);
        if (p == null) {
            throw new UserError("unknown protocol '" + protocol + "': choose one of "
                    + String.join(", ", protocols().keySet()));
        }
        ConfigSchema schema = schema();
        List<FlagOverride> overrides = overrides(p, schema);
        Config config;
        try {
            config = configFile == null ? Config.defaults(schema) : Config.load(configFile, schema);
            for (FlagOverride o : overrides) {
                config = config.override(o.key(), o.value(), o.flag());
            }
            CoreKeys.check(config);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
        return new ServerRunner(p, config, serveArgs(overrides)).run();
    }

    /**
     * This command line again, for the child processes of the multi-process models: the protocol, the config
     * file, and every flag as the {@code --set} it stands for, so a child resolves exactly the same config.
     */
    private List<String> serveArgs(List<FlagOverride> overrides) {
        List<String> args = new ArrayList<>(List.of(protocol));
        if (configFile != null) {
            args.addAll(List.of("--config", configFile.toAbsolutePath().toString()));
        }
        for (FlagOverride o : overrides) {
            args.addAll(List.of("--set", o.key().id() + "=" + o.value()));
        }
        return List.copyOf(args);
    }

    /** Parses {@code serve} arguments as {@link #serveArgs} wrote them and runs {@code body} with the result. */
    static int resolve(List<String> serveArgs, java.util.function.BiFunction<Protocol, Config, Integer> body) {
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve).parseArgs(serveArgs.toArray(String[]::new));
        Protocol p = protocols().get(serve.protocol);
        if (p == null) {
            throw new UserError("unknown protocol '" + serve.protocol + "'");
        }
        ConfigSchema schema = schema();
        try {
            Config config = serve.configFile == null ? Config.defaults(schema) : Config.load(serve.configFile, schema);
            for (FlagOverride o : serve.overrides(p, schema)) {
                config = config.override(o.key(), o.value(), o.flag());
            }
            CoreKeys.check(config);
            return body.apply(p, config);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Every protocol's keys, so one server.conf can carry the sections of all of them. */
    static ConfigSchema schema() {
        ConfigSchema schema = ConfigSchema.of(CoreKeys.ALL);
        for (Protocol p : protocols().values()) {
            schema = schema.with(p.configKeys());
        }
        return schema;
    }

    /** One command-line override: {@code flag} is how the user wrote it, for error messages. */
    record FlagOverride(ConfigKey<?> key, String value, String flag) {

        /** Parses {@code --set section.key=value}. */
        static FlagOverride parse(ConfigSchema schema, String setting) {
            int eq = setting.indexOf('=');
            int dot = setting.indexOf('.');
            if (eq < 0 || dot < 0 || dot > eq) {
                throw new UserError("--set " + setting + ": expected SECTION.KEY=VALUE, e.g. server.port=9000");
            }
            String section = setting.substring(0, dot).trim();
            String name = setting.substring(dot + 1, eq).trim();
            ConfigKey<?> key = schema.find(section, name).orElseThrow(() -> new UserError(
                    "--set " + setting + ": unknown key '" + name + "' in [" + section + "]"));
            return new FlagOverride(key, setting.substring(eq + 1).trim(), "--set " + section + "." + name);
        }
    }

    /** Flags as (key, value, flag name), in the order they override the file. */
    private List<FlagOverride> overrides(Protocol p, ConfigSchema schema) {
        List<FlagOverride> out = new ArrayList<>();
        flag(out, "--port", port, CoreKeys.PORT);
        flag(out, "--bind", bind, CoreKeys.BIND_ADDRESS);
        flag(out, "--model", model, CoreKeys.MODEL);
        flag(out, "--max-connections", maxConnections, CoreKeys.MAX_CONNECTIONS);
        flag(out, "--threads", threads, CoreKeys.THREAD_POOL_SIZE);
        flag(out, "--queue-size", queueSize, CoreKeys.QUEUE_SIZE);
        flag(out, "--event-loops", eventLoops, CoreKeys.EVENT_LOOPS);
        flag(out, "--worker-threads", workerThreads, CoreKeys.WORKER_THREADS);
        flag(out, "--workers", workers, CoreKeys.WORKERS);
        flag(out, "--worker-model", workerModel, CoreKeys.WORKER_MODEL);
        flag(out, "--max-children", maxChildren, CoreKeys.MAX_CHILDREN);
        flag(out, "--backlog", backlog, CoreKeys.BACKLOG);
        flag(out, "--idle-timeout", idleTimeout, CoreKeys.IDLE_TIMEOUT);
        flag(out, "--drain-timeout", drainTimeout, CoreKeys.DRAIN_TIMEOUT);
        flag(out, "--max-outbox", maxOutbox, CoreKeys.MAX_OUTBOX);
        flag(out, "--log-level", logLevel, CoreKeys.LOG_LEVEL);
        flag(out, "--log-file", logFile, CoreKeys.LOG_FILE);
        flag(out, "--stats-interval", statsInterval, CoreKeys.STATS_INTERVAL);
        flag(out, "--root", root, CoreKeys.DOCUMENT_ROOT);
        if (raw) {
            ConfigKey<?> rawKey = p.configKeys().stream().filter(k -> k.name().equals("raw")).findFirst()
                    .orElseThrow(() -> new UserError("--raw applies to the echo protocol only"));
            out.add(new FlagOverride(rawKey, "true", "--raw"));
        }
        for (String s : settings) {
            out.add(FlagOverride.parse(schema, s));
        }
        return out;
    }

    private static void flag(List<FlagOverride> out, String flag, String value, ConfigKey<?> key) {
        if (value != null) {
            out.add(new FlagOverride(key, value, flag));
        }
    }

    static Map<String, Protocol> protocols() {
        return ServiceLoader.load(Protocol.class).stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(Protocol::name, p -> p, (a, b) -> a, java.util.TreeMap::new));
    }

    /** Completion candidates and help text: the protocols on the class path. */
    static final class ProtocolNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return protocols().keySet().iterator();
        }
    }
}
