package io.wharf.load.scenario;

import io.wharf.load.ClientTls;
import io.wharf.load.LoadCurve;
import io.wharf.load.LoadTarget;
import io.wharf.load.MixTarget;
import io.wharf.load.Variables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario file (YAML) into a {@link Scenario}, checking every key: an unknown key (with the closest known
 * one), a value of the wrong type, a missing key or a value out of range is one {@link ScenarioException}
 * {@code file:line: path.key: what is wrong}. The layout:
 *
 * <pre>
 * name, target {protocol, host, port, path, keepalive, rooms, tls, insecure, ca, sni},
 * load {threads, connections, timeout, think, churn},
 * stages [{name, duration, connections | rate, from}], requests [{weight, ...protocol keys}],
 * variables {NAME: {from, to} | {csv, column}}, thresholds [RULE | {stage, check: [RULE, ...]}]
 * </pre>
 *
 * Chat ({@code protocol: chat}, or {@code ws-chat} over its WebSocket) is fan-out: its stages give the total message
 * rate, {@code load.connections} the clients, {@code target.rooms} the rooms, and one request its message
 * {@code size}. {@code target.path} is the WebSocket's, for {@code ws} ({@code /echo}) and {@code ws-chat}
 * ({@code /chat}). Stateless.
 */
public final class ScenarioReader {

    /** Chat's own default port and the longest message its server's default line limit takes. */
    static final int CHAT_PORT = 6667;
    static final int CHAT_MAX_MESSAGE = 3_900;

    static final Set<String> TOP = Set.of("name", "target", "load", "stages", "requests", "variables",
            "thresholds");
    static final Set<String> TARGET = Set.of("protocol", "host", "port", "path", "keepalive", "rooms", "tls",
            "insecure", "ca", "sni");
    /** The WebSocket targets' default paths: the echo's and the browser chat's. */
    static final Map<String, String> WS_PATHS = Map.of("ws", "/echo", "ws-chat", "/chat");
    /** The ports the servers take over TLS when none is given (HTTP's and IRC's TLS ports). */
    static final int HTTPS_PORT = 8443;
    static final int HTTP_PORT = 8080;
    static final int CHAT_TLS_PORT = 6697;
    static final Set<String> LOAD = Set.of("threads", "connections", "timeout", "think", "churn");
    static final Set<String> STAGE = Set.of("name", "duration", "connections", "rate", "from");
    static final Set<String> VARIABLE = Set.of("from", "to", "csv", "column");
    static final Set<String> THRESHOLD_GROUP = Set.of("stage", "check");

    private ScenarioReader() {
    }

