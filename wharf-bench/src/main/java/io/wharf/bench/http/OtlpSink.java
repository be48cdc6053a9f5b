package io.wharf.bench.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The traced runs' collector: an OTLP/HTTP endpoint inside the bench that reads each export whole and answers
 * 200 with an empty {@code ExportTraceServiceResponse} (zero bytes of protobuf), as a collector that accepted it
 * would. So a traced run measures making, batching and sending spans, not an exporter retrying against a port
 * nobody listens on. It costs the machine what a real collector's receiving would, and no more.
 *
 * <p>Threading: requests are served on one thread of its own; the counters are atomic.
 */
final class OtlpSink implements AutoCloseable {

    static final String PATH = "/v1/traces";

    private final HttpServer server;
    private final ExecutorService thread;
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private OtlpSink(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    static OtlpSink start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "otlp-sink");
            t.setDaemon(true);
            return t;
        });
        OtlpSink sink = new OtlpSink(server, thread);
        server.createContext(PATH, sink::accept);
        server.setExecutor(thread);
        server.start();
        return sink;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    private void accept(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            long n = in.transferTo(java.io.OutputStream.nullOutputStream());
            exports.incrementAndGet();
            bytes.addAndGet(n);
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** {@code otlp sink: 1,234 exports, 56.7 MiB of spans received}. */
    String summary() {
        return String.format(Locale.ROOT, "otlp sink (%s): %,d exports, %.1f MiB of spans received", url(),
                exports.get(), bytes.get() / 1048576.0);
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
