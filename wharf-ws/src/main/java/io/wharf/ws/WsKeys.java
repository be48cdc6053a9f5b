package io.wharf.ws;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code [websocket]} section of server.conf: the WebSocket routes every HTTP listener mounts and their
 * limits. None is live: a change takes a restart.
 */
public final class WsKeys {

    private static final String S = "websocket";

    public static final ConfigKey<String> ECHO_PATH = ConfigKey.of(S, "ws_echo_path", "/echo", false,
            "path of the WebSocket echo endpoint (tests, benchmarks); empty turns it off", WsKeys::path);
    public static final ConfigKey<String> CHAT_PATH = ConfigKey.of(S, "ws_chat_path", "", false,
            "path of the browser chat (page and WebSocket), sharing the rooms of a chat listener with the same "
                    + "[chat] database; empty turns it off", WsKeys::path);
    public static final ConfigKey<List<String>> ALLOWED_ORIGINS = ConfigKey.of(S, "ws_allowed_origins", List.of(),
            false, "Origins a browser may open a WebSocket from, comma-separated (https://chat.example); empty: "
                    + "the page's own origin only; * for any", WsKeys::origins);
    public static final ConfigKey<Long> MAX_MESSAGE = ConfigKey.size(S, "ws_max_message", 1L << 20, 125, 1L << 30,
            false, "largest message accepted, after inflating; a larger one closes with 1009");
    public static final ConfigKey<Duration> PING_INTERVAL = ConfigKey.duration(S, "ws_ping_interval",
            Duration.ofSeconds(30), false, "ping a socket silent this long; 0 turns the heartbeat off");
    public static final ConfigKey<Duration> PONG_TIMEOUT = ConfigKey.duration(S, "ws_pong_timeout",
            Duration.ofSeconds(10), false, "drop a pinged socket that sends nothing back for this long");
    public static final ConfigKey<Duration> CLOSE_TIMEOUT = ConfigKey.duration(S, "ws_close_timeout",
            Duration.ofSeconds(5), false, "how long to wait for the peer's close frame after sending ours");
    public static final ConfigKey<Boolean> DEFLATE = ConfigKey.bool(S, "ws_deflate", false, false,
            "accept permessage-deflate (RFC 7692) when a client offers it; costs zlib memory per socket");

    public static final List<ConfigKey<?>> ALL = List.of(ECHO_PATH, CHAT_PATH, ALLOWED_ORIGINS, MAX_MESSAGE,
            PING_INTERVAL, PONG_TIMEOUT, CLOSE_TIMEOUT, DEFLATE);

    private WsKeys() {
    }

    public static WsSettings settings(Config c) {
        return new WsSettings(c.get(MAX_MESSAGE), c.get(PING_INTERVAL), c.get(PONG_TIMEOUT), c.get(CLOSE_TIMEOUT));
    }

    private static String path(String raw) {
        String p = raw.strip();
        if (!p.isEmpty() && (!p.startsWith("/") || p.contains("?") || p.contains(" "))) {
            throw new IllegalArgumentException("'" + raw + "' is not a path: start it with / (e.g. /chat), "
                    + "or leave it empty to turn the route off");
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static List<String> origins(String raw) {
        List<String> out = Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
        for (String o : out) {
            if (!o.equals("*") && !o.matches("(?i)https?://[^/\\s]+")) {
                throw new IllegalArgumentException("'" + o + "' is not an origin: write scheme://host[:port], "
                        + "e.g. https://chat.example, or * for any");
            }
        }
        return out;
    }
}
