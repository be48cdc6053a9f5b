package io.wharf.kv;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.stats.ServerStats;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fixture of the differential tests: Debian's {@code redis-server} 7.0 on a free port and a wharf kv server
 * under every model that serves kv, the scripts' syntax ({@link #parse}), and running a script on both and
 * comparing every reply byte for byte ({@link #sameReplies}). A JUnit extension, registered as a static field
 * ({@code @RegisterExtension static final}): before a class's tests it skips the class when redis-server is not
 * installed ({@code .ci/run} installs it), else finds the servers started, started once for every differential
 * class of the run (in JUnit's root store, which stops them when the run ends), so a family split into several
 * classes costs no more start-ups. Scripts share the servers: each runs between two FLUSHALLs, and a reply that
 * lists several keys (KEYS, SCAN) comes in hash-table order, which differs between servers, so scripts keep such
 * replies to one key.
 *
 * <p>Threading: JUnit's; tests run one at a time (the build sets no parallel execution).
 */
final class DifferentialServers implements BeforeAllCallback {

    /** The models the scripts run under: every one that serves kv. */
    static final List<Model> MODELS = List.of(Model.EVENT, Model.REACTOR, Model.VIRTUAL, Model.THREAD, Model.POOL);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            DifferentialServers.class);

    private Started started;

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue(RedisServerProcess.binary() != null, "redis-server is not installed");
        started = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Started.class, k -> Started.start(), Started.class);
    }

    /** The servers, started by the first class that needs them and closed by JUnit after the last. */
    private static final class Started implements AutoCloseable {
        private final RedisServerProcess redis;
        private final Map<Model, Server> wharf = new LinkedHashMap<>();
        private final List<KvService> services = new ArrayList<>();

        private Started(RedisServerProcess redis) {
            this.redis = redis;
        }

        static Started start() {
            Started s;
            try {
                s = new Started(RedisServerProcess.start());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("redis-server did not start", e);
            }
            try {
                for (Model model : MODELS) {
                    KvService service = new KvService(KvSettings.DEFAULTS);
                    s.services.add(service);
                    s.wharf.put(model, Server.start(ServerSettings.defaults(0, model)
                            .withBindAddress("127.0.0.1"), service, new ServerStats()));
                }
                return s;
            } catch (Exception e) {
                s.close(); // redis and the servers already up must not outlive a failed start
                throw new IllegalStateException("wharf kv did not start", e);
            }
        }

        @Override
        public void close() {
            wharf.values().forEach(Server::close);
            services.forEach(KvService::shutdown);
            redis.close();
        }
    }

    InetSocketAddress redis() {
        return started.redis.address();
    }

    /** What one test does with wharf's address under one model and one case's text. */
    @FunctionalInterface
    interface Check {
        void run(InetSocketAddress wharf, String input) throws Exception;
    }

    /** One test per model and case, named {@code model: case}. */
    Stream<DynamicTest> perModel(Map<String, String> cases, Check check) {
        return MODELS.stream().flatMap(model -> cases.entrySet().stream().map(e -> DynamicTest.dynamicTest(
                model.name().toLowerCase(Locale.ROOT) + ": " + e.getKey(),
                () -> check.run(started.wharf.get(model).localAddress(), e.getValue()))));
    }

    /** One test per model and script: the script's replies alike on Redis and wharf ({@link #sameReplies}). */
    Stream<DynamicTest> sameReplies(Map<String, String> scripts, boolean resp3) {
        return perModel(scripts, (address, script) -> sameReplies(address, script, resp3));
    }

    /** Runs {@code script} on Redis and on {@code address} (after HELLO 3 if {@code resp3}); every reply alike. */
    void sameReplies(InetSocketAddress address, String script, boolean resp3) throws IOException {
        List<List<String>> commands = parse(script);
        List<String> expected = run(new RawRedis(redis()), commands, resp3);
        List<String> actual = run(new RawRedis(address), commands, resp3);
        for (int i = 0; i < commands.size(); i++) {
            assertThat(actual.get(i)).as(String.join(" ", commands.get(i))).isEqualTo(expected.get(i));
        }
    }

    /** The replies to {@code commands} on a fresh connection, between two FLUSHALLs. */
    static List<String> run(RawRedis client, List<List<String>> commands, boolean resp3) throws IOException {
        try (client) {
            if (resp3) {
                client.call("HELLO", "3");
            }
            client.call("FLUSHALL");
            List<String> replies = new ArrayList<>();
            for (List<String> c : commands) {
                replies.add(client.call(c.toArray(String[]::new)));
            }
            client.call("FLUSHALL");
            return replies;
        }
    }

    /** Scripts: one command a line, arguments split on blanks, {@code "..."} for one with blanks or empty. */
    static List<List<String>> parse(String script) {
        List<List<String>> out = new ArrayList<>();
        for (String line : script.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            List<String> args = new ArrayList<>();
            StringBuilder cur = null;
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        quoted = false;
                    } else {
                        cur.append(c);
                    }
                } else if (c == ' ') {
                    if (cur != null) {
                        args.add(cur.toString());
                        cur = null;
                    }
                } else {
                    if (cur == null) {
                        cur = new StringBuilder();
                    }
                    if (c == '"') {
                        quoted = true;
                    } else {
                        cur.append(c);
                    }
                }
            }
            if (cur != null) {
                args.add(cur.toString());
            }
            out.add(args);
        }
        return out;
    }
}
