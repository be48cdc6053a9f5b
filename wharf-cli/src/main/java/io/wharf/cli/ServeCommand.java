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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * {@code wharf serve <protocol>}: runs a server until SIGINT/SIGTERM. Flags override {@code server.conf};
 * both are validated by the same config keys, so a bad flag and a bad line read alike.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a server: echo (line or raw echo) or http (static files).",
            "Flags override the config file; any key can be set with --set section.key=value."},
        footer = {"", "Examples:",
            "  wharf serve echo                          echo on port 7007, virtual-thread model",
            "  wharf serve echo --model event --port 9000",
            "  wharf serve echo --raw --model reactor     raw echo (what benchmarks use)",
            "  wharf serve echo -c conf/server.conf --stats-interval 5"})
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
            + "event, reactor (default virtual).")
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

    @Option(names = "--workers", paramLabel = "N", description = "reactor model: worker pool threads.")
    String workers;

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
        try {
            Config config = configFile == null ? Config.defaults(schema) : Config.load(configFile, schema);
            for (FlagOverride o : overrides(p, schema)) {
                config = config.override(o.key(), o.value(), o.flag());
            }
            return new ServerRunner(p, config).run();
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
        Map<String, String> byFlag = new LinkedHashMap<>();
        byFlag.put("--port", port);
        byFlag.put("--bind", bind);
        byFlag.put("--model", model);
        byFlag.put("--max-connections", maxConnections);
        byFlag.put("--threads", threads);
        byFlag.put("--queue-size", queueSize);
        byFlag.put("--event-loops", eventLoops);
        byFlag.put("--workers", workers);
        byFlag.put("--backlog", backlog);
        byFlag.put("--idle-timeout", idleTimeout);
        byFlag.put("--drain-timeout", drainTimeout);
        byFlag.put("--max-outbox", maxOutbox);
        byFlag.put("--log-level", logLevel);
        byFlag.put("--log-file", logFile);
        byFlag.put("--stats-interval", statsInterval);
        byFlag.put("--root", root);
        Map<String, ConfigKey<?>> keys = Map.ofEntries(
                Map.entry("--port", CoreKeys.PORT), Map.entry("--bind", CoreKeys.BIND_ADDRESS),
                Map.entry("--model", CoreKeys.MODEL), Map.entry("--max-connections", CoreKeys.MAX_CONNECTIONS),
                Map.entry("--threads", CoreKeys.THREAD_POOL_SIZE), Map.entry("--queue-size", CoreKeys.QUEUE_SIZE),
                Map.entry("--event-loops", CoreKeys.EVENT_LOOPS), Map.entry("--workers", CoreKeys.WORKER_THREADS),
                Map.entry("--backlog", CoreKeys.BACKLOG), Map.entry("--idle-timeout", CoreKeys.IDLE_TIMEOUT),
                Map.entry("--drain-timeout", CoreKeys.DRAIN_TIMEOUT), Map.entry("--max-outbox", CoreKeys.MAX_OUTBOX),
                Map.entry("--log-level", CoreKeys.LOG_LEVEL), Map.entry("--log-file", CoreKeys.LOG_FILE),
                Map.entry("--stats-interval", CoreKeys.STATS_INTERVAL), Map.entry("--root", CoreKeys.DOCUMENT_ROOT));
        List<FlagOverride> out = new ArrayList<>();
        byFlag.forEach((flag, value) -> {
            if (value != null) {
                out.add(new FlagOverride(keys.get(flag), value, flag));
            }
        });
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

    static Map<String, Protocol> protocols() {
        return ServiceLoader.load(Protocol.class).stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(Protocol::name, p -> p, (a, b) -> a, java.util.TreeMap::new));
    }

    static Optional<Protocol> protocol(String name) {
        return Optional.ofNullable(protocols().get(name));
    }

    /** Completion candidates and help text: the protocols on the class path. */
    static final class ProtocolNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return protocols().keySet().iterator();
        }
    }
}
