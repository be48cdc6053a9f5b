package io.wharf.load.kv;

import io.wharf.load.ClientTls;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a Redis-protocol server with a GET/SET mix: each connection, on its own virtual thread, sends
 * {@code pipeline} commands, then reads their replies. Closed loop: the next batch goes as soon as the replies
 * are in. Open loop ({@code rate}): batches are due at a fixed interval per connection, and a command's latency
 * counts from when its batch was due, not when it went (wrk2's correction for coordinated omission), so a
 * stall shows up in the high percentiles instead of slowing the load down quietly.
 *
 * <p>Over TLS ({@link KvLoadSpec#tls}) each connection is a blocking {@code SSLSocket} from the same
 * {@link ClientTls} the non-blocking targets use; its handshake is done before the first batch and not timed.
 *
 * <p>Latencies go into an HdrHistogram {@link Recorder} (microseconds); error replies and broken connections
 * are counted as failures.
 *
 * <p>Threading: {@link #run} starts one virtual thread per connection and waits for them; the counters are
 * atomic, the recorder is thread-safe.
 */
public final class KvLoad {

    private final KvLoadSpec spec;
    private final Recorder recorder = new Recorder(3_600_000_000L, 3);
    private final AtomicLong sets = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong firstError = new AtomicLong();
    private volatile String error;
    private volatile boolean measuring;
    private volatile boolean stop;

    private KvLoad(KvLoadSpec spec) {
        this.spec = spec;
    }

    /** Runs the load; throws when the server cannot be reached at all. */
    public static KvLoadReport run(KvLoadSpec spec) throws IOException, InterruptedException {
        InetSocketAddress address = new InetSocketAddress(spec.host(), spec.port());
        try {
            ClientTls.off().connect(address, spec.host(), (int) spec.timeout().toMillis()).close();
        } catch (IOException e) {
            throw new IOException("cannot connect to " + spec.host() + ":" + spec.port() + ": " + e.getMessage());
        }
        if (spec.tls().on()) {
            // a certificate problem is one line before the run, not a failure per connection
            spec.tls().connect(address, spec.host(), (int) spec.timeout().toMillis()).close();
        }
        return new KvLoad(spec).go();
    }

    private KvLoadReport go() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < spec.connections(); c++) {
            int id = c;
            threads.add(Thread.ofVirtual().name("kv-load-" + c).start(() -> connection(id)));
        }
        if (!spec.warmup().isZero()) {
            Thread.sleep(spec.warmup().toMillis()); // the warm-up is a span of time, not a condition
        }
        recorder.getIntervalHistogram(); // drop the warm-up's latencies
        resetCounters();
        measuring = true;
        long start = System.nanoTime();
        if (spec.requests() > 0) {
            while (issued.get() < spec.requests() && threads.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(5);
            }
        } else {
            long end = start + spec.duration().toNanos();
            for (long now = System.nanoTime(); now < end && threads.stream().anyMatch(Thread::isAlive);
                 now = System.nanoTime()) {
                Thread.sleep(Math.max(1, Math.min(100, (end - now) / 1_000_000)));
            }
        }
        long elapsed = System.nanoTime() - start;
        Histogram latency = recorder.getIntervalHistogram();
        measuring = false;
        stop = true;
        for (Thread t : threads) {
            t.join(spec.timeout().toMillis() + 1000);
        }
        return new KvLoadReport(spec, elapsed, sets.get(), gets.get(), hits.get(), failures.get(), latency, error);
    }

    private void resetCounters() {
        sets.set(0);
        gets.set(0);
        hits.set(0);
        failures.set(0);
        issued.set(0);
    }

    private void connection(int id) {
        SplittableRandom random = new SplittableRandom(id * 0x9E3779B97F4A7C15L + System.nanoTime());
        byte[] value = "x".repeat(spec.valueSize()).getBytes(StandardCharsets.US_ASCII);
        long interval = spec.openLoop() ? (long) (1e9 * spec.pipeline() * spec.connections() / spec.rate()) : 0;
        long due = System.nanoTime();
        boolean[] isGet = new boolean[spec.pipeline()];
        try (Socket socket = spec.tls().connect(new InetSocketAddress(spec.host(), spec.port()), spec.host(),
                (int) spec.timeout().toMillis())) {
            socket.setSoTimeout((int) spec.timeout().toMillis());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            RespReplyReader replies = new RespReplyReader(in);
            while (!stop) {
                if (spec.requests() > 0 && measuring && issued.addAndGet(spec.pipeline()) > spec.requests()
                        + spec.pipeline()) {
                    return;
                }
                long sent;
                if (spec.openLoop()) {
                    due += interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    sent = due;
                } else {
                    sent = System.nanoTime();
                }
                for (int i = 0; i < spec.pipeline(); i++) {
                    String key = "key:" + random.nextInt(spec.keys());
                    isGet[i] = random.nextDouble() < spec.getRatio();
                    if (isGet[i]) {
                        Resp.command(out, "GET", key.getBytes(StandardCharsets.US_ASCII));
                    } else {
                        Resp.command(out, "SET", key.getBytes(StandardCharsets.US_ASCII), value);
                    }
                }
                out.flush();
                for (int i = 0; i < spec.pipeline(); i++) {
                    RespReplyReader.Kind kind = replies.next();
                    long micros = (System.nanoTime() - sent) / 1000;
                    if (!measuring) {
                        continue;
                    }
                    recorder.recordValue(Math.max(1, micros));
                    if (kind == RespReplyReader.Kind.ERROR) {
                        failures.incrementAndGet();
                        noteError("error reply: " + replies.lastError());
                    } else if (isGet[i]) {
                        gets.incrementAndGet();
                        if (kind == RespReplyReader.Kind.BULK) {
                            hits.incrementAndGet();
                        }
                    } else {
                        sets.incrementAndGet();
                    }
                }
            }
        } catch (IOException e) {
            if (!stop) {
                failures.incrementAndGet();
                noteError("connection " + id + ": " + e.getMessage());
            }
        }
    }

    private void noteError(String text) {
        if (firstError.getAndIncrement() == 0) {
            error = text;
        }
    }

    /** RESP command encoding. */
    static final class Resp {
        private Resp() {
        }

        static void command(OutputStream out, String name, byte[]... args) throws IOException {
            header(out, '*', args.length + 1);
            bulk(out, name.getBytes(StandardCharsets.US_ASCII));
            for (byte[] a : args) {
                bulk(out, a);
            }
        }

        private static void bulk(OutputStream out, byte[] b) throws IOException {
            header(out, '$', b.length);
            out.write(b);
            out.write('\r');
            out.write('\n');
        }

        private static void header(OutputStream out, char type, int n) throws IOException {
            out.write(type);
            out.write(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
            out.write('\r');
            out.write('\n');
        }
    }
}
