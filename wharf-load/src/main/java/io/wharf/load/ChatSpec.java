package io.wharf.load;

import java.time.Duration;
import java.util.Objects;

/**
 * One chat load run's parameters; immutable. {@code clients} connections join {@code rooms} rooms (client
 * {@code i} joins room {@code i % rooms}); once all have joined, each sends {@code rate} messages per second
 * on its own timetable for {@code warmup} plus {@code duration}. {@code messageSize} is the text of one
 * message in bytes (at least the sender id, sequence number and send time it carries); {@code timeout}
 * bounds each connect and join, and how long deliveries are waited for after the last send; {@code tls} is how
 * the clients speak TLS ({@link ClientTls#off()} for plain TCP); {@code wsPath} is empty for the chat's text lines,
 * or the path of its WebSocket ({@code /chat}) for its JSON messages there, the same plan over another wire.
 */
public record ChatSpec(String host, int port, int clients, int rooms, double rate, int threads,
                       Duration duration, Duration warmup, int messageSize, Duration timeout, ClientTls tls,
                       String wsPath) {

    /** The text lines, over {@code tls}. */
    public ChatSpec(String host, int port, int clients, int rooms, double rate, int threads, Duration duration,
                    Duration warmup, int messageSize, Duration timeout, ClientTls tls) {
        this(host, port, clients, rooms, rate, threads, duration, warmup, messageSize, timeout, tls, "");
    }

    /** Over plain TCP. */
    public ChatSpec(String host, int port, int clients, int rooms, double rate, int threads, Duration duration,
                    Duration warmup, int messageSize, Duration timeout) {
        this(host, port, clients, rooms, rate, threads, duration, warmup, messageSize, timeout, ClientTls.off(), "");
    }

    /** The server's default line limit is 4 KiB; a chat line adds the time, room and nick to the text. */
    static final int MAX_MESSAGE = 3_900;
    /** Each receiver keeps a little state per sender of its room: clients × members is bounded. */
    static final long MAX_PAIRS = 50_000_000L;

    public ChatSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(wsPath, "wsPath");
        check(wsPath.isEmpty() || wsPath.startsWith("/"), "the WebSocket path must start with /, not '" + wsPath + "'");
        check(port >= 1 && port <= 65_535, "port must be 1-65535, not " + port);
        check(clients >= 1, "clients must be at least 1, not " + clients);
        check(rooms >= 1 && rooms <= clients, "rooms must be 1 to the number of clients (" + clients + "), not "
                + rooms);
        check(rate > 0 && Double.isFinite(rate) && rate <= 1_000_000,
                "rate must be a positive number of messages per second per client");
        check(threads >= 1, "threads must be at least 1, not " + threads);
        check(!duration.isNegative() && !duration.isZero(), "duration must be positive");
        check(!warmup.isNegative(), "warm-up must not be negative");
        check(messageSize >= 1 && messageSize <= MAX_MESSAGE, "message size must be 1-" + MAX_MESSAGE + " bytes, not "
                + messageSize);
        check(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
        check((long) clients * members(0, clients, rooms) <= MAX_PAIRS, clients + " clients in " + rooms
                + " room(s) is too many per room: use more rooms");
    }

    public static ChatSpec of(String host, int port) {
        return new ChatSpec(host, port, 1_000, 10, 1, 1, Duration.ofSeconds(10), Duration.ofSeconds(1), 64,
                Duration.ofSeconds(5));
    }

    public ChatSpec withClients(int c, int r) {
        return new ChatSpec(host, port, c, r, rate, threads, duration, warmup, messageSize, timeout, tls, wsPath);
    }

    public ChatSpec withRate(double perClient) {
        return new ChatSpec(host, port, clients, rooms, perClient, threads, duration, warmup, messageSize, timeout,
                tls, wsPath);
    }

    public ChatSpec withTimes(Duration d, Duration w) {
        return new ChatSpec(host, port, clients, rooms, rate, threads, d, w, messageSize, timeout, tls, wsPath);
    }

    public ChatSpec withThreads(int t) {
        return new ChatSpec(host, port, clients, rooms, rate, t, duration, warmup, messageSize, timeout, tls, wsPath);
    }

    public ChatSpec withTls(ClientTls t) {
        return new ChatSpec(host, port, clients, rooms, rate, threads, duration, warmup, messageSize, timeout, t, wsPath);
    }

    /** The same run over the chat's WebSocket at {@code path} (JSON messages) instead of its text lines. */
    public ChatSpec withWebSocket(String path) {
        return new ChatSpec(host, port, clients, rooms, rate, threads, duration, warmup, messageSize, timeout, tls, path);
    }

    /** Over the chat's WebSocket rather than its text lines. */
    public boolean webSocket() {
        return !wsPath.isEmpty();
    }

    /** More threads than clients would leave threads idle. */
    public int effectiveThreads() {
        return Math.min(threads, clients);
    }

    /** Members of room {@code room}: clients {@code room}, {@code room + rooms}, ... */
    public int members(int room) {
        return members(room, clients, rooms);
    }

    private static int members(int room, int clients, int rooms) {
        return (clients - room + rooms - 1) / rooms;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
