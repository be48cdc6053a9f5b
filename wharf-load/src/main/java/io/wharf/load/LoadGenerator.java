package io.wharf.load;

import org.HdrHistogram.Histogram;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs a closed-loop load: each connection sends a request, waits for the reply, checks it, and repeats until
 * the duration is over. A connection that fails is counted once by kind and not reopened.
 *
 * <p>Stand-in for the load helper's type of the same name (the contract's signature, a deliberately simple
 * blocking implementation: a virtual thread per connection, no open loop); replaced at merge.
 *
 * <p>Threading: {@link #run} blocks its caller; progress is reported from a daemon timer thread.
 */
public final class LoadGenerator {

    private final LoadSpec spec;
    private final LongAdder successes = new LongAdder();
    private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final List<Histogram> latencies = new ArrayList<>();
    private final Histogram connects = new Histogram(3);
    private final long measureFrom;
    private final long end;

    private LoadGenerator(LoadSpec spec) {
        this.spec = spec;
        for (FailureKind k : FailureKind.values()) {
            failures.put(k, new LongAdder());
        }
        measureFrom = System.nanoTime() + spec.warmup().toNanos();
        end = measureFrom + spec.duration().toNanos();
    }

    /** Runs the load and returns when done; IOException only when nothing answers at all before the run. */
    public static LoadReport run(LoadSpec spec, LoadProgress progress) throws IOException {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(spec.host(), spec.port()), (int) spec.timeout().toMillis());
        }
        return new LoadGenerator(spec).execute(progress);
    }

    private LoadReport execute(LoadProgress progress) {
        long start = System.nanoTime();
        Thread ticker = Thread.ofPlatform().daemon().name("wharf-load-progress").start(() -> tick(progress, start));
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < spec.connections(); i++) {
            Histogram h = new Histogram(3);
            latencies.add(h);
            clients.add(Thread.ofVirtual().start(() -> client(h)));
        }
        for (Thread t : clients) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ticker.interrupt();
        Histogram all = new Histogram(3);
        latencies.forEach(all::add);
        Map<FailureKind, Long> counts = new EnumMap<>(FailureKind.class);
        failures.forEach((k, v) -> {
            if (v.sum() > 0) {
                counts.put(k, v.sum());
            }
        });
        Duration measured = Duration.ofNanos(Math.max(1, Math.min(System.nanoTime(), end) - measureFrom));
        return new LoadReport(spec, successes.sum(), counts, sent.get(), received.get(), measured, all, connects,
                (int) opened.get());
    }

    private void tick(LoadProgress progress, long start) {
        long total = spec.warmup().plus(spec.duration()).toMillis();
        long last = 0;
        try {
            while (true) {
                Thread.sleep(250);
                long now = successes.sum();
                progress.update((System.nanoTime() - start) / 1_000_000, total, now, failureCount(), (now - last) * 4.0);
                last = now;
            }
        } catch (InterruptedException e) {
            // the run is over
        }
    }

    private long failureCount() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private void client(Histogram latency) {
        int timeout = (int) spec.timeout().toMillis();
        try (Socket s = new Socket()) {
            long t0 = System.nanoTime();
            s.connect(new InetSocketAddress(spec.host(), spec.port()), timeout);
            synchronized (connects) {
                connects.recordValue((System.nanoTime() - t0) / 1000);
            }
            opened.incrementAndGet();
            s.setSoTimeout(timeout);
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] request = request();
            while (System.nanoTime() < end) {
                long t = System.nanoTime();
                out.write(request);
                sent.addAndGet(request.length);
                if (!replyOk(in, request)) {
                    failures.get(FailureKind.WRONG_REPLY).increment();
                    return;
                }
                if (t >= measureFrom) {
                    successes.increment();
                    latency.recordValue((System.nanoTime() - t) / 1000);
                }
            }
        } catch (IOException e) {
            failures.get(classify(e)).increment();
        }
    }

    static FailureKind classify(IOException e) {
        if (e instanceof ConnectException) {
            return FailureKind.REFUSED;
        }
        if (e instanceof SocketTimeoutException) {
            return FailureKind.TIMEOUT;
        }
        if (e instanceof EOFException) {
            return FailureKind.CLOSED;
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return e instanceof SocketException && m.contains("reset") ? FailureKind.RESET : FailureKind.CLOSED;
    }

    private byte[] request() {
        return switch (spec.target()) {
            case HTTP -> ("GET " + spec.httpPath() + " HTTP/1.1\r\nHost: " + spec.host() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            case ECHO_LINE -> {
                byte[] b = new byte[Math.max(1, spec.messageSize())];
                Arrays.fill(b, (byte) 'x');
                b[b.length - 1] = '\n';
                yield b;
            }
            case ECHO_RAW -> {
                byte[] b = new byte[Math.max(1, spec.messageSize())];
                Arrays.fill(b, (byte) 'x');
                yield b;
            }
        };
    }

    private boolean replyOk(InputStream in, byte[] request) throws IOException {
        if (spec.target() != TargetKind.HTTP) {
            byte[] reply = in.readNBytes(request.length);
            received.addAndGet(reply.length);
            if (reply.length < request.length) {
                throw new EOFException();
            }
            return Arrays.equals(reply, request);
        }
        String status = line(in);
        long length = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Long.parseLong(h.substring(15).trim());
            }
        }
        in.skipNBytes(length);
        received.addAndGet(length);
        return status.startsWith("HTTP/1.1 2") || status.startsWith("HTTP/1.1 3");
    }

    private String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        received.addAndGet(b.length() + 2);
        return b.toString();
    }
}