    public static Scenario read(Path file) throws ScenarioException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir);
    }

    /** {@code dir} is where relative CSV paths start. */
    static Scenario parse(String text, String file, Path dir) throws ScenarioException {
        Fields top = new Fields(file, "", YamlTree.parse(text, file), TOP);
        String name = top.string("name", baseName(file));

        Fields target = top.fields("target", TARGET);
        String protocolName = target.string("protocol");
        Map<String, ScenarioProtocol> known = Protocols.all();
        boolean chat = protocolName.equals("chat") || protocolName.equals("ws-chat");
        ScenarioProtocol protocol = known.get(protocolName);
        if (protocol == null && !chat) {
            known = new java.util.TreeMap<>(known);
            known.put("chat", null);
            known.put("ws-chat", null);
            String hint = io.wharf.core.config.Spelling.closest(protocolName, known.keySet())
                    .map(c -> " (did you mean '" + c + "'?)").orElse("");
            throw target.error("protocol", "unknown protocol '" + protocolName + "'" + hint + ": one of "
                    + String.join(", ", known.keySet()));
        }
        String host = target.string("host", "127.0.0.1");
        ClientTls tls = tls(target, dir);
        String wsPath = wsPath(target, protocolName);
        int defaultPort = protocolName.equals("chat") ? (tls.on() ? CHAT_TLS_PORT : CHAT_PORT)
                : protocolName.equals("ws-chat") ? (tls.on() ? HTTPS_PORT : HTTP_PORT)
                : tls.on() && (protocolName.equals("http") || protocolName.equals("ws")) ? HTTPS_PORT
                : protocol.defaultPort();
        int port = (int) target.integer("port", 1, 65_535, defaultPort);
        boolean keepAlive = target.bool("keepalive", true);
        if (chat && target.has("keepalive")) {
            throw target.error("keepalive", "chat clients stay connected; keepalive is for request/reply targets");
        }
        if (!chat && target.has("rooms")) {
            throw target.error("rooms", "rooms are chat's (protocol: chat or ws-chat)");
        }

        Fields load = top.optionalFields("load", LOAD).orElse(null);
        int threads = load == null ? 1 : (int) load.integer("threads", 1, 256, 1);
        Duration timeout = load == null ? Duration.ofSeconds(5) : positive(load, "timeout", Duration.ofSeconds(5));
        Duration think = load == null ? Duration.ZERO : load.duration("think", Duration.ZERO);
        int churn = load == null ? 0 : (int) load.integer("churn", 0, Integer.MAX_VALUE, 0);

        LoadCurve curve = stages(top);
        if (chat) {
            return chat(file, name, protocolName, wsPath, target, load, top, curve, host, port, threads, timeout,
                    think, churn).withTls(tls);
        }
        int connections;
        if (curve.mode() == LoadCurve.Mode.RATE) {
            connections = load == null ? 100 : (int) load.integer("connections", 1, 1_000_000, 100);
            if (!think.isZero()) {
                throw load.error("think", "think time is for stages of connections (closed loop); under a rate "
                        + "the timetable decides when each request goes");
            }
        } else {
            if (load != null && load.has("connections")) {
                throw load.error("connections", "the stages give the connections; load.connections is the pool "
                        + "for stages of rate");
            }
            connections = Math.max(1, (int) Math.ceil(curve.peak()));
        }

        Variables vars = top.has("variables") ? variables(top.fields("variables", Fields.ANY), dir) : Variables.NONE;
        // with sni, HTTP's Host header names the virtual host the certificate is asked for
        ScenarioProtocol.Context context = new ScenarioProtocol.Context(tls.serverName(host), port, keepAlive, vars,
                connections, wsPath.isEmpty() ? "/" : wsPath);
        List<String> described = new ArrayList<>();
        LoadTarget mix = requests(top, protocol, context, described);
        List<Threshold> thresholds = top.has("thresholds") ? thresholds(top, curve) : List.of();
        return new Scenario(file, name, protocolName, host, port, keepAlive, threads, connections, timeout, think,
                churn, curve, new Scenario.Requests(mix), described, thresholds, tls);
    }

    /**
     * {@code target.tls: true}, with {@code insecure} (any certificate), {@code ca} (a PEM file, relative to the
     * scenario's folder) and {@code sni}, as {@code wharf load --tls --insecure --ca --sni}.
     */
    private static ClientTls tls(Fields target, Path dir) throws ScenarioException {
        if (!target.bool("tls", false)) {
            for (String key : List.of("insecure", "ca", "sni")) {
                if (target.has(key)) {
                    throw target.error(key, key + " is a TLS setting: add tls: true");
                }
            }
            return ClientTls.off();
        }
        boolean insecure = target.bool("insecure", false);
        Path ca = null;
        if (target.has("ca")) {
            if (insecure) {
                throw target.error("ca", "insecure: true trusts any certificate; give ca or insecure, not both");
            }
            ca = dir == null ? Path.of(target.string("ca")) : dir.resolve(target.string("ca"));
        }
        String sni = target.has("sni") ? target.string("sni") : null;
        try {
            return ClientTls.of(insecure, ca, sni);
        } catch (IllegalArgumentException e) {
            throw target.error(ca != null && e.getMessage().startsWith("--ca") ? "ca" : "sni",
                    e.getMessage().replaceFirst("^--(ca|sni): ", ""));
        }
    }

    /** The chat scenario: stages of messages/s in all, clients, rooms, one message size. */
    private static Scenario chat(String file, String name, String protocol, String wsPath, Fields target,
                                 Fields load, Fields top, LoadCurve curve, String host, int port, int threads,
                                 Duration timeout, Duration think, int churn) throws ScenarioException {
        if (curve.mode() != LoadCurve.Mode.RATE) {
            throw top.list("stages", STAGE).get(0).error("connections", "chat stages give rate (messages/s from "
                    + "all clients together); load.connections is the clients");
        }
        if (!think.isZero() || churn != 0) {
            throw load.error(!think.isZero() ? "think" : "churn", "chat clients send on their own timetable and "
                    + "stay connected: no think time or churn");
        }
        int clients = load == null ? 100 : (int) load.integer("connections", 1, 1_000_000, 100);
        int rooms = (int) target.integer("rooms", 1, clients, Math.min(10, clients));
        int size = 64;
        if (top.has("requests")) {
            List<Fields> requests = top.list("requests", Set.of("size"));
            if (requests.size() > 1) {
                throw requests.get(1).error("size", "chat sends one message size: give one request");
            }
            size = (int) requests.get(0).integer("size", 1, CHAT_MAX_MESSAGE, 64);
        }
        if (top.has("variables")) {
            throw top.error("variables", "chat messages carry no variables (they are for http requests)");
        }
        List<Threshold> thresholds = top.has("thresholds") ? thresholds(top, curve) : List.of();
        Scenario s = new Scenario(file, name, protocol, host, port, false, threads, clients, timeout, Duration.ZERO, 0,
                curve, new Scenario.Chat(rooms, size, wsPath), List.of("chat messages of " + size + " bytes"),
                thresholds);
        try {
            ScenarioRun.chatSpec(s, (Scenario.Chat) s.driver());
        } catch (IllegalArgumentException e) {
            throw (load == null ? target : load).error(load == null ? "rooms" : "connections", e.getMessage());
        }
        return s;
    }

    /** {@code target.path}: the WebSocket's, for ws and ws-chat only (their default when absent); else empty. */
    private static String wsPath(Fields target, String protocol) throws ScenarioException {
        String otherwise = WS_PATHS.get(protocol);
        if (otherwise == null) {
            if (target.has("path")) {
                throw target.error("path", "path is the WebSocket's (protocol: ws or ws-chat)"
                        + (protocol.equals("http") ? "; http paths go in requests" : ""));
            }
            return "";
        }
        String path = target.string("path", otherwise);
        if (!path.startsWith("/") || path.chars().anyMatch(ch -> ch <= ' ' || ch >= 0x7f)) {
            throw target.error("path", "must start with / and hold no spaces or control characters: " + path);
        }
        return path;
    }

    private static LoadCurve stages(Fields top) throws ScenarioException {
        List<Fields> stages = top.list("stages", STAGE);
        List<LoadCurve.Stage> out = new ArrayList<>();
        LoadCurve.Mode mode = null;
        Set<String> names = new HashSet<>();
        double previous = -1;
        for (int i = 0; i < stages.size(); i++) {
            Fields s = stages.get(i);
            boolean c = s.has("connections");
            boolean r = s.has("rate");
            if (c == r) {
                throw s.missing(c ? "rate" : "connections", c ? "give connections or rate, not both"
                        : "give connections (closed loop) or rate (requests/s in total, open loop)");
            }
            LoadCurve.Mode m = c ? LoadCurve.Mode.CONNECTIONS : LoadCurve.Mode.RATE;
            String key = c ? "connections" : "rate";
            if (mode != null && m != mode) {
                throw s.error(key, "every stage gives " + (mode == LoadCurve.Mode.RATE ? "rate" : "connections")
                        + " as the first does: one run is either closed loop or open loop");
            }
            mode = m;
            double to = c ? s.integer(key, 0, 1_000_000) : s.number(key, 0);
            double from = s.has("from") ? (c ? s.integer("from", 0, 1_000_000) : s.number("from", 0))
                    : previous >= 0 ? previous : to;
            Duration d = positive(s, "duration", null);
            String name = s.string("name", "stage " + (i + 1));
            if (!names.add(name)) {
                throw s.error("name", "two stages are named '" + name + "'");
            }
            out.add(new LoadCurve.Stage(name, d.toNanos(), from, to));
            previous = to;
        }
        LoadCurve curve = new LoadCurve(mode, out);
        if (curve.peak() <= 0) {
            throw stages.get(0).error(mode == LoadCurve.Mode.RATE ? "rate" : "connections",
                    "every stage is at 0: nothing would be sent");
        }
        return curve;
    }

    private static Duration positive(Fields f, String key, Duration otherwise) throws ScenarioException {
        if (!f.has(key)) {
            if (otherwise == null) {
                throw f.missing(key, "how long, e.g. 30s");
            }
            return otherwise;
        }
        Duration d = f.duration(key);
        if (d.isZero()) {
            throw f.error(key, "must be more than 0");
        }
        return d;
    }

    private static Variables variables(Fields vars, Path dir) throws ScenarioException {
        Map<String, TableVariables.Source> sources = new LinkedHashMap<>();
        for (String name : vars.keys()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw vars.error(name, "a variable name is letters, digits and _ (used as ${" + name + "})");
            }
            Fields v = vars.fields(name, VARIABLE);
            if (v.has("csv")) {
                for (String k : List.of("from", "to")) {
                    if (v.has(k)) {
                        throw v.error(k, "a variable is a range (from, to) or a CSV column (csv, column), not both");
                    }
                }
                Path csv = dir == null ? Path.of(v.string("csv")) : dir.resolve(v.string("csv"));
                try {
                    sources.put(name, new TableVariables.Column(CsvColumns.read(csv, v.string("column", name))));
                } catch (IllegalArgumentException e) {
                    throw v.error("csv", e.getMessage());
                }
            } else {
                if (v.has("column")) {
                    throw v.error("column", "a column is of a CSV file: give csv too");
                }
                long from = v.integer("from", Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
                long to = v.integer("to", Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
                if (to < from) {
                    throw v.error("to", "must be at least from (" + from + "), not " + to);
                }
                sources.put(name, new TableVariables.Range(from, to));
            }
        }
        return new TableVariables(sources);
    }

    private static LoadTarget requests(Fields top, ScenarioProtocol protocol, ScenarioProtocol.Context context,
                                       List<String> described) throws ScenarioException {
        if (!top.has("requests")) {
            described.add("the " + protocol.name() + " default");
            return protocol.request(new Fields(top.file(), "requests",
                    new Node.Mapping(top.line("requests"), Map.of(), Map.of()), Set.of()), context);
        }
        Set<String> keys = new LinkedHashSet<>(protocol.requestKeys());
        keys.add("weight");
        List<LoadTarget> targets = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (Fields r : top.list("requests", keys)) {
            double w = r.has("weight") ? r.number("weight", 0) : 1;
            if (w <= 0) {
                throw r.error("weight", "must be more than 0");
            }
            targets.add(protocol.request(r, context));
            weights.add(w);
            described.add(describe(r));
        }
        return MixTarget.of(targets, weights);
    }

    private static String describe(Fields r) throws ScenarioException {
        StringBuilder b = new StringBuilder();
        for (String k : r.keys()) {
            if (!k.equals("headers")) {
                b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(r.string(k));
            }
        }
        return b.toString();
    }

    private static List<Threshold> thresholds(Fields top, LoadCurve curve) throws ScenarioException {
        List<Threshold> out = new ArrayList<>();
        Set<String> stageNames = new HashSet<>();
        curve.stages().forEach(s -> stageNames.add(s.name()));
        for (Fields.Scalar rule : top.scalarsOrGroups("thresholds")) {
            if (rule.text() != null) {
                out.add(threshold(top, rule, null));
            }
        }
        for (Fields group : top.groups("thresholds", THRESHOLD_GROUP)) {
            String stage = group.string("stage");
            if (!stageNames.contains(stage)) {
                throw group.error("stage", "no stage is named '" + stage + "' (stages: "
                        + String.join(", ", curve.stages().stream().map(LoadCurve.Stage::name).toList()) + ")");
            }
            for (Fields.Scalar rule : group.scalars("check")) {
                out.add(threshold(group, rule, stage));
            }
        }
        return out;
    }

    private static Threshold threshold(Fields where, Fields.Scalar rule, String stage) throws ScenarioException {
        try {
            return Threshold.parse(rule.text(), stage, rule.line());
        } catch (IllegalArgumentException e) {
            throw where.errorAt(rule.line(), stage == null ? "thresholds" : "check", e.getMessage());
        }
    }

    private static String baseName(String file) {
        String n = Path.of(file).getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
