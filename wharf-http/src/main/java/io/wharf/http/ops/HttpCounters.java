package io.wharf.http.ops;

import io.wharf.core.stats.ProtocolCounters;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP counters of one server, the one place the request handler reports a finished request
 * ({@link #record}); {@code /stats} ({@link HealthAndStats}) and {@code /metrics} ({@link HttpMetrics}) read
 * them. Counting costs a few {@link LongAdder} increments and nothing more, whether or not anything reads.
 *
 * <p>Label sets stay bounded whatever clients send: methods other than the standard ones count as
 * {@code OTHER}, a status outside 100-599 as 500, and hosts past the first {@value #MAX_HOSTS} distinct ones as
 * {@value #OTHER_HOST}. Pass the virtual host's configured name, not the raw Host header.
 *
 * <p>Under prefork each worker reports {@link #export()} to the master, which sums every worker's; a worker's
 * {@code /stats} and {@code /metrics} then read {@link #of(Map)} of the sum, the whole server's.
 *
 * <p>Threading: safe from any thread; readers see each counter's current value, not one atomic picture.
 */
public final class HttpCounters implements ProtocolCounters {

    static final int MAX_HOSTS = 64;
    static final String OTHER_HOST = "other";
    static final String OTHER_METHOD = "OTHER";
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
        "TRACE", "CONNECT", OTHER_METHOD};
    /** Upper bounds of the duration buckets, in seconds; a static-file server answers in well under 1 ms. */
    static final double[] DURATION_BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
        0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final LongAdder requests = new LongAdder();
    private final LongAdder[] byClass = adders(5);
    private final LongAdder bytesSent = new LongAdder();
    /** Index: method * 500 + (status - 100). Created on first use: most pairs never occur. */
    private final AtomicReferenceArray<LongAdder> byMethodStatus = new AtomicReferenceArray<>(METHODS.length * 500);
    private final ConcurrentHashMap<String, LongAdder> byHost = new ConcurrentHashMap<>();
    private final long[] boundNanos = new long[DURATION_BOUNDS.length];
    private final LongAdder[] durationBuckets = adders(DURATION_BOUNDS.length + 1);
    private final LongAdder durationNanos = new LongAdder();

    public HttpCounters() {
        for (int i = 0; i < DURATION_BOUNDS.length; i++) {
            boundNanos[i] = Math.round(DURATION_BOUNDS[i] * 1e9);
        }
    }

    /**
     * One finished request.
     *
     * @param host           the virtual host that served it (its configured name), or empty
     * @param bytesSent      response bytes sent, head and body
     * @param durationNanos  from the first byte of the request to the last byte of the response handed over
     */
    public void record(String method, int status, String host, long bytesSent, long durationNanos) {
        int s = status < 100 || status > 599 ? 500 : status;
        requests.increment();
        byClass[s / 100 - 1].increment();
        this.bytesSent.add(bytesSent);
        methodStatusCounter(methodIndex(method) * 500 + (s - 100)).increment();
        if (host != null && !host.isEmpty()) {
            hostCounter(host).increment();
        }
        int b = 0;
        while (b < boundNanos.length && durationNanos > boundNanos[b]) {
            b++;
        }
        durationBuckets[b].increment();
        this.durationNanos.add(Math.max(0, durationNanos));
    }

    /**
     * Every counter by a flat name: {@code http.requests}, {@code http.bytes_sent}, {@code http.class.2xx},
     * {@code http.host.NAME}, {@code http.status.GET.200}, {@code http.duration.I} (bucket I of
     * {@link #DURATION_BOUNDS}, the last for slower) and {@code http.duration_nanos}.
     */
    @Override
    public Map<String, Long> export() {
        Map<String, Long> out = new TreeMap<>();
        out.put("http.requests", requests());
        out.put("http.bytes_sent", bytesSent());
        byStatusClass().forEach((c, n) -> out.put("http.class." + c, n));
        byHost().forEach((h, n) -> out.put("http.host." + h, n));
        forEachMethodStatus((m, status, n) -> out.put("http.status." + m + "." + status, n));
        for (int i = 0; i < durationBuckets.length; i++) {
            out.put("http.duration." + i, durationBuckets[i].sum());
        }
        out.put("http.duration_nanos", durationNanos.sum());
        return out;
    }

    /** Counters holding {@code exported} (an {@link #export()}, or a sum of several); unknown names are skipped. */
    public static HttpCounters of(Map<String, Long> exported) {
        HttpCounters c = new HttpCounters();
        exported.forEach((name, n) -> c.add(name, n));
        return c;
    }

    private void add(String name, long n) {
        String[] p = name.split("\\.", 4);
        if (p.length < 2 || !p[0].equals("http")) {
            return;
        }
        try {
            switch (p[1]) {
                case "requests" -> requests.add(n);
                case "bytes_sent" -> bytesSent.add(n);
                case "duration_nanos" -> durationNanos.add(n);
                case "class" -> byClass[Integer.parseInt(p[2].substring(0, 1)) - 1].add(n);
                case "host" -> counter(byHost, name.substring("http.host.".length())).add(n);
                case "status" -> methodStatusCounter(methodIndex(p[2]) * 500 + (Integer.parseInt(p[3]) - 100)).add(n);
                case "duration" -> durationBuckets[Integer.parseInt(p[2])].add(n);
                default -> { }
            }
        } catch (RuntimeException malformed) {
            // a name from another version: skipped
        }
    }

    public long requests() {
        return requests.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    /** Requests by status class: {@code 1xx} to {@code 5xx}, all five present. */
    public Map<String, Long> byStatusClass() {
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < byClass.length; i++) {
            out.put((i + 1) + "xx", byClass[i].sum());
        }
        return out;
    }

    /** Requests by virtual host, sorted by name. */
    public Map<String, Long> byHost() {
        Map<String, Long> out = new TreeMap<>();
        byHost.forEach((h, n) -> out.put(h, n.sum()));
        return out;
    }

    /** Requests by method and status, for each pair seen so far, in method then status order. */
    public void forEachMethodStatus(MethodStatusConsumer consumer) {
        for (int i = 0; i < byMethodStatus.length(); i++) {
            LongAdder n = byMethodStatus.get(i);
            if (n != null) {
                consumer.accept(METHODS[i / 500], i % 500 + 100, n.sum());
            }
        }
    }

    /** Receives one (method, status, count) of {@link #forEachMethodStatus}. */
    @FunctionalInterface
    public interface MethodStatusConsumer {
        void accept(String method, int status, long count);
    }

    /**
     * Request durations: count per bucket of {@link #DURATION_BOUNDS} (not cumulative), the last for slower
     * ones, and the sum.
     */
    public DurationSnapshot durations() {
        long[] counts = new long[durationBuckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = durationBuckets[i].sum();
        }
        return new DurationSnapshot(DURATION_BOUNDS.clone(), counts, durationNanos.sum() / 1e9);
    }

    /** @param counts per bucket, one longer than {@code upperBounds} (the last is +Inf) */
    public record DurationSnapshot(double[] upperBounds, long[] counts, double sumSeconds) {

        public long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }
    }

    /** Keys are lower case, so a host already in lower case (the usual one) is found without folding it. */
    private LongAdder hostCounter(String host) {
        LongAdder n = byHost.get(host);
        if (n != null) {
            return n;
        }
        host = host.toLowerCase(Locale.ROOT);
        n = byHost.get(host);
        if (n != null) {
            return n;
        }
        // Racing threads may overshoot the cap by a few entries; the set stays bounded.
        return byHost.size() >= MAX_HOSTS ? counter(byHost, OTHER_HOST) : counter(byHost, host);
    }

    private LongAdder methodStatusCounter(int i) {
        LongAdder n = byMethodStatus.get(i);
        if (n == null) {
            byMethodStatus.compareAndSet(i, null, new LongAdder());
            n = byMethodStatus.get(i);
        }
        return n;
    }

    private static <K> LongAdder counter(ConcurrentHashMap<K, LongAdder> map, K key) {
        LongAdder n = map.get(key);
        return n != null ? n : map.computeIfAbsent(key, k -> new LongAdder());
    }

    private static int methodIndex(String method) {
        for (int i = 0; i < METHODS.length - 1; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return METHODS.length - 1;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
