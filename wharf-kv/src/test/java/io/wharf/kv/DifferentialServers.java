package io.wharf.kv;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.stats.ServerStats;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.AfterAllCallback;
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
 * comparing every reply byte for byte ({@link #sameReplies}). A JUnit extension: registered as a static field,
 * it starts them before the class's tests (skipping the class when redis-server is not installed; {@code .ci/run}
 * installs it) and stops them after.
 */
final class DifferentialServers implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** The models the scripts run under: every one that serves kv. */
    static final List<Model> MODELS = List.of(Model.EVENT, Model.REACTOR, Model.VIRTUAL, Model.THREAD, Model.POOL);

    private RedisServerProcess redis;
    private final Map<Model, Server> wharf = new LinkedHashMap<>();
    private final List<KvService> services = new ArrayList<>();

    /** Started before the class's tests and stopped after them: {@code @RegisterExtension static final}. */
    DifferentialServers() {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(RedisServerProcess.binary() != null, "redis-server is not installed");
        redis = RedisServerProcess.start();
        for (Model model : MODELS) {
            KvService service = new KvService(KvSettings.DEFAULTS);
            services.add(service);
            wharf.put(model, Server.start(ServerSettings.defaults(0, model).withBindAddress("127.0.0.1"), service,
                    new ServerStats()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    InetSocketAddress redis() {
        return redis.address();
    }

    @Override
    public void close() {
        wharf.values().forEach(Server::close);
        wharf.clear();
        services.forEach(KvService::shutdown);
        services.clear();
        if (redis != null) {
            redis.close();
            redis = null;
        }
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
                () -> check.run(wharf.get(model).localAddress(), e.getValue()))));
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
