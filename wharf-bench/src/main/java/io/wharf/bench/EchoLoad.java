package io.wharf.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The echo load client: {@code N} closed-loop ping-pong connections (send a message, wait for the whole echo,
 * repeat) driven by non-blocking {@code java.nio} on one thread by default. It runs in a JVM of its own, apart from
 * the server it measures: {@link EchoBench} uses {@link #run}; {@link #main} points it at any echo server.
 *
 * <p>Closed loop means a slow reply delays the next request, so throughput and latency are two views of the same
 * loop; there is no request schedule for coordinated omission to distort.
 */
public final class EchoLoad {

    private static final Set<String> OPTIONS =
            Set.of("host", "port", "connections", "size", "threads", "warmup", "duration");
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /** Told, on the thread that called {@link #run}, when the measurement window opens and closes. */
    interface Phases {
        Phases NONE = new Phases() { };

        default void measuring() {
        }

        default void measured() {
        }
    }

    private EchoLoad() {
    }

    /** Opens the connections, warms up, measures, closes everything; blocks for warm-up + duration. */
    static LoadResult run(LoadSettings settings, Phases phases) throws IOException, InterruptedException {
        List<PingPong> all = connect(settings);
        int threads = settings.effectiveThreads();
        long measureFrom = System.nanoTime() + settings.warmup().toNanos();
        long measureUntil = measureFrom + settings.duration().toNanos();
        List<LoadWorker> workers = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<PingPong> share = new ArrayList<>();
            for (int i = t; i < all.size(); i += threads) {
                share.add(all.get(i));
            }
            LoadWorker worker = new LoadWorker(share, measureFrom, measureUntil);
            workers.add(worker);
            running.add(Thread.ofPlatform().name("echo-load-" + t).start(worker));
        }
        sleepUntil(measureFrom);
        phases.measuring();
        sleepUntil(measureUntil);
        phases.measured();
        for (Thread thread : running) {
            thread.join();
        }
        return combine(workers, settings.duration());
    }

    private static List<PingPong> connect(LoadSettings settings) throws IOException {
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        List<PingPong> opened = new ArrayList<>();
        try {
            for (int i = 0; i < settings.connections(); i++) {
                SocketChannel channel = SocketChannel.open();
                opened.add(new PingPong(channel, i, settings.size()));
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.socket().connect(address, CONNECT_TIMEOUT_MILLIS);
                channel.configureBlocking(false);
            }
            return opened;
        } catch (IOException e) {
            opened.forEach(PingPong::close);
            throw new IOException("cannot open connection " + opened.size() + " of " + settings.connections()
                    + " to " + address + ": " + e.getMessage(), e);
        }
    }

    private static LoadResult combine(List<LoadWorker> workers, Duration measured) throws IOException {
        Histogram latencies = new Histogram(LoadWorker.MAX_TRACKED_NANOS, 3);
        long roundTrips = 0;
        long mismatches = 0;
        int lost = 0;
        long cpu = 0;
        for (LoadWorker w : workers) {
            if (w.failure() != null) {
                throw new IOException("load thread failed: " + w.failure().getMessage(), w.failure());
            }
            latencies.add(w.latencies());
            roundTrips += w.roundTrips();
            mismatches += w.mismatches();
            lost += w.lost();
            cpu += w.cpuNanos();
        }
        return new LoadResult(roundTrips, measured, latencies, mismatches, lost, cpu);
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** {@code EchoLoad --port P [--host H] [--connections 50] [--size 64] [--threads 1] [--warmup 3s] [--duration 10s]}. */
    public static void main(String[] argv) throws InterruptedException {
        try {
            Args args = Args.parse(argv, OPTIONS);
            if (args.help() || args.string("port", null) == null) {
                System.out.println("usage: EchoLoad --port P [--host 127.0.0.1] [--connections 50] [--size 64]"
                        + " [--threads 1] [--warmup 3s] [--duration 10s]");
                System.exit(args.help() ? 0 : 2);
            }
            LoadSettings settings = new LoadSettings(args.string("host", "127.0.0.1"), args.positiveInt("port", 0),
                    args.positiveInt("connections", 50), args.positiveInt("size", 64), args.positiveInt("threads", 1),
                    args.duration("warmup", Duration.ofSeconds(3)), args.duration("duration", Duration.ofSeconds(10)));
            LoadResult r = run(settings, Phases.NONE);
            System.out.printf("%s:%d  %d connections x %d B  %s round trips/s  p50 %s us  p99 %s us  errors %d"
                            + "  load CPU %.2f cores%n", settings.host(), settings.port(), settings.connections(),
                    settings.size(), EchoReport.count(r.roundTripsPerSecond()), EchoReport.micros(r.p50Micros()),
                    EchoReport.micros(r.p99Micros()), r.errors(), r.clientCpuCores());
            System.exit(r.errors() == 0 ? 0 : 1);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("echo-load: " + e.getMessage());
            System.exit(2);
        }
    }
}
