package io.wharf.cli;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.Protocol;
import io.wharf.core.spi.ProtocolOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * {@code wharf serve [<protocol>]}: runs a server until SIGINT/SIGTERM: one listener of {@code <protocol>}, or
 * every {@code [listener.NAME]} of the config file. Flags override {@code server.conf}; both are validated by the
 * same config keys, so a bad flag and a bad line read alike. Protocols add their own options ({@code --root}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a server: echo, http (static files), chat (telnet/nc) or admin (health, stats, metrics).",
            "With no protocol, runs every [listener.NAME] of the config file in one process.",
            "Flags override the config file; --set section.key=value sets any key, and "
                + "--set listener.NAME.key=value one listener's."},
        footer = {"", "Examples:",
            "  wharf serve echo                          echo on port 7007 (virtual threads)",
            "  wharf serve echo --model event --port 9000",
            "  wharf serve echo --raw --model reactor     raw echo (what benchmarks use)",
            "  wharf serve http --model prefork --workers 2 --worker-model event",
            "  wharf serve echo -c conf/server.conf --stats-interval 5",
            "  wharf serve chat --set chat.admins=alice    chat on port 6667; then: nc localhost 6667",
            "  wharf serve http --tls                     HTTPS on port 8443; then: curl -k https://localhost:8443/",
            "  wharf serve -c conf/multi.conf             http, chat, echo and admin listeners in one process"})
