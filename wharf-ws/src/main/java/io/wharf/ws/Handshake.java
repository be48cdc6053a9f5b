package io.wharf.ws;

import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.HttpVersion;
import io.wharf.http.spi.Answer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The opening handshake's checks (RFC 6455 section 4.2): a GET on HTTP/1.1 with {@code Upgrade: websocket},
 * {@code Connection: Upgrade}, a {@code Sec-WebSocket-Key} of 16 base64 bytes and {@code Sec-WebSocket-Version:
 * 13} (426 naming the version otherwise), an {@code Origin} the listener allows (403), and the accept key.
 * Threading: stateless.
 */
final class Handshake {

    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Handshake() {
    }

    /** True when the request asks to switch to WebSocket at all (a plain GET does not). */
    static boolean wanted(HttpRequest request) {
        return request.headers().hasToken("Upgrade", "websocket");
    }

    /** Why the request cannot be upgraded, as the answer to give; empty when it can. */
    static Optional<Answer> refusal(HttpRequest request, List<String> allowedOrigins) {
        HttpHeaders h = request.headers();
        if (!request.method().equals("GET")) {
            return Optional.of(text(405, new HttpHeaders().add("Allow", "GET"), "a WebSocket opens with GET"));
        }
        if (!wanted(request)) {
            return Optional.of(text(426, upgradeRequired(), "this is a WebSocket endpoint: send Upgrade: websocket"));
        }
        if (request.version() != HttpVersion.HTTP_1_1) {
            return Optional.of(text(400, new HttpHeaders(), "a WebSocket handshake needs HTTP/1.1"));
        }
        if (!h.hasToken("Connection", "upgrade")) {
            return Optional.of(text(400, new HttpHeaders(), "Connection: Upgrade is missing"));
        }
        List<String> versions = h.all("Sec-WebSocket-Version");
        if (versions.size() != 1 || !versions.get(0).strip().equals("13")) {
            return Optional.of(text(426, upgradeRequired(), "only Sec-WebSocket-Version 13 is supported"));
        }
        List<String> keys = h.all("Sec-WebSocket-Key");
        if (keys.size() != 1 || !validKey(keys.get(0).strip())) {
            return Optional.of(text(400, new HttpHeaders(), "Sec-WebSocket-Key must be 16 bytes in base64"));
        }
        String origin = h.get("Origin");
        if (origin != null && !originAllowed(origin.strip(), request.host(), allowedOrigins)) {
            return Optional.of(text(403, new HttpHeaders(), "origin " + origin.strip() + " is not allowed "
                    + "(ws_allowed_origins)"));
        }
        return Optional.empty();
    }

    private static HttpHeaders upgradeRequired() {
        return new HttpHeaders().add("Upgrade", "websocket").add("Connection", "Upgrade")
                .add("Sec-WebSocket-Version", "13");
    }

    static Answer.Respond text(int status, HttpHeaders headers, String body) {
        return new Answer.Respond(status, headers.add("Content-Type", "text/plain; charset=utf-8"),
                (status + " " + body + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A browser says where the page came from; with no list, only the page's own origin (same host and port
     * as the request's Host) may connect, so another site cannot open a socket with the user's cookies.
     */
    static boolean originAllowed(String origin, String host, List<String> allowed) {
        if (allowed.contains("*")) {
            return true;
        }
        String o = origin.toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(o)) {
                return true;
            }
        }
        if (!allowed.isEmpty() || host == null) {
            return false;
        }
        int scheme = o.indexOf("://");
        String authority = scheme < 0 ? o : o.substring(scheme + 3);
        String h = host.toLowerCase(Locale.ROOT);
        return authority.equals(h) || authority.equals(withDefaultPort(h, o.startsWith("https") ? 443 : 80))
                || h.equals(withDefaultPort(authority, o.startsWith("https") ? 443 : 80));
    }

    private static String withDefaultPort(String authority, int port) {
        return authority.contains(":") && !authority.endsWith("]") ? authority : authority + ":" + port;
    }

    /** {@code Sec-WebSocket-Accept}: base64 of SHA-1 of the key and the GUID. */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The first subprotocol the client offers that the endpoint speaks, or empty. */
    static String subprotocol(HttpHeaders h, List<String> supported) {
        for (String v : h.all("Sec-WebSocket-Protocol")) {
            for (String p : v.split(",")) {
                String t = p.strip();
                if (supported.contains(t)) {
                    return t;
                }
            }
        }
        return "";
    }
}
