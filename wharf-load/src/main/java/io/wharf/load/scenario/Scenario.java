package io.wharf.load.scenario;

import io.wharf.load.ClientTls;
import io.wharf.load.LoadCurve;
import io.wharf.load.LoadTarget;
import java.time.Duration;
import java.util.List;

/**
 * A scenario file, read and checked ({@link ScenarioReader}): where to send, the stages the load follows, what
 * drives it (a mix of requests, already a {@link LoadTarget}, or chat), think time, churn, and the thresholds that
 * decide the exit code, and how it speaks TLS ({@link ClientTls#off()} for plain TCP).
 * {@code connections} is how many connections the run opens at most (a curve of connections: its peak; a curve of
 * rates: the pool that carries it). Immutable.
 */
public record Scenario(String file, String name, String protocol, String host, int port, boolean keepAlive,
                       int threads, int connections, Duration timeout, Duration think, int churn,
                       LoadCurve curve, Driver driver, List<String> requests, List<Threshold> thresholds,
                       ClientTls tls) {

    /** Over plain TCP. */
    public Scenario(String file, String name, String protocol, String host, int port, boolean keepAlive, int threads,
                    int connections, Duration timeout, Duration think, int churn, LoadCurve curve, Driver driver,
                    List<String> requests, List<Threshold> thresholds) {
        this(file, name, protocol, host, port, keepAlive, threads, connections, timeout, think, churn, curve, driver,
                requests, thresholds, ClientTls.off());
    }

    public Scenario withTls(ClientTls t) {
        return new Scenario(file, name, protocol, host, port, keepAlive, threads, connections, timeout, think, churn,
                curve, driver, requests, thresholds, t);
    }

    /** What sends the load: the request/reply generator with a target, or chat's fan-out driver. */
    public sealed interface Driver {
    }

    /** Request and reply: each connection keeps one of {@code target}'s requests in flight. */
    public record Requests(LoadTarget target) implements Driver {
    }

    /**
     * Chat: the connections are clients spread over {@code rooms}, each message {@code messageSize} bytes; over
     * the text lines when {@code wsPath} is empty, else over the chat's WebSocket at that path (JSON messages).
     */
    public record Chat(int rooms, int messageSize, String wsPath) implements Driver {

        /** Over the text lines. */
        public Chat(int rooms, int messageSize) {
            this(rooms, messageSize, "");
        }
    }

    public Scenario {
        requests = List.copyOf(requests);
        thresholds = List.copyOf(thresholds);
        java.util.Objects.requireNonNull(tls, "tls");
    }

    /** One line saying what runs: {@code http 127.0.0.1:8080, 4 stages over 45 s, rate up to 15,000/s, ...}. */
    public String summary() {
        String load = driver instanceof Chat chat
                ? String.format(java.util.Locale.ROOT, "up to %,.0f messages/s in all from %,d clients in %d rooms",
                        curve.peak(), connections, chat.rooms())
                : curve.mode() == LoadCurve.Mode.RATE
                ? String.format(java.util.Locale.ROOT, "rate up to %,.0f/s over %,d connections", curve.peak(),
                        connections)
                : String.format(java.util.Locale.ROOT, "up to %,d connections, closed loop", connections);
        String path = driver instanceof Chat chat ? chat.wsPath() : "";
        return name + ": " + protocol + " " + host + ":" + port + path + tls.describe() + ", " + curve.stages().size()
                + " stage"
                + (curve.stages().size() == 1 ? "" : "s") + " over " + curve.totalNanos() / 1_000_000_000.0 + " s, "
                + load + ", " + threads + " thread" + (threads == 1 ? "" : "s")
                + (think.isZero() ? "" : ", think " + think.toMillis() + " ms")
                + (churn == 0 ? "" : ", new connection every " + churn + " requests");
    }
}