final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROTOCOL", completionCandidates = ProtocolNames.class,
            description = "Protocol to serve: ${COMPLETION-CANDIDATES}; none with a config of [listener.NAME] sections.")
    String protocol;

    @Spec
    CommandSpec spec;

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

    @Option(names = "--min-spare-children", paramLabel = "N", description = "process model: warmed children "
            + "kept waiting for a connection (2).")
    String minSpareChildren;

    @Option(names = "--max-spare-children", paramLabel = "N", description = "process model: waiting children "
            + "at most (8).")
    String maxSpareChildren;

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

    @Option(names = "--tls", description = "Serve over TLS ([tls] tls = on); with no --tls-cert, a self-signed "
            + "development certificate for localhost (made once). HTTP's default port is then 8443, chat's 6697.")
    boolean tls;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "TLS certificate: PEM chain or PKCS#12 (implies --tls).")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "TLS private key, PEM (PKCS#8, PKCS#1 or SEC1).")
    String tlsKey;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "trace, debug, info, warn, error.")
    String logLevel;

    @Option(names = "--log-file", paramLabel = "FILE", description = "Also log to this file.")
    String logFile;

    @Option(names = "--stats-interval", paramLabel = "SECONDS", description = "Print a stats line every N s.")
    String statsInterval;

    @Option(names = {"-o", "--set"}, paramLabel = "SECTION.KEY=VALUE",
            description = "Set any config key, e.g. --set server.write_timeout=10s.")
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() {
        Resolved r = resolve();
        return new HostRunner(r.plan(), serveArgs(r.overrides())).run();
    }

    /** The config and its listeners, as this command line gives them. */
    private record Resolved(ServePlan plan, List<FlagOverride> overrides) {
    }

    private Resolved resolve() {
        Map<String, Protocol> protocols = protocols();
        Protocol p = null;
        if (protocol != null) {
            p = protocols.get(protocol);
            if (p == null) {
                throw new UserError("unknown protocol '" + protocol + "'" + io.wharf.core.config.Spelling
                        .closest(protocol, protocols.keySet()).map(n -> " (did you mean '" + n + "'?)").orElse("")
                        + ": choose one of "
                        + String.join(", ", protocols.keySet()));
            }
        }
        ConfigSchema schema = schema();
        Config config;
        List<FlagOverride> overrides;
        try {
            config = configFile == null ? Config.defaults(schema) : Config.load(configFile, schema);
            boolean sectioned = !config.listenerNames().isEmpty();
            if (sectioned && p != null) {
                throw new UserError(configFile + " has [listener.NAME] sections, which name their protocols: run "
                        + "'wharf serve -c " + configFile + "' without '" + protocol + "'");
            }
            if (!sectioned && p == null) {
                throw new UserError("name a protocol (" + String.join(", ", protocols.keySet()) + "), or give a "
                        + "config with [listener.NAME] sections: wharf serve -c FILE");
            }
            overrides = overrides(p, schema, sectioned);
            for (FlagOverride o : overrides) {
                config = o.applyTo(config);
            }
            CoreKeys.check(config);
            for (String name : config.listenerNames()) {
                CoreKeys.check(config.forListener(name));
            }
            return new Resolved(ServePlan.of(config, p, protocols), overrides);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * This command line again, for the child processes of the multi-process models: the protocol, the config
     * file, and every flag as the {@code --set} it stands for, so a child resolves exactly the same config.
     */
    private List<String> serveArgs(List<FlagOverride> overrides) {
        List<String> args = new ArrayList<>();
        if (protocol != null) {
            args.add(protocol);
        }
        if (configFile != null) {
            args.addAll(List.of("--config", configFile.toAbsolutePath().toString()));
        }
        for (FlagOverride o : overrides) {
            args.addAll(List.of("--set", o.setting()));
        }
        return List.copyOf(args);
    }

    /** Parses {@code serve} arguments as {@link #serveArgs} wrote them and runs {@code body} with the plan. */
    static int resolve(List<String> serveArgs, java.util.function.Function<ServePlan, Integer> body) {
        ServeCommand serve = new ServeCommand();
        picocli.CommandLine cli = new picocli.CommandLine(serve);
        ProtocolOptions.addTo(cli.getCommandSpec(), protocols().values());
        cli.parseArgs(serveArgs.toArray(String[]::new));
        return body.apply(serve.resolve().plan());
    }

    /** Every protocol's keys, so one server.conf can carry the sections of all of them. */
    static ConfigSchema schema() {
        ConfigSchema schema = CoreKeys.schema();
        for (Protocol p : protocols().values()) {
            schema = schema.withProtocol(p.name(), p.configKeys());
        }
        return schema;
    }

    /**
     * One command-line override: {@code flag} is how the user wrote it, for error messages; {@code listener} is
     * null for a section's key, else the listener whose key {@code name} it sets ({@code --set listener.web.port}).
     */
    record FlagOverride(ConfigKey<?> key, String listener, String name, String value, String flag) {

        FlagOverride(ConfigKey<?> key, String value, String flag) {
            this(key, null, key.name(), value, flag);
        }

        /** Parses {@code --set section.key=value} or {@code --set listener.NAME.key=value}. */
        static FlagOverride parse(ConfigSchema schema, String setting) {
            int eq = setting.indexOf('=');
            int dot = eq < 0 ? -1 : setting.lastIndexOf('.', eq);
            if (eq < 0 || dot < 0) {
                throw new UserError("--set " + setting + ": expected SECTION.KEY=VALUE, e.g. server.port=9000");
            }
            String section = setting.substring(0, dot).trim();
            String name = setting.substring(dot + 1, eq).trim();
            String value = setting.substring(eq + 1).trim();
            if (section.startsWith(ConfigSchema.LISTENER_PREFIX)) {
                String listener = section.substring(ConfigSchema.LISTENER_PREFIX.length());
                return new FlagOverride(null, listener, name, value, "--set " + section + "." + name);
            }
            ConfigKey<?> key = schema.find(section, name).orElseThrow(() -> new UserError(
                    "--set " + setting + ": " + schema.whyUnknown(section, name).orElseThrow()));
            return new FlagOverride(key, null, name, value, "--set " + section + "." + name);
        }

        Config applyTo(Config config) throws ConfigException {
            return listener == null ? config.override(key, value, flag) : config.override(listener, name, value, flag);
        }

        /** As {@code --set} writes it. */
        String setting() {
            return (listener == null ? key.id() : ConfigSchema.LISTENER_PREFIX + listener + "." + name) + "=" + value;
        }
    }

    /** Flags as (key, value, flag name), in the order they override the file. */
    private List<FlagOverride> overrides(Protocol p, ConfigSchema schema, boolean sectioned) {
        List<FlagOverride> out = new ArrayList<>();
        if (sectioned && (port != null || bind != null)) {
            String flag = port != null ? "--port" : "--bind";
            throw new UserError(flag + ": " + configFile + " has [listener.NAME] sections, each with its own address:"
                    + " set it there, or use --set listener.NAME." + (port != null ? "port=N" : "bind_address=ADDRESS"));
        }
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
        flag(out, "--min-spare-children", minSpareChildren, CoreKeys.MIN_SPARE_CHILDREN);
        flag(out, "--max-spare-children", maxSpareChildren, CoreKeys.MAX_SPARE_CHILDREN);
        flag(out, "--backlog", backlog, CoreKeys.BACKLOG);
        flag(out, "--idle-timeout", idleTimeout, CoreKeys.IDLE_TIMEOUT);
        flag(out, "--drain-timeout", drainTimeout, CoreKeys.DRAIN_TIMEOUT);
        flag(out, "--max-outbox", maxOutbox, CoreKeys.MAX_OUTBOX);
        if (tls || tlsCert != null) {
            out.add(new FlagOverride(io.wharf.core.tls.TlsKeys.TLS, "on", "--tls"));
        }
        flag(out, "--tls-cert", tlsCert, io.wharf.core.tls.TlsKeys.CERT);
        flag(out, "--tls-key", tlsKey, io.wharf.core.tls.TlsKeys.KEY);
        flag(out, "--log-level", logLevel, CoreKeys.LOG_LEVEL);
        flag(out, "--log-file", logFile, CoreKeys.LOG_FILE);
        flag(out, "--stats-interval", statsInterval, CoreKeys.STATS_INTERVAL);
        out.addAll(ProtocolOptions.given(spec, p, protocols().values()));
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
