package io.wharf.http.server;

import io.wharf.http.HttpRequest;
import io.wharf.http.ops.AccessLog;
import io.wharf.http.ops.AccessRecord;
import io.wharf.http.ops.HttpCounters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

/**
 * What {@link HttpService} does with every answered exchange: counts it, ends its span and writes its access log
 * line; nothing of a rehearsal (a {@code process}-model spare's warm-up), which no client sent.
 *
 * <p>Threading: one per server, shared by every connection; thread-safe (the counters and the access log are).
 * {@link #record} runs on the connection's thread, {@link #close} once at shutdown.
 */
final class ExchangeRecorder {

    private final HttpCounters counters;
    private final AccessLog accessLog;

    /** Opens {@code file}, the access log ({@code off} or blank for none), one JSON object a line when {@code json}. */
    ExchangeRecorder(HttpCounters counters, String file, boolean json) {
        this.counters = counters;
        this.accessLog = openAccessLog(file, json);
    }

    /** Counts and logs an answered exchange; nothing of a rehearsal (a spare's warm-up), which no client sent. */
    void record(Exchange exchange) {
        if (exchange.connection().rehearsal()) {
            return;
        }
        HttpRequest r = exchange.request();
        String h = r.host(); // an absolute-form target's authority wins over Host, as in routing
        String host = h == null ? "-" : VirtualHosts.hostName(h);
        counters.record(r.method(), exchange.status(), host, exchange.bodyBytes(), exchange.elapsedNanos());
        io.opentelemetry.api.trace.Span span = exchange.span();
        if (span != null) {
            HttpSpans.end(exchange);
        }
        if (accessLog.enabled()) {
            AccessRecord line = AccessRecord.of(exchange.connection().remoteAddress().getAddress().getHostAddress(),
                    exchange.user(), Instant.now(), r, exchange.status(), exchange.bodyBytes());
            if (span != null && span.getSpanContext().isValid()) {
                line = line.traced(span.getSpanContext().getTraceId(), span.getSpanContext().getSpanId());
            }
            accessLog.log(line);
        }
    }

    void close() {
        accessLog.close();
    }

    private static AccessLog openAccessLog(String file, boolean json) {
        if (file == null || file.isBlank() || file.toLowerCase(Locale.ROOT).equals("off")) {
            return AccessLog.off();
        }
        io.wharf.core.config.WritableFile.refusal(HttpKeys.ACCESS_LOG, file).ifPresent(why -> {
            throw new UncheckedIOException(why, new IOException(why));
        });
        try {
            return AccessLog.open(java.nio.file.Path.of(file), json);
        } catch (IOException e) {
            throw new UncheckedIOException("[logging] access_log: cannot open " + file + ": " + e.getMessage(), e);
        }
    }
}
