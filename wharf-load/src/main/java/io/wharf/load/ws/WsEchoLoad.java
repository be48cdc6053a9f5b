package io.wharf.load.ws;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link WsLoadSpec}: its clients spread over {@code threads} selector threads, a warm-up, the measured
 * window, then one report. Threading: {@link #run} blocks its caller until the threads are done.
 */
public final class WsEchoLoad {

    private WsEchoLoad() {
    }

    public static WsLoadReport run(WsLoadSpec spec) throws IOException, InterruptedException {
        InetSocketAddress address = new InetSocketAddress(spec.host(), spec.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve " + spec.host());
        }
        long start = System.nanoTime();
        long from = start + spec.warmup().toNanos();
        long to = from + spec.duration().toNanos();
        List<WsLoadThread> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < spec.threads(); t++) {
            int share = spec.connections() / spec.threads() + (t < spec.connections() % spec.threads() ? 1 : 0);
            WsLoadThread w = new WsLoadThread(spec, address, share, from, to);
            workers.add(w);
            threads.add(Thread.ofPlatform().name("wharf-load-ws-" + t).start(w));
        }
        for (Thread t : threads) {
            t.join();
        }
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        long trips = 0;
        long all = 0;
        long failures = 0;
        int opened = 0;
        List<String> examples = new ArrayList<>();
        for (WsLoadThread w : workers) {
            latency.add(w.latency);
            trips += w.roundTrips;
            all += w.allRoundTrips;
            failures += w.failures;
            opened += w.opened;
            w.examples.stream().limit(3L - examples.size()).forEach(examples::add);
        }
        return new WsLoadReport(spec, opened, trips, all, spec.duration().toNanos() / 1e9, latency, failures,
                examples);
    }
}
