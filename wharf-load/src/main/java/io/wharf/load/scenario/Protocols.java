package io.wharf.load.scenario;

import io.wharf.load.EchoLineTarget;
import io.wharf.load.EchoRawTarget;
import io.wharf.load.HttpRequestTarget;
import io.wharf.load.LoadTarget;
import io.wharf.load.RequestTemplate;
import io.wharf.load.ws.WsEchoTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The protocols a scenario may name: the built-in echo, echo-raw, http and ws (the echo at {@code target.path}),
 * and any {@link ScenarioProtocol} on the
 * class path (ServiceLoader). Stateless.
 */
final class Protocols {

    private Protocols() {
    }

    static Map<String, ScenarioProtocol> all() {
        Map<String, ScenarioProtocol> byName = new TreeMap<>();
        for (ScenarioProtocol p : List.of(new Echo("echo", 7007, true), new Echo("echo-raw", 7007, false),
                new Http(), new Ws())) {
            byName.put(p.name(), p);
        }
        ServiceLoader.load(ScenarioProtocol.class).forEach(p -> byName.putIfAbsent(p.name(), p));
        return byName;
    }

    static Optional<ScenarioProtocol> named(String name) {
        return Optional.ofNullable(all().get(name));
    }

    /** Echo requests: {@code size} bytes (newline included for the line echo); every reply byte checked. */
    private record Echo(String name, int defaultPort, boolean line) implements ScenarioProtocol {
        @Override
        public Set<String> requestKeys() {
            return Set.of("size");
        }

        @Override
        public LoadTarget request(Fields r, Context context) throws ScenarioException {
            int size = (int) r.integer("size", line ? 2 : 1, 1 << 20, 64);
            return line ? new EchoLineTarget(size) : new EchoRawTarget(size);
        }
    }

    /** WebSocket echo at {@code target.path}: text messages of {@code size} bytes, every echo checked. */
    private record Ws() implements ScenarioProtocol {
        @Override
        public String name() {
            return "ws";
        }

        @Override
        public int defaultPort() {
            return 8080;
        }

        @Override
        public Set<String> requestKeys() {
            return Set.of("size");
        }

        @Override
        public LoadTarget request(Fields r, Context c) throws ScenarioException {
            int size = (int) r.integer("size", 1, WsEchoTarget.MAX_SIZE, 64);
            return new WsEchoTarget(c.host(), c.port(), c.path(), size);
        }
    }

    /** HTTP/1.1 requests: {@code method} (GET), {@code path} (/), {@code headers} (a map), {@code body}. */
    private static final class Http implements ScenarioProtocol {
        @Override
        public String name() {
            return "http";
        }

        @Override
        public int defaultPort() {
            return 8080;
        }

        @Override
        public Set<String> requestKeys() {
            return Set.of("method", "path", "headers", "body");
        }

        @Override
        public LoadTarget request(Fields r, Context c) throws ScenarioException {
            Set<String> vars = c.variables().names();
            String method = r.string("method", "GET").toUpperCase(Locale.ROOT);
            if (!HttpRequestTarget.METHODS.contains(method)) {
                throw r.error("method", "'" + method + "' is not one of " + String.join(", ",
                        HttpRequestTarget.METHODS.stream().sorted().toList()));
            }
            String path = r.string("path", "/");
            if (!path.startsWith("/") || path.chars().anyMatch(ch -> ch <= ' ' || ch >= 0x7f)) {
                throw r.error("path", "must start with / and hold no spaces or control characters: " + path);
            }
            Map<String, RequestTemplate> headers = new LinkedHashMap<>();
            if (r.has("headers")) {
                Fields h = r.fields("headers", Fields.ANY);
                for (String name : h.keys()) {
                    if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                        throw h.error(name, "not a header field name");
                    }
                    if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("connection")) {
                        throw h.error(name, "set by the load generator (from the body and target.keepalive)");
                    }
                    headers.put(name, template(h, name, h.string(name), vars));
                }
            }
            RequestTemplate body = template(r, "body", r.string("body", ""), vars);
            return new HttpRequestTarget(method, template(r, "path", path, vars), headers, body, c.host(), c.port(),
                    c.keepAlive(), c.variables(), c.connections());
        }

        private static RequestTemplate template(Fields f, String key, String text, Set<String> vars)
                throws ScenarioException {
            try {
                return RequestTemplate.compile(text, vars);
            } catch (IllegalArgumentException e) {
                throw f.error(key, e.getMessage());
            }
        }
    }
}
